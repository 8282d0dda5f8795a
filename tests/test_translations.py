"""Every interface string has its Chinese translation, compiled."""

import ast
import gettext
import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES"


def po_entries():
    """(msgid, msgstr, flags) for each entry of the .po file, header and obsolete ones left out;
    an entry with a context has the compiled catalogue's key, "context\x04msgid"."""
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#~")]
        if not any(line.startswith("msgid ") for line in lines):
            continue
        flags = " ".join(line for line in lines if line.startswith("#,"))
        fields, current = {}, None
        for line in lines:
            match = re.match(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[0\])?) (\".*\")$", line)
            if match:
                current = match.group(1).replace("[0]", "")
                fields[current] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        if fields.get("msgid"):
            key = "\x04".join(filter(None, [fields.get("msgctxt"), fields["msgid"]]))
            yield key, fields.get("msgstr", ""), flags


def test_every_string_is_translated_and_none_is_fuzzy():
    entries = list(po_entries())

    assert len(entries) > 50
    assert [msgid for msgid, msgstr, _ in entries if not msgstr] == []
    assert [msgid for msgid, _, flags in entries if "fuzzy" in flags] == []


def test_compiled_catalogue_matches_the_po_file():
    with (LOCALE / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)._catalog

    for msgid, msgstr, _ in po_entries():
        assert (catalogue.get(msgid) or catalogue.get((msgid, 0))) == msgstr, msgid
