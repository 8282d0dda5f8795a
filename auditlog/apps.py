from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditLogConfig(AppConfig):
    """The security audit log (安全审计): who did what to accounts, rights, articles and the
    site's settings, when, from where, with what result; kept, never changed, read by the
    auditors alone."""

    name = "auditlog"
    verbose_name = _("Audit log")

    def ready(self):
        from . import receivers

        receivers.connect()
