"""Special topics (专题): a topic's lead and cover, its named sections, each an ordered list
of articles chosen by the editors. Readers see a topic only while it is public
(`Topic.objects.published()`), and in it only the public articles (Article's own rule)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from mptt.fields import TreeForeignKey

from config.validators import reject_control_characters
from news.models import Article, validate_publication_year
from sitecache import versions
from uploads import images


class TopicQuerySet(models.QuerySet):
    def update(self, **fields):
        if {"status", "published_at"} & set(fields):
            # Those readers could see are marked first (Topic.has_been_public).
            models.QuerySet.update(self.published(), has_been_public=True)
        updated = super().update(**fields)
        if updated:
            versions.bump(versions.ARTICLES)
        return updated

    def published(self):
        """The one definition of a public topic: published, and its date has come."""
        return self.filter(status=Topic.Status.PUBLISHED, published_at__lte=timezone.now())

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def next_publication(self, now):
        """The first publication time after `now` (a one-value queryset), for the cache."""
        return (
            self.filter(status=Topic.Status.PUBLISHED, published_at__gt=now)
            .order_by("published_at")
            .values("published_at")[:1]
        )


class Topic(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200, validators=[reject_control_characters])
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        allow_unicode=True,
        help_text=_(
            "The last part of the topic's address, after /topics/: letters, digits and hyphens "
            "(pinyin or English words)."
        ),
    )
    lead = models.TextField(
        _("lead"),
        blank=True,
        validators=[reject_control_characters],
        help_text=_("The introduction shown under the title; plain text, a paragraph a line."),
    )
    cover = models.ImageField(
        _("cover image"),
        upload_to=images.GeneratedImageName("topics", "cover"),
        blank=True,
        validators=[images.validate_image],
        help_text=_("The banner at the top of the topic's page."),
    )
    # The cover's size as shown, for the page's <img width height>.
    cover_width = models.PositiveIntegerField(null=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, editable=False)
    # The column whose page lists it (DedeCMS's 专题 column, or any column it belongs to).
    column = TreeForeignKey(
        "categories.Category",
        verbose_name=_("column"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="topics",
        help_text=_(
            "The column whose page lists this topic; empty: listed under special topics only."
        ),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    # Whether readers could see it once: taken back to a draft, its address then answers
    # 410 Gone (not 404), so that search engines drop it. Set on every write that takes a
    # public topic out of sight (save() and TopicQuerySet.update()).
    has_been_public = models.BooleanField(default=False, editable=False)
    published_at = models.DateTimeField(
        _("publication date"),
        default=timezone.now,
        validators=[validate_publication_year],
        help_text=_("A later date schedules the topic: it goes public at that time."),
    )
    # The topic's id in the DedeCMS site it was imported from (import_dedecms), and a digest
    # of its row there as last imported: a re-run leaves an unchanged topic (and the edits
    # made here) alone.
    legacy_id = models.PositiveBigIntegerField(
        _("DedeCMS id"), null=True, blank=True, unique=True, editable=False
    )
    legacy_digest = models.CharField(max_length=64, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        verbose_name = _("special topic")
        verbose_name_plural = _("special topics")
        ordering = ["-published_at", "-pk"]
        permissions = [("publish_topic", _("Can publish and unpublish special topics"))]
        indexes = [models.Index(fields=["status", "-published_at", "-id"], name="topic_latest")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.pk is not None and not self.has_been_public:
            self.has_been_public = Topic.objects.published().filter(pk=self.pk).exists()
        if self.cover and not self.cover._committed:
            self.cover_width, self.cover_height = images.display_size(self.cover.file)
        if not self.cover:
            self.cover_width = self.cover_height = None
        with images.removed_on_failure(self.cover):
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("topic", kwargs={"slug": self.slug})

    @property
    def is_public(self):
        """The rule of published(), for a topic in hand."""
        return self.status == Topic.Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def is_gone(self):
        """Not public, and readers saw it before: its address answers 410 Gone."""
        return self.has_been_public and not self.is_public

    @property
    def lead_paragraphs(self):
        return [line.strip() for line in self.lead.splitlines() if line.strip()]


class TopicSection(models.Model):
    class Order(models.TextChoices):
        CHOSEN = "chosen", _("In the order given")
        NEWEST = "newest", _("Newest first")

    topic = models.ForeignKey(
        Topic, verbose_name=_("special topic"), on_delete=models.CASCADE, related_name="sections"
    )
    name = models.CharField(_("name"), max_length=100, validators=[reject_control_characters])
    position = models.PositiveIntegerField(_("position"), default=0)
    order = models.CharField(
        _("articles shown"), max_length=10, choices=Order.choices, default=Order.CHOSEN
    )
    articles = models.ManyToManyField(
        Article, through="TopicArticle", related_name="+", verbose_name=_("articles")
    )

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class TopicArticle(models.Model):
    """An article in a section, at its place there."""

    section = models.ForeignKey(
        TopicSection, verbose_name=_("section"), on_delete=models.CASCADE, related_name="entries"
    )
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="topic_entries"
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("article in a section")
        verbose_name_plural = _("articles in the section")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["section", "article"], name="topic_article_once")
        ]

    def __str__(self):
        return self.article.title
