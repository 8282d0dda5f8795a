from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Case, F, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from mptt.fields import TreeForeignKey

from config.validators import reject_control_characters
from gallery import sets as image_sets
from sitecache import versions
from uploads import images, pending

from . import search_index
from .attachments import from_listing, listed_with_article
from .keywords import ArticleKeyword, ids_with_article
from .sanitize import clean_html
from .text import plain_text, shorten, split_keywords, summarize

RELATED_LIMIT = 8
RELATED_KEYWORDS = 10
# Most viewed lists (热门) rank the newest this many articles: what readers read now.
MOST_VIEWED_AMONG = 1000


def _union_of(subqueries):
    """One subquery of the pks that any of `subqueries` (sliced pk querysets) gives."""
    wrapped = [
        Article.objects.filter(pk__in=subquery).order_by().values("pk") for subquery in subqueries
    ]
    return wrapped[0].union(*wrapped[1:], all=True)


def read_walks(walks):
    """The links that each walk of `walks` ({name: (build, limit)}, as link_walks gives)
    finds, by name ({name: [article, …]}, in no order): the first `limit` of each walk, in
    one query."""
    found = {name: [] for name in walks}
    if walks:
        for link in walks_union(walks):
            found[link.walk].append(link)
    return found


def walks_union(walks):
    """The one query of read_walks: the UNION ALL of the walks' first links, each marked
    with its walk's name (`walk`)."""
    marked = []
    for name, (build, limit) in walks.items():
        walk = build()
        if not connections[walk.db].features.supports_slicing_ordering_in_compound:  # SQLite
            walk = Article.objects.filter(pk__in=walk.values("pk")[:limit]).order_by()
        else:
            walk = walk[:limit]
        marked.append(walk.links().annotate(walk=Value(name)))
    return marked[0].union(*marked[1:], all=True)


def link_limits(article, related_limit=RELATED_LIMIT):
    """The walks that give an article's links, by name, each with its limit: "previous" and
    "next" (its own), then "column:<id>" and "keyword:<id>" (shared by every article of that
    column or with that keyword).

    Each of its keywords (the first RELATED_KEYWORDS) and its column give at most
    `related_limit` + 1 related candidates (one may be the article itself), each a walk that
    stops there (the keyword table's index, the column's). An article of the column that
    shares a keyword but is not among a keyword walk's candidates is older than
    `related_limit` that share it, so ranking it with the others of the column changes
    nothing."""
    candidates = related_limit + 1
    limits = {"previous": 1, "next": 1, f"column:{article.column_id}": candidates}
    for keyword_id in article.keyword_ids[:RELATED_KEYWORDS]:
        limits[f"keyword:{keyword_id}"] = candidates
    return limits


def rank_links(article, found, related_limit=RELATED_LIMIT):
    """(previous, next, related) from the links that each of the article's walks found
    (read_walks): related are those sharing a keyword first, then newest."""
    related, sharing = {}, set()
    for name, links in found.items():
        if name in ("previous", "next"):
            continue
        for link in links:
            if link.pk != article.pk:
                related.setdefault(link.pk, link)
                if name.startswith("keyword:"):
                    sharing.add(link.pk)
    ranked = sorted(
        related.values(),
        key=lambda link: (link.pk in sharing, link.published_at, link.pk),
        reverse=True,
    )
    previous, following = (next(iter(found.get(name, [])), None) for name in ("previous", "next"))
    return previous, following, ranked[:related_limit]


def contains(word, field):
    """The field holds the word, in any case. A word with no letter that has a case (Chinese,
    digits) is matched as it is: PostgreSQL's case-insensitive match upper-cases every text
    it tests, four times the cost of the plain match, for nothing."""
    lookup = "contains" if word.upper() == word.lower() else "icontains"
    return Q(**{f"{field}__{lookup}": word})


