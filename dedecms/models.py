"""What the importer remembers between runs, so that a run after the first only applies what
changed in DedeCMS, and old column addresses can be answered."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedColumn(models.Model):
    column = models.OneToOneField(
        "categories.Category",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="dedecms_import",
    )
    # The column's directory on the old site without {cmspath} and slashes ("a/news/plan"):
    # /a/news/plan/ answers with a redirect to the column.
    typedir = models.CharField(max_length=255, db_index=True)
    # A digest of the DedeCMS row as last imported: an unchanged row is left alone.
    digest = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("imported column")
        verbose_name_plural = _("imported columns")

    def __str__(self):
        return self.typedir


class ImportedArticle(models.Model):
    article = models.OneToOneField(
        "news.Article", on_delete=models.CASCADE, primary_key=True, related_name="dedecms_import"
    )
    digest = models.CharField(max_length=64)
    # DedeCMS's count at the last run: a later run adds only what DedeCMS counted since, so
    # hits counted here in the meantime are kept.
    click = models.PositiveBigIntegerField()
    # The /uploads/ paths of its body and cover that could not be copied (missing or not an
    # image), one a line: a later run with --site-root tries them again even if the row did
    # not change, so that a file copied into the old site's root afterwards arrives.
    missing_images = models.TextField(blank=True)
    # Why DedeCMS no longer publishes the article, when a run withdrew it (its status
    # changed; nothing deleted); and whether it was public here then: its old address
    # answers 410 Gone if so, 404 otherwise.
    withdrawn = models.CharField(max_length=100, blank=True)
    was_public = models.BooleanField(default=False)
    # DedeCMS's arcrank at the last run: a row whose only change since is its arcrank
    # (approved, sent back to review) changes only the article's status here.
    arcrank = models.SmallIntegerField(null=True)

    class Meta:
        verbose_name = _("imported article")
        verbose_name_plural = _("imported articles")

    def __str__(self):
        return str(self.article_id)


class ImportedImage(models.Model):
    # The path under the old site's root ("uploads/allimg/170717/a.jpg").
    source = models.CharField(max_length=255, unique=True)
    name = models.CharField(max_length=255)  # under MEDIA_ROOT
    thumbnail = models.CharField(max_length=255, blank=True)  # made when used as a cover

    class Meta:
        verbose_name = _("imported image")
        verbose_name_plural = _("imported images")

    def __str__(self):
        return self.source
