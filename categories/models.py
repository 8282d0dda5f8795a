from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from mptt.models import MPTTModel, TreeForeignKey
from pypinyin import lazy_pinyin

from config.validators import reject_control_characters

from .locking import column_tree_lock


class Category(MPTTModel):
    """A column (栏目) of the site; columns nest, siblings keep the order editors drag them to."""

    name = models.CharField(_("name"), max_length=60, validators=[reject_control_characters])
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text=_(
            "Used in the column's address. Left blank, it is made from the name, Chinese in "
            "pinyin as DedeCMS does (产业规划 becomes chanyeguihua)."
        ),
    )
    parent = TreeForeignKey(
        "self",
        verbose_name=_("parent column"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    description = models.TextField(
        _("description"), blank=True, validators=[reject_control_characters]
    )
    is_visible = models.BooleanField(
        _("shown in navigation"),
        default=True,
        help_text=_("Hidden columns keep their page but leave the menus and sidebars."),
    )
    keywords = models.CharField(
        _("keywords"), max_length=200, blank=True, validators=[reject_control_characters]
    )
    meta_description = models.CharField(
        _("meta description"), max_length=300, blank=True, validators=[reject_control_characters]
    )
    seo_title = models.CharField(
        _("title for search engines"),
        max_length=100,
        blank=True,
        validators=[reject_control_characters],
        help_text=_("The page title search engines show. Left blank, the name is used."),
    )
    update_cycle_days = models.PositiveSmallIntegerField(
        _("update cycle (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "A new article is due at least this often; the admin's home page lists the "
            "column when none came within it. Blank: no cycle."
        ),
    )
    # The column's id in the DedeCMS site it was imported from (import_dedecms); null for
    # columns made here.
    legacy_id = models.PositiveBigIntegerField(
        _("DedeCMS id"), null=True, blank=True, unique=True, editable=False
    )
    # Raised by every save and every move: a column form opened at an older version is stale.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("column")
        verbose_name_plural = _("columns")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("column", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug()
        raise_version = not self._state.adding
        if raise_version:
            # Raised in the UPDATE itself, so that saving an instance read before another
            # write never hands out a version twice. django-mptt's moves (the admin's
            # drag-and-drop included) end with this save too.
            self.version = F("version") + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        with column_tree_lock():
            super().save(*args, **kwargs)
        if raise_version:
            self.refresh_from_db(fields=["version"])

    def delete(self, *args, **kwargs):
        with column_tree_lock():
            return super().delete(*args, **kwargs)

    def move_to(self, target, position="first-child"):
        with column_tree_lock():
            super().move_to(target, position)

    def _unique_slug(self):
        # Full pinyin without separators, as DedeCMS names its column directories; letters
        # of other scripts stay as they are.
        base = slugify("".join(lazy_pinyin(self.name)), allow_unicode=True)[:70] or "column"
        taken = set(
            Category.objects.filter(slug__startswith=base)
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        )
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        return slug
