from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyViews(models.Model):
    """An article's views on one day (Asia/Shanghai, TIME_ZONE): a row per article and day
    with at least one view, written by the view counter (news.counter) with the total, so
    that the days of an article add up to the hits counted since statistics began. What its
    total holds beyond them (older or imported hits) is its "before statistics" figure."""

    article = models.ForeignKey(
        "news.Article", on_delete=models.CASCADE, related_name="daily_views"
    )
    day = models.DateField(_("day"))
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("daily views")
        verbose_name_plural = _("daily views")
        constraints = [
            # The counter's upsert adds to this row (ON CONFLICT).
            models.UniqueConstraint(fields=["article", "day"], name="daily_views_article_day")
        ]
        # The lists and the dashboard read a window of days across all articles.
        # (An index-only scan on PostgreSQL: every column it reads is in the index.)
        indexes = [models.Index(fields=["day", "article", "views"], name="daily_views_day")]

    def __str__(self):
        return f"{self.article_id} {self.day}: {self.views}"
