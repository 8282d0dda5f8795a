"""Validators shared by the project: of model fields, and of ids read from addresses."""

import re

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

# C0 control characters other than tab, newline and carriage return: invisible in a page,
# invalid in XML, so one of them in a title would break the RSS feeds.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

reject_control_characters = RegexValidator(
    CONTROL_CHARACTERS,
    inverse_match=True,
    message=_("Remove the invisible control characters from this text."),
    code="control_characters",
)


def strip_control_characters(text):
    return CONTROL_CHARACTERS.sub("", text)


def id_in_address(text, below):
    """The number that `text` (from a URL) spells when it is an id under `below`, else None.
    Its length is checked first: Python refuses to convert a number of over 4,300 digits."""
    if text and len(text) <= len(str(below)) and text.isascii() and text.isdecimal():
        number = int(text)
        return number if number < below else None
    return None
