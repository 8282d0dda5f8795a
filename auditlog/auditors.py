"""The auditors (审计员): staff in a group holding the audit log's view permission, and no
superuser (三权分立: the administrators whose actions the log records neither read it nor
choose what it shows)."""

from django.contrib.auth.models import Group

VIEW_PERMISSION = "view_entry"


def is_auditor(user):
    if not (user.is_active and user.is_staff) or user.is_superuser:
        return False
    # Asked several times a page (the index, the list's permissions): once per request.
    if not hasattr(user, "_is_auditor"):
        user._is_auditor = Group.objects.filter(
            user=user,
            permissions__content_type__app_label="auditlog",
            permissions__codename=VIEW_PERMISSION,
        ).exists()
    return user._is_auditor
