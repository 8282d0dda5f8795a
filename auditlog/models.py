from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NeverChanged(Exception):
    """An audit entry is written once: nothing changes or deletes it but the retention."""


class Action(models.TextChoices):
    LOGIN = "login", _("Logged in")
    LOGOUT = "logout", _("Logged out")
    LOGIN_FAILED = "login_failed", _("Login failed")
    LOCKED_OUT = "locked_out", _("Login refused: locked out")
    SECOND_FACTOR_SET_UP = "second_factor_set_up", _("Two-step login set up")
    SECOND_FACTOR_REMOVED = "second_factor_removed", _("Two-step login removed")
    RECOVERY_CODES = "recovery_codes", _("New recovery codes")
    CREATE = "create", _("Created")
    CHANGE = "change", _("Changed")
    DELETE = "delete", _("Deleted")
    PUBLISH = "publish", _("Published")
    UNPUBLISH = "unpublish", _("Unpublished")
    APPROVE = "approve", _("Approved")
    SEND_BACK = "send_back", _("Sent back")
    RESTORE = "restore", _("Revision restored")
    RECOVER = "recover", _("Recovered after deletion")
    WITHDRAW = "withdraw", _("Article withdrawn")
    REINSTATE = "reinstate", _("Reinstated after withdrawal")
    IMPORT = "import", _("Import run")
    EXPORT = "export", _("Audit log exported")
    PRUNE = "prune", _("Expired entries removed")
    SENSITIVE_WORDS_CONFIRMED = (
        "sensitive_words_confirmed",
        _("Published despite sensitive-word warnings"),
    )


class EntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise NeverChanged("audit entries are never changed")

    def delete(self):
        raise NeverChanged("audit entries are removed only when expired (prune_audit_log)")

    def expired(self, retention_days):
        return self.filter(time__lt=timezone.now() - timedelta(days=retention_days))

    def remove_expired(self, retention_days):
        """Delete the entries older than the retention; their number."""
        count, _ = models.QuerySet.delete(self.expired(retention_days))
        return count


class Entry(models.Model):
    """One audited event. The account is kept by id and name rather than by a foreign key:
    the trail outlives the account, and deleting one changes none of its entries."""

    time = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    user_id = models.IntegerField(_("user id"), null=True, blank=True, db_index=True)
    username = models.CharField(_("user"), max_length=150, blank=True, db_index=True)
    address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    # The page (path) or the command (manage.py NAME, by which system user) it came from.
    origin = models.CharField(_("origin"), max_length=300, blank=True)
    action = models.CharField(_("action"), max_length=32, choices=Action.choices, db_index=True)
    # What it was done to: the model's label (news.article), its key and its name then.
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("object"), max_length=200, blank=True)
    # What changed, in words of the product (auditlog.details shows it in the reader's
    # language): {"fields": {name: [before, after]}, "added": …, "removed": …, "counts": …}.
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    succeeded = models.BooleanField(_("succeeded"), default=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-time", "-pk"]
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.get_action_display()} · {self.object_repr or self.username}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise NeverChanged("audit entries are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise NeverChanged("audit entries are removed only when expired (prune_audit_log)")
