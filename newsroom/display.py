"""Values as the newsroom's pages show them."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


def describe(value):
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if hasattr(value, "tzinfo"):
        return date_format(timezone.localtime(value), "Y-m-d H:i")
    return "" if value is None else str(value)
