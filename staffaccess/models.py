from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PasswordRecord(models.Model):
    """When a user's password was last set: passwords older than PASSWORD_MAX_AGE_DAYS must
    be changed before the admin opens again."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_record"
    )
    changed_at = models.DateTimeField(_("password changed at"))

    class Meta:
        verbose_name = _("password record")
        verbose_name_plural = _("password records")

    def __str__(self):
        return str(self.user)