class ArticleQuerySet(models.QuerySet):
    def update(self, **fields):
        if fields.get("status") == Article.Status.PUBLISHED:
            self.release_pending_media()
        updated = super().update(**fields)
        # Hits alone change no cached list; every other bulk edit (admin actions) does.
        if updated and set(fields) != {"view_count"}:
            versions.bump(versions.ARTICLES)
        return updated

    def release_pending_media(self):
        """Articles going live in bulk (the list's publish action) make the pending uploads
        their bodies show, their covers and their pictures public, as Article.save does for
        one (uploads.pending)."""
        going_live = self.filter(body__contains=pending.ADDRESS_MARK)
        for pk, body in going_live.values_list("pk", "body"):
            Article.objects.filter(pk=pk).update(body=pending.released_body(body))
        waiting = Q(cover__startswith=pending.PENDING) | Q(
            pictures__image__startswith=pending.PENDING
        )
        for article in self.filter(waiting).order_by().distinct().only("cover", "cover_thumbnail"):
            article.release_own_media()
            Article.objects.filter(pk=article.pk).update(
                cover=article.cover.name, cover_thumbnail=article.cover_thumbnail.name
            )

    def in_columns(self, column_ids):
        """Articles of these columns (a column's subtree, from the column tree): no join, so
        lists walk the (status, published_at) index; the ids as one value (news.lookups)."""
        return self.filter(column_id__one_of=column_ids)

    def published(self, now=None):
        """The one definition of public: published, its publication time has come, and it
        has not expired (at `now`, by default the present)."""
        now = now or timezone.now()
        return self.filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now),
            status=Article.Status.PUBLISHED,
            published_at__lte=now,
        )

    def expired(self):
        """Published articles whose time to leave the site has passed."""
        return self.filter(status=Article.Status.PUBLISHED, expires_at__lte=timezone.now())

    def with_keyword_ids(self):
        """Annotate each article with `keyword_id_rows`, read by `keyword_ids`."""
        return self.annotate(keyword_id_rows=ids_with_article())

    def with_attachments(self):
        """Annotate each article with `attachment_rows`, read by `attachment_list`."""
        return self.annotate(attachment_rows=listed_with_article())

    def in_column(self, column):
        """Articles of the column and of all its descendants."""
        return self.filter(
            column__tree_id=column.tree_id,
            column__lft__gte=column.lft,
            column__rght__lte=column.rght,
        )

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def teasers(self):
        """What lists, feeds and links need: everything but the body and its text, which
        stay in the database."""
        return self.defer("body", "body_text", "search_grams")

    def links(self):
        """What a link to an article shows: its title and date (the article page's previous,
        next and related articles, read for every page that is not kept)."""
        return self.only("title", "published_at")

    def pinned(self):
        """Articles whose pin has not lapsed: a pin ends at its time, with no job to run."""
        return self.filter(pinned_until__gt=timezone.now())

    def pinned_first(self, count):
        """The first `count` teasers, those pinned now first, then newest. Ordering every
        article by "pinned now" would rank them all (no index holds that order, which
        depends on the time): only the pinned now (few, through their index) and the
        `count` newest (a walk of a date index) are ranked."""
        now = timezone.now()
        candidates = _union_of(
            [
                self.pinned().newest_first().values("pk")[:count],
                self.newest_first().values("pk")[:count],
            ]
        )
        return (
            self.filter(pk__in=candidates)
            .teasers()
            .alias(pinned_now=Case(When(pinned_until__gt=now, then=Value(True)), default=False))
            .order_by("-pinned_now", "-published_at", "-pk")[:count]
        )

    def newest_of_each(self, column_groups, count):
        """The newest `count` teasers of each group of columns (lists of column ids), newest
        first: one query of one short index walk per group, no ranking of every article."""
        walks = [self.in_columns(ids).newest_first().values("pk")[:count] for ids in column_groups]
        return self.filter(pk__in=_union_of(walks)).teasers().newest_first()

    def headlines(self):
        return self.filter(is_headline=True)

    def recommended(self):
        return self.filter(is_recommended=True)

    def slideshow(self):
        """幻灯 articles; only those with a cover can be shown as slides."""
        return self.filter(is_slideshow=True).exclude(cover="")

    def pending_review(self):
        return self.filter(status=Article.Status.PENDING)

    def most_viewed(self):
        """The newest MOST_VIEWED_AMONG articles, most viewed first: a bounded walk of the
        date index. No index holds the count, so that a hit rewrites no index entry (on
        PostgreSQL, an in-place HOT update; see migration 0014)."""
        newest = self.newest_first().values("pk")[:MOST_VIEWED_AMONG]
        return self.filter(pk__in=newest).teasers().order_by("-view_count", "-published_at", "-pk")

    def search(self, words, limit=None, exact=None, sorts=None):
        """Articles containing every word in title, summary or text; title matches first,
        then newest. With a `limit`, the first `exact` of them (all `limit` by default) are
        exact, and there are as many as `limit` if that many articles match; later ones may be
        left out.

        Where the database has the index (search_index), the entries of every word (its
        bigrams, and its characters standing alone: `鑫`, the `A` of `A-B`) narrow the rows
        first, and the substring test runs only on those, and only for the words that are not
        one entry (which the index decides alone); the title's own entries in the index do
        the same for title matches. Two walks newest first give the results: all matches up
        to `limit` (so many, at most, are counted), and title matches up to `exact` (the ones
        that come first); each stops there (search_index.newest_passing), so that a common
        word costs what the page shows rather than a test of every article with it.

        The first `exact` are those of the whole ranking: title matches among them are the
        newest `exact` (or all there are); the others, the newest that are not in the title,
        are among the newest `limit` matches.

        `sorts`: how each walk reads its candidates, when chosen already
        (search_index.candidate_sorts())."""
        index = search_index.index_for(self.db)
        in_text, in_title_text, wanted = Q(), Q(), set()
        for word in words:
            entries = search_index.word_entries(word) if index else set()
            wanted |= entries
            # A title is short and in the titles' index: testing it costs less than reading
            # the row's entries (a few KB to decompress), so every word is tested there.
            in_title_text &= contains(word, "title")
            if entries and search_index.is_one_entry(word):
                continue
            in_text &= (
                contains(word, "title") | contains(word, "summary") | contains(word, "body_text")
            )
        title_entries = search_index.in_title(wanted)
        exact = limit if exact is None or limit is None else min(exact, limit)
        # The title's entries are among all entries: they alone narrow the title matches.
        firsts = _union_of(
            [
                search_index.newest_passing(
                    self, index, title_entries, in_title_text, exact, True, sorts and sorts[0]
                ),
                search_index.newest_passing(
                    self, index, wanted, in_text, limit, sorts=sorts and sorts[1]
                ),
            ]
        )
        return (
            self.filter(pk__in=firsts)
            .alias(title_match=Case(When(in_title_text, then=Value(1)), default=Value(0)))
            .teasers()
            .order_by("-title_match", "-published_at", "-pk")
        )

    def tagged(self, keyword):
        """Articles carrying the keyword (or keyword id), newest first, in the keyword table's
        index order."""
        return self.filter(keyword_rows__keyword=keyword).order_by(
            "-keyword_rows__published_at", "-keyword_rows__article_id"
        )

    def article_links(self, article, related_limit=RELATED_LIMIT):
        """(previous, next, related): the nearest older and newer articles of its column (or
        None), and the `related_limit` articles sharing a keyword with it, then others of its
        column, newest first; all in one query of short index walks (link_walks)."""
        walks = self.link_walks(article, related_limit)
        return rank_links(article, read_walks(walks), related_limit)

    def link_walks(self, article, related_limit=RELATED_LIMIT):
        """The walks that give an article's links (link_limits), by name, each a (function
        building its queryset, limit): a walk that a cache answers is not built."""
        return {
            name: (partial(self.link_walk, article, name), limit)
            for name, limit in link_limits(article, related_limit).items()
        }

    def link_walk(self, article, name):
        """One of the article's link walks (link_limits), nearest or newest first."""
        kind, _, key = name.partition(":")
        if kind == "previous":
            return self.before(article)
        if kind == "next":
            return self.after(article)
        if kind == "column":
            return self.filter(column_id=int(key)).newest_first()
        return self.tagged(int(key))

    def before(self, article):
        """Older articles of the same column, nearest first. The plain bound on the date
        starts the column index's walk at the article, however long the column."""
        return self.filter(
            Q(published_at__lt=article.published_at)
            | Q(published_at=article.published_at, pk__lt=article.pk),
            column_id=article.column_id,
            published_at__lte=article.published_at,
        ).order_by("-published_at", "-pk")

    def after(self, article):
        """Newer articles of the same column, nearest first (the walk starts at the article,
        as before())."""
        return self.filter(
            Q(published_at__gt=article.published_at)
            | Q(published_at=article.published_at, pk__gt=article.pk),
            column_id=article.column_id,
            published_at__gte=article.published_at,
        ).order_by("published_at", "pk")


