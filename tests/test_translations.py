"""Every interface string has its Chinese translation, compiled; so has every string Django's
admin shows, in Django's catalogue or the project's."""

import gettext
import re
from pathlib import Path

import django
import pytest
from django.conf import settings
from django.utils import translation

from .helpers import english_words, po_entries

PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[sdr]|\{\w*\}")
LOCALE = Path(settings.SITE_FILES) / "locale" / "zh_Hans" / "LC_MESSAGES"
DJANGO = Path(django.__file__).resolve().parent
# Django's own strings, as its English catalogues list them: the core, the admin, accounts.
DJANGO_CATALOGUES = [
    DJANGO / folder / "locale" / "en" / "LC_MESSAGES" / "django.po"
    for folder in ("conf", "contrib/admin", "contrib/auth", "contrib/contenttypes")
]


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_every_string_is_translated_and_none_is_fuzzy(domain):
    entries = list(po_entries(LOCALE / f"{domain}.po"))

    assert len(entries) > (50 if domain == "django" else 5)
    assert [msgid for msgid, msgstr, _, _ in entries if not msgstr] == []
    assert [msgid for msgid, _, flags, _ in entries if "fuzzy" in flags] == []


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_compiled_catalogue_matches_the_po_file(domain):
    with (LOCALE / f"{domain}.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)._catalog

    for msgid, msgstr, _, _ in po_entries(LOCALE / f"{domain}.po"):
        assert (catalogue.get(msgid) or catalogue.get((msgid, 0))) == msgstr, msgid


def in_chinese(context, msgid, plural):
    """The string as the active catalogues give it (one of a plural's forms)."""
    if plural:
        if context:
            return translation.npgettext(context, msgid, plural, 1)
        return translation.ngettext(msgid, plural, 1)
    return translation.pgettext(context, msgid) if context else translation.gettext(msgid)


@pytest.mark.parametrize("catalogue", DJANGO_CATALOGUES, ids=lambda path: path.parts[-5])
def test_django_strings_are_translated_by_django_or_by_the_project(catalogue):
    untranslated = []
    with translation.override("zh-hans"):
        for key, _, _, plural in po_entries(catalogue):
            context, _, msgid = key.rpartition("\x04")
            shown = in_chinese(context, msgid, plural)
            # Left as it is, but a string with no words to translate ("%s KB", "IPv6").
            if shown == msgid and english_words(PLACEHOLDER.sub(" ", shown)):
                untranslated.append(key)

    assert untranslated == []
