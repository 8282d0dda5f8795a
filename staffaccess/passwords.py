"""Password age: recorded whenever a password is changed, through any door (the admin's
forms, `changepassword`, set_password), by the hook Django calls on the validators after
every change."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import PasswordRecord


class RecordsPasswordChanges:
    """Listed in AUTH_PASSWORD_VALIDATORS for its password_changed hook; it refuses nothing."""

    def validate(self, password, user=None):
        pass

    def password_changed(self, password, user=None):
        if user is not None and user.pk is not None:
            PasswordRecord.objects.update_or_create(
                user=user, defaults={"changed_at": timezone.now()}
            )

    def get_help_text(self):
        days = settings.PASSWORD_MAX_AGE_DAYS
        if not days:
            return _("Passwords do not expire on this site.")
        return ngettext(
            "A password must be changed every %(days)d day.",
            "A password must be changed every %(days)d days.",
            days,
        ) % {"days": days}


def has_expired(user):
    """Whether the user's password is older than PASSWORD_MAX_AGE_DAYS (0: never). With no
    record, the password is the one the account was made with (create_user sets it without
    the hook), or one set before records began: it counts from the day the account was made."""
    days = settings.PASSWORD_MAX_AGE_DAYS
    if not days:
        return False
    record = PasswordRecord.objects.filter(user=user).first()
    changed_at = record.changed_at if record else user.date_joined
    return changed_at < timezone.now() - timedelta(days=days)
