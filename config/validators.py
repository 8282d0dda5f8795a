"""Validators shared by the project's models."""

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