def validate_publication_year(value):
    # Dates near year 1 overflow when converted to UTC; no news article is that old.
    if not 1900 <= value.year <= 9000:
        raise ValidationError(_("Give a date between the years 1900 and 9000."), code="year")


# "Until unpinned": a pin with no end of its own. Far enough never to lapse, and near enough
# that converting it to any time zone stays within the datetime range.
PIN_FOREVER = datetime(9000, 1, 1, tzinfo=UTC)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING = "pending", _("Pending review")
        PUBLISHED = "published", _("Published")
        # Taken down at once by a chief editor (撤稿): its address answers 410 Gone and its
        # files are no longer served (newsroom.takedown).
        WITHDRAWN = "withdrawn", pgettext_lazy("article status", "Withdrawn")

    title = models.CharField(_("title"), max_length=200, validators=[reject_control_characters])
    column = TreeForeignKey(
        "categories.Category",
        verbose_name=_("column"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    # A short title for tight lists (DedeCMS's shorttitle); the title where left blank.
    short_title = models.CharField(
        _("short title"), max_length=60, blank=True, validators=[reject_control_characters]
    )
    source = models.CharField(
        _("source"), max_length=100, blank=True, validators=[reject_control_characters]
    )
    source_url = models.URLField(
        _("source URL"), blank=True, validators=[reject_control_characters]
    )
    author = models.CharField(
        _("author"), max_length=60, blank=True, validators=[reject_control_characters]
    )
    # A reprint names its original title, and the editor answering for it by real name
    # (互联网新闻信息服务管理规定); the newsroom fills the editor in when it goes live.
    original_title = models.CharField(
        _("original title"),
        max_length=200,
        blank=True,
        validators=[reject_control_characters],
        help_text=_("A reprint's title where it was first published."),
    )
    editor_in_charge = models.CharField(
        _("editor in charge"),
        max_length=60,
        blank=True,
        validators=[reject_control_characters],
        help_text=_("Filled in with the real name of the chief editor who publishes it."),
    )
    published_at = models.DateTimeField(
        _("publication date"),
        default=timezone.now,
        validators=[validate_publication_year],
        help_text=_("A later date schedules the article: it goes public at that time."),
    )
    body = models.TextField(_("body"))
    # The body's text as a reader sees it, derived on save: what search looks in.
    body_text = models.TextField(editable=False, blank=True)
    # The bigrams of title, summary and body text (news.search_index), derived on save: what
    # the search's index is built on.
    search_grams = search_index.SearchGramsField(editable=False, blank=True)
    summary = models.TextField(
        _("summary"),
        blank=True,
        validators=[reject_control_characters],
        help_text=_("Left blank, the body's first 120 characters are used, and kept up to date."),
    )
    cover = models.ImageField(
        _("cover image"),
        upload_to=images.cover_upload_to,
        blank=True,
        validators=[images.validate_image],
    )
    cover_thumbnail = models.ImageField(
        upload_to=images.cover_thumbnail_upload_to, editable=False, blank=True
    )
    # The cover's size as shown, for the page's <img width height>: the browser keeps the
    # room before the image arrives, and the text below does not jump.
    cover_width = models.PositiveIntegerField(null=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, editable=False)
    keywords = models.CharField(
        _("keywords"),
        max_length=200,
        blank=True,
        validators=[reject_control_characters],
        help_text=_("Separated by commas or spaces; articles sharing a keyword are related."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    pinned_until = models.DateTimeField(
        _("pinned until"),
        null=True,
        blank=True,
        validators=[validate_publication_year],
        help_text=_("Pinned articles lead the lists until this time; empty means not pinned."),
    )
    expires_at = models.DateTimeField(
        _("expires at"),
        null=True,
        blank=True,
        validators=[validate_publication_year],
        help_text=_("After this time the article leaves the site; empty means it stays."),
    )
    is_headline = models.BooleanField(_("headline"), default=False)
    is_recommended = models.BooleanField(_("recommended"), default=False)
    is_slideshow = models.BooleanField(
        _("slideshow"),
        default=False,
        help_text=_("Shown in the home page's slideshow; needs a cover."),
    )
    bold_title = models.BooleanField(_("bold title"), default=False)
    review_note = models.TextField(
        _("review note"),
        blank=True,
        validators=[reject_control_characters],
        help_text=_("The reviewer's word to the writer when sending an article back."),
    )
    view_count = models.PositiveBigIntegerField(_("views"), default=0, editable=False)
    # The article's id in the DedeCMS site it was imported from (import_dedecms); null for
    # articles written here.
    legacy_id = models.PositiveBigIntegerField(
        _("DedeCMS id"), null=True, blank=True, unique=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Raised by every save and bulk change: a form opened at an older version is stale.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-pk"]
        permissions = [("publish_article", _("Can publish, unpublish and schedule articles"))]
        indexes = [
            # With expires_at last, a column's count of its public articles reads the index
            # alone (an index-only scan), not every article's row.
            models.Index(
                fields=["column", "status", "-published_at", "-id", "expires_at"],
                name="article_column_list",
            ),
            models.Index(fields=["status", "-published_at", "-id"], name="article_latest"),
            # The home page's flagged lists walk these, newest first, rather than the date
            # index past every article without the flag (all of them when none has it). In
            # article_latest's shape, so that SQLite prefers them to it; the condition is the
            # flag alone, since SQLite uses a partial index only where the query's own terms
            # match its condition, and the query's status is a parameter.
            *(
                models.Index(
                    fields=["status", "-published_at", "-id"],
                    name=f"article_{flag}",
                    condition=models.Q(**{flag: True}),
                )
                for flag in ("is_headline", "is_recommended", "is_slideshow")
            ),
            # The sitemap index's last edit of a published article (news.sitemaps) walks this.
            models.Index(fields=["status", "-updated_at"], name="article_updated"),
            # The scheduled-change times (news.caching) walk these.
            models.Index(
                fields=["pinned_until"],
                name="article_pinned",
                condition=models.Q(pinned_until__isnull=False),
            ),
            models.Index(
                fields=["expires_at"],
                name="article_expiring",
                condition=models.Q(expires_at__isnull=False),
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        summary_was_derived = not self.summary.strip() or self._summary_derived_from_stored_body()
        self.derive_fields(summary_was_derived)
        new_cover = bool(self.cover) and not self.cover._committed
        if new_cover:
            # Stored under the extension of what the file is, whatever it was called.
            self.cover.name = f"cover.{images.extension_for(self.cover.file)}"
            self.cover_width, self.cover_height = images.display_size(self.cover.file)
        if not self.cover:
            self.cover_thumbnail, self.cover_width, self.cover_height = "", None, None
        bump_version = not self._state.adding and kwargs.get("update_fields") is None
        if bump_version:
            # The counter only ever changes through its own UPDATE; a save from the admin or
            # a script must not write back a count read before later hits. The version is
            # raised in the same statement, so no two saves can claim the same one.
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "view_count"
            ]
            self.version = F("version") + 1
        # Made before anything is stored, so that an image that cannot be read stores nothing.
        thumbnail = images.make_thumbnail(self.cover.file) if new_cover else None
        with images.removed_on_failure(self.cover, self.cover_thumbnail):
            super().save(*args, **kwargs)
            if new_cover:
                self.cover_thumbnail.save(
                    f"{Path(self.cover.name).stem}.jpg", thumbnail, save=False
                )
                Article.objects.filter(pk=self.pk).update(cover_thumbnail=self.cover_thumbnail.name)
        if bump_version:
            self.refresh_from_db(fields=["version"])
        ArticleKeyword.objects.replace_for([self])

    def get_absolute_url(self):
        return reverse("article", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        if self.is_slideshow and not self.cover:
            raise ValidationError(
                {"is_slideshow": _("Only an article with a cover image can be in the slideshow.")}
            )
        if self.expires_at and self.published_at and self.expires_at <= self.published_at:
            raise ValidationError(
                {"expires_at": _("The article must expire after it is published.")}
            )

    @property
    def is_pinned(self):
        return self.pinned_until is not None and self.pinned_until > timezone.now()

    @property
    def is_expired(self):
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def is_public(self):
        """The rule of published(), for an article in hand."""
        return (
            self.status == Article.Status.PUBLISHED
            and self.published_at <= timezone.now()
            and not self.is_expired
        )

    @property
    def media_waits(self):
        """Whether a file stored for it now (a cover, a picture) waits from readers under
        pending/ (uploads.pending): so while no chief editor has published it (or scheduled
        it: a scheduled article is approved, its files public from then)."""
        return self.status != Article.Status.PUBLISHED

    def derive_fields(self, summary_was_derived):
        """Sanitize the body and derive what is stored from it; save() calls this, and so do
        bulk imports, which bypass save(). An article going live makes the pending uploads
        its body shows, its cover and its pictures public (uploads.pending); only a body
        that readers cannot see keeps staff addresses."""
        live = not self.media_waits
        if live:
            self.body = pending.released_body(self.body)
            self.release_own_media()
        self.body = clean_html(self.body, staff_media=not live)
        self.body_text = plain_text(self.body)
        self.summary = shorten(self.body_text) if summary_was_derived else self.summary.strip()
        self.keywords = ",".join(self.keyword_list)
        self.search_grams = search_index.search_grams(self.title, self.summary, self.body_text)

    def release_own_media(self):
        """Make public its cover, the cover's thumbnail and its pictures that wait under
        pending/ (stored while it was not yet published); the cover's new names are set on
        it, for its save."""
        # A cover cleared or replaced in the same save is not released: nothing shows it.
        kept = bool(self.cover) and self.cover._committed
        fields = (self.cover, self.cover_thumbnail) if kept else ()
        released = pending.release([f.name for f in fields if f and pending.is_pending(f.name)])
        for field in fields:
            field.name = released.get(field.name, field.name)
        if self.pk:
            image_sets.release(self.pictures.all())

    def _summary_derived_from_stored_body(self):
        """Whether the summary is still the one derived from the body as stored, so that an
        edited body gets a fresh summary while one an editor wrote is kept."""
        if self._state.adding:
            return False
        stored = Article.objects.filter(pk=self.pk).values_list("body", flat=True).first()
        return stored is not None and self.summary == summarize(stored)

    @property
    def attachment_list(self):
        """The attachments in their order, from with_attachments() when it was used."""
        if hasattr(self, "attachment_rows"):
            return from_listing(self.attachment_rows)
        return list(self.attachments.all())

    @property
    def keyword_ids(self):
        """Ids of its keyword rows, from with_keyword_ids() when it was used."""
        if hasattr(self, "keyword_id_rows"):
            return self.keyword_id_rows or []
        return list(
            ArticleKeyword.objects.filter(article=self).values_list("keyword_id", flat=True)
        )

    @property
    def keyword_list(self):
        return split_keywords(self.keywords)


class ViewCountFlush(models.Model):
    """A batch of buffered hits moved into the stored counts (news.counter): recorded in the
    same transaction, so that a batch is never applied twice."""

    batch_id = models.CharField(max_length=32, unique=True)
    flushed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("view count flush")
        verbose_name_plural = _("view count flushes")

    def __str__(self):
        return self.batch_id
