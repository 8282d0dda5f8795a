from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyViews(models.Model):
    """An article's views on one day (Asia/Shanghai, TIME_ZONE): a row per article and day
        with at least one view, written by the view counter (news.counter) with the total, so
        that the days of an article (views and crawler_views) add up to the hits counted since
    statistics began. What its
        total holds beyond them (older or imported hits) is its "before statistics" figure."""

    article = models.ForeignKey(
        "news.Article", on_delete=models.CASCADE, related_name="daily_views"
    )
    day = models.DateField(_("day"))
    # Hits from readers: a crawler's (readership.readers) count in crawler_views instead.
    views = models.PositiveIntegerField(_("views"), default=0)
    # Distinct readers of the day (readership.readers), by which the lists rank.
    readers = models.PositiveIntegerField(_("readers"), default=0, db_default=0)
    crawler_views = models.PositiveIntegerField(_("crawler views"), default=0, db_default=0)
    # The column the day's views count in (readership.day_columns): the article's at its
    # last hit of the day, so that the figures per column read no article. Empty until
    # known (a row written in bulk or by an older release): filled before it is read. No
    # constraint to check on each hit: a row may outlive its column.
    column = models.ForeignKey(
        "categories.Category",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        null=True,
        related_name="+",
        verbose_name=_("column"),
    )

    class Meta:
        verbose_name = _("daily views")
        verbose_name_plural = _("daily views")
        constraints = [
            # The counter's upsert adds to this row (ON CONFLICT).
            models.UniqueConstraint(fields=["article", "day"], name="daily_views_article_day")
        ]
        # The lists and the dashboard read a window of days across all articles, ranked by
        # readers. (An index-only scan on PostgreSQL: every column they read is in the index.)
        indexes = [
            models.Index(fields=["day", "article", "views", "readers"], name="daily_views_day"),
            # The rows whose column is not known yet (none, as a rule): found at once.
            models.Index(
                fields=["article"],
                condition=models.Q(column__isnull=True),
                name="daily_views_unknown_column",
            ),
        ]

    def __str__(self):
        return f"{self.article_id} {self.day}: {self.views}"


class DayFigures(models.Model):
    """What a summary of a day holds: the sum of each of these fields of the day's
    DailyViews rows (readership.summaries sums every field declared here)."""

    views = models.PositiveBigIntegerField(_("views"), default=0)

    class Meta:
        abstract = True


class SiteDay(DayFigures):
    """The whole site's figures of a day that is over (readership.summaries): its row is
    also the mark that the day's column figures (ColumnDay) are written."""

    day = models.DateField(_("day"), unique=True)

    class Meta:
        verbose_name = _("site's day")
        verbose_name_plural = _("site's days")

    def __str__(self):
        return f"{self.day}: {self.views}"


class ColumnDay(DayFigures):
    """The figures of a day that is over of the articles in one column (its own, not its
    sub-columns'): a row per column with views that day."""

    day = models.DateField(_("day"))
    column = models.ForeignKey("categories.Category", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("column's day")
        verbose_name_plural = _("column's days")
        constraints = [models.UniqueConstraint(fields=["day", "column"], name="column_day_unique")]

    def __str__(self):
        return f"{self.column_id} {self.day}: {self.views}"


class ArticleWindow(models.Model):
    """An article's readers and views over the settled days of one of the dashboard's most
    read windows (`days`: 7 or 30), those of the window ending on its WindowMark's day
    (readership.windows): a row per article read in them."""

    days = models.PositiveSmallIntegerField()
    article = models.ForeignKey("news.Article", on_delete=models.CASCADE, related_name="+")
    readers = models.PositiveBigIntegerField(default=0)
    views = models.PositiveBigIntegerField(default=0)

    class Meta:
        # Named for the admin's list of what deleting an article takes with it.
        verbose_name = _("article's most-read window")
        verbose_name_plural = _("article's most-read windows")
        default_permissions = ()  # kept by readership.windows alone
        constraints = [
            models.UniqueConstraint(fields=["days", "article"], name="article_window_unique")
        ]
        # A window's most read walked in ranking order, to the first not changed since.
        indexes = [
            models.Index(
                fields=["days", "-readers", "-views", "-article"], name="article_window_rank"
            )
        ]

    def __str__(self):
        return f"{self.days} {self.article_id}: {self.readers}"


class ColumnWindow(models.Model):
    """A column's views (its own articles') over the settled days of one of the dashboard's
    periods of views per column (`days`: 7, 30, 90 or 365), those of the period ending on its
    WindowMark's day (readership.windows): a row per column with views in them."""

    days = models.PositiveSmallIntegerField()
    column = models.ForeignKey("categories.Category", on_delete=models.CASCADE, related_name="+")
    views = models.PositiveBigIntegerField(default=0)

    class Meta:
        # Named for the admin's list of what deleting a column takes with it.
        verbose_name = _("column's period")
        verbose_name_plural = _("column's periods")
        default_permissions = ()  # kept by readership.windows alone
        constraints = [
            models.UniqueConstraint(fields=["days", "column"], name="column_window_unique")
        ]

    def __str__(self):
        return f"{self.days} {self.column_id}: {self.views}"


class WindowMark(models.Model):
    """The last day of the settled days that the rows of a window hold (`name`: the kind of
    rows and the window's days); none when they are to be made again."""

    name = models.CharField(max_length=32, primary_key=True)
    through = models.DateField(null=True)

    class Meta:
        default_permissions = ()  # kept by readership.windows alone

    def __str__(self):
        return f"{self.name}: {self.through}"


class ListChoice(models.Model):
    """A chief editor's word on an article in the readers' lists (本周热门, 本月热门): pinned
    at their top, or kept out of them, whatever its views. A pinned article is listed only
    while it is public, in the site's lists and those of its column and the columns above."""

    class Choice(models.TextChoices):
        PIN = "pin", _("pinned at the top")
        KEEP_OUT = "keep_out", _("kept out")

    article = models.OneToOneField(
        "news.Article",
        on_delete=models.CASCADE,
        related_name="list_choice",
        verbose_name=_("article"),
    )
    choice = models.CharField(_("in the reader lists"), max_length=16, choices=Choice.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reader list choice")
        verbose_name_plural = _("reader list choices")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_choice_display()}: {self.article}"


class DailyReader(models.Model):
    """A reader (readership.readers: a salted hash, never an address) seen on an article on
    a day, so that the day counts them once: rows of today only, those of earlier days are
    deleted with their day's salt. No foreign key constraint to check on each hit: a row
    outlives its article by the rest of the day at most."""

    pk = models.CompositePrimaryKey("day", "article", "reader")
    day = models.DateField()
    article = models.ForeignKey(
        "news.Article",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # the primary key's index serves
        related_name="+",
    )
    reader = models.BigIntegerField()

    class Meta:
        default_permissions = ()  # kept by the counter alone: nobody is given them

    def __str__(self):
        return f"{self.article_id} {self.day}: {self.reader}"


class ReaderSalt(models.Model):
    """The random salt of the readers' hashes of one day (readership.readers), shared by
    every process: today's row only, earlier days' deleted, so that no hash can be made
    again once its day is over."""

    day = models.DateField(primary_key=True)
    salt = models.CharField(max_length=64)

    class Meta:
        default_permissions = ()  # kept by the counter alone: nobody is given it

    def __str__(self):
        return str(self.day)
