"""An article's image set (图集): its pictures in order, each with its caption, stored and
checked as covers are (uploads.images) and thumbnailed for the article page.

A picture belongs to its article (what readers see), or to the change to a live article that
waits for review (newsroom.changes): a writer's proposed set is rows of its own, never the
live ones, so that readers see it only once a reviewer approves. A picture uploaded for such
a set, or for an article not yet published, is stored where readers cannot fetch it
(uploads.pending) until then."""

from pathlib import Path

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.validators import reject_control_characters
from uploads import images, pending


def folder_of(picture):
    """pictures/, or the private pending/pictures/ for a picture proposed with a change or
    of an article no chief editor has published yet."""
    return pending.folder("pictures", picture.proposed_for_id or picture.article.media_waits)


def image_upload_to(picture, filename):
    # Picture.store_image has named the file after its detected format.
    return images.generated_name(folder_of(picture), Path(filename).suffix.lstrip(".").lower())


def thumbnail_upload_to(picture, filename):
    return f"{folder_of(picture)}/thumbs/{timezone.now():%Y/%m}/{filename}"


class Picture(models.Model):
    article = models.ForeignKey(
        "news.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="pictures",
    )
    # The article whose pending change proposes this picture (its set as the writer left it).
    proposed_for = models.ForeignKey(
        "news.Article",
        verbose_name=_("proposed for"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="proposed_pictures",
    )
    image = models.ImageField(
        _("picture"),
        upload_to=image_upload_to,
        max_length=200,
        validators=[images.validate_image],
    )
    thumbnail = models.ImageField(
        upload_to=thumbnail_upload_to, max_length=200, editable=False, blank=True
    )
    # The picture's size as shown, for the full-size link's reader and the page's layout.
    width = models.PositiveIntegerField(null=True, editable=False)
    height = models.PositiveIntegerField(null=True, editable=False)
    caption = models.CharField(
        _("caption"),
        max_length=300,
        blank=True,
        validators=[reject_control_characters],
        help_text=_("Shown under the picture; say what it shows."),
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Pictures are shown from the lowest number.")
    )

    class Meta:
        verbose_name = _("picture")
        verbose_name_plural = _("pictures")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(article__isnull=False, proposed_for__isnull=True)
                | Q(article__isnull=True, proposed_for__isnull=False),
                name="picture_of_an_article_or_of_its_change",
            )
        ]

    def __str__(self):
        return self.caption or Path(self.image.name).name

    def save(self, *args, **kwargs):
        new_image = bool(self.image) and not self.image._committed
        with images.removed_on_failure(self.image, self.thumbnail):
            if new_image:
                self.store_image()
            super().save(*args, **kwargs)

    def store_image(self):
        """Store a new upload under a generated name with its thumbnail and size; made
        before anything is stored, so that an image that cannot be read stores nothing."""
        upload = self.image.file
        image_format, thumbnail = images.inspect_with_thumbnail(upload)
        self.width, self.height = images.display_size(upload)
        self.image.save(f"picture.{images.EXTENSIONS[image_format]}", upload, save=False)
        self.thumbnail.save(f"{Path(self.image.name).stem}.jpg", thumbnail, save=False)

    def copy_for(self, **owner):
        """An unsaved picture showing the same stored files, for another owner
        (article=… or proposed_for=…)."""
        return Picture(
            **owner,
            image=self.image.name,
            thumbnail=self.thumbnail.name,
            width=self.width,
            height=self.height,
            caption=self.caption,
            position=self.position,
        )

    @property
    def fingerprint(self):
        """What a reader sees of it: which picture, with which caption."""
        return [self.image.name, self.caption]
