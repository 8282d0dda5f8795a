from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentVersion(models.Model):
    """A version per kind of content, changed in the same transaction as every write to it.

    Cached reads put the version in their keys, so a write shows on the very next request in
    every process and on every server, whichever cache backend is configured.
    """

    name = models.CharField(max_length=30, primary_key=True)
    version = models.PositiveBigIntegerField(default=1)

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")

    def __str__(self):
        return f"{self.name} v{self.version}"
