"""The sensitive-word list (敏感词): words and simple patterns, each blocking publication or
asking a chief editor to confirm it."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from config.validators import reject_control_characters

from .matching import WILDCARD, parts_of


def validate_entry(value):
    """A word, or a pattern of words joined by `*`, each part of at least one character."""
    if not value.strip():
        raise ValidationError(_("Give a word."), code="blank")
    if any(not part for part in value.strip().split(WILDCARD)) or not parts_of(value):
        raise ValidationError(_("Put a word on both sides of each “*”."), code="wildcard")


class SensitiveWord(models.Model):
    class Level(models.TextChoices):
        BLOCK = "block", _("Block")
        WARN = "warn", _("Warn")

    word = models.CharField(
        _("word or pattern"),
        max_length=100,
        unique=True,
        validators=[reject_control_characters, validate_entry],
        # The 5 of matching.GAP.
        help_text=_(
            "Found in any case. “*” between two words stands for up to 5 characters of any "
            "kind: fake*news also finds “fake news” and “fake-news”."
        ),
    )
    level = models.CharField(
        _("level"),
        max_length=8,
        choices=Level.choices,
        default=Level.BLOCK,
        help_text=_(
            "Block: an article holding it is not submitted, approved or published. Warn: a "
            "chief editor publishes it only with a reason, which is recorded."
        ),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("sensitive word")
        verbose_name_plural = _("sensitive words")
        ordering = ["word"]

    def __str__(self):
        return self.word

    def save(self, *args, **kwargs):
        self.word = self.word.strip()
        super().save(*args, **kwargs)
