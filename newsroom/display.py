"""Values as the newsroom's pages show them."""

import re

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

HAN = re.compile(r"[\u4e00-\u9fff]")


def describe(value, seconds=False):
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if hasattr(value, "tzinfo"):
        # One form in both languages, ending in no full stop (English's "p.m." does) to
        # double the sentence's.
        return date_format(timezone.localtime(value), "Y-m-d H:i:s" if seconds else "Y-m-d H:i")
    return "" if value is None else str(value)


def real_name(user):
    """A member of staff's real name as a reprint names its editor in charge: family name
    then given name, with no space (王某), else their login."""
    return f"{user.last_name}{user.first_name}".strip() or user.get_username()


def person(user):
    """A member of staff as colleagues know them: their name (a Chinese one family name
    first, with no space: 张三), else their login."""
    if user is None:
        return "—"
    if HAN.search(user.last_name + user.first_name):
        return f"{user.last_name}{user.first_name}".strip()
    return user.get_full_name() or user.get_username()
