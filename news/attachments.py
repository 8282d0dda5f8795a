"""Files attached to an article (通知公告's PDFs, Word and Excel files), with their order."""

from pathlib import PurePath

from django.db import models
from django.db.models.functions import JSONObject
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from config.validators import reject_control_characters
from uploads.documents import KINDS, inspect_document, validate_document
from uploads.images import generated_name

from .aggregates import JSONList


def attachment_upload_to(attachment, filename):
    # Attachment.save() has already named the file after its detected kind.
    return generated_name("attachments", PurePath(filename).suffix.lstrip("."))


class Attachment(models.Model):
    article = models.ForeignKey(
        "news.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(
        _("file"), upload_to=attachment_upload_to, max_length=200, validators=[validate_document]
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        blank=True,
        validators=[reject_control_characters],
        help_text=_(
            "Shown to readers and used as the downloaded file's name; left blank, the "
            "uploaded file's name is used."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(max_length=8, editable=False, choices=[(k, k) for k in KINDS])
    size = models.PositiveBigIntegerField(editable=False, default=0)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.file._committed:
            self.kind = inspect_document(self.file)
            self.size = self.file.size
            original = PurePath(self.file.name).stem
            self.title = self.title.strip() or original
            extension = PurePath(self.file.name).suffix.lstrip(".").lower()
            self.file.name = f"attachment.{extension}"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("attachment", kwargs={"pk": self.pk})

    @property
    def kind_label(self):
        return KINDS[self.kind].label

    @property
    def content_type(self):
        return KINDS[self.kind].content_type

    @property
    def download_name(self):
        """The display title with the stored file's extension, for Content-Disposition."""
        extension = PurePath(self.file.name).suffix
        title = self.title.replace("/", "_").replace("\\", "_")
        return title if title.lower().endswith(extension) else f"{title}{extension}"


LISTED_FIELDS = ("id", "title", "file", "order", "kind", "size")


def listed_with_article():
    """The article's attachments as one JSON value of its own row, so the article page lists
    them without a query of its own (the page's budget is 6 queries)."""
    rows = (
        Attachment.objects.filter(article=models.OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(rows=JSONList(JSONObject(**{name: name for name in LISTED_FIELDS})))
        .values("rows")
    )
    return models.Subquery(rows, output_field=models.JSONField())


def from_listing(rows):
    """Attachment objects (unsaved copies, for showing) from listed_with_article()'s value."""
    attachments = [Attachment(**row) for row in rows or []]
    return sorted(attachments, key=lambda attachment: (attachment.order, attachment.pk))
