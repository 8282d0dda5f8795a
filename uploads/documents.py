"""Recognising attached documents by their content, never by their name.

A file is accepted when its first bytes (and, for containers, its parts) say it is one of the
KINDS below and its extension is one that kind may carry. HTML, SVG, scripts and programs
are refused however they are named; so is any file whose content disagrees with its name.
"""

import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import olefile
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Kind:
    label: str  # what the reader sees beside the link
    content_type: str
    extensions: tuple  # the first one is used for the stored name when the upload's is not


OLE_WORD = "application/msword"
KINDS = {
    "pdf": Kind("PDF", "application/pdf", ("pdf",)),
    "doc": Kind("Word", OLE_WORD, ("doc",)),
    "docx": Kind(
        "Word",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ("docx",),
    ),
    "xls": Kind("Excel", "application/vnd.ms-excel", ("xls",)),
    "xlsx": Kind(
        "Excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ("xlsx",)
    ),
    "ppt": Kind("PowerPoint", "application/vnd.ms-powerpoint", ("ppt",)),
    "pptx": Kind(
        "PowerPoint",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ("pptx",),
    ),
    "wps": Kind("WPS", "application/vnd.ms-works", ("wps",)),
    "et": Kind("WPS", "application/vnd.ms-excel", ("et",)),
    "txt": Kind("TXT", "text/plain; charset=utf-8", ("txt",)),
    "zip": Kind("ZIP", "application/zip", ("zip",)),
    "rar": Kind("RAR", "application/vnd.rar", ("rar",)),
    "7z": Kind("7Z", "application/x-7z-compressed", ("7z",)),
}
ACCEPTED_EXTENSIONS = sorted({ext for kind in KINDS.values() for ext in kind.extensions})

# Office Open XML: a zip with these parts.
OOXML_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
# Office 97-2003 and WPS Office's own formats: an OLE2 compound file with these streams.
OLE_STREAMS = {
    "doc": ("worddocument",),
    "wps": ("worddocument",),
    "xls": ("workbook", "book"),
    "et": ("workbook", "book"),
    "ppt": ("powerpoint document",),
}
PROGRAM_SIGNATURES = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"#!")
MARKUP_STARTS = ("<!doctype", "<html", "<head", "<body", "<script", "<svg", "<?xml", "<")
SNIFF_BYTES = 64 * 1024


def inspect_document(file):
    """Return the key in KINDS of an uploaded file, or raise ValidationError saying why not.

    The size is checked first, from what the upload handler counted, before any reading."""
    size = file.size
    if not size:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(limit)s.")
            % {"limit": filesizeformat(settings.ATTACHMENT_MAX_BYTES)},
            code="too_large",
        )
    extension = PurePath(file.name or "").suffix.lstrip(".").lower()
    file.seek(0)
    head = file.read(SNIFF_BYTES)
    try:
        detected = _detect(file, head, extension)
    finally:
        file.seek(0)
    if detected is None:
        raise ValidationError(
            _("This kind of file is not accepted. Accepted: %(extensions)s.")
            % {"extensions": ", ".join(ext.upper() for ext in ACCEPTED_EXTENSIONS)},
            code="unsupported",
        )
    if extension not in KINDS[detected].extensions:
        raise ValidationError(
            _("The file's content (%(kind)s) does not match its name (.%(extension)s).")
            % {"kind": KINDS[detected].label, "extension": extension or "?"},
            code="mismatch",
        )
    return detected


def _detect(file, head, extension):
    if head.startswith(PROGRAM_SIGNATURES):
        raise ValidationError(_("Programs and scripts are not accepted."), code="program")
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"Rar!\x1a\x07"):
        return "rar"
    if head.startswith(b"7z\xbc\xaf\x27\x1c"):
        return "7z"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(file, extension)
    if head.startswith(olefile.MAGIC):
        return _ole_kind(file, extension)
    return _text_kind(head, extension)


def _zip_kind(file, extension):
    """docx/xlsx/pptx when the zip has that format's parts, else a plain zip."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ValidationError(_("The file is damaged."), code="damaged") from error
    if "[Content_Types].xml" in names:
        for kind, part in OOXML_PARTS.items():
            if part in names:
                return kind
    return "zip"


def _ole_kind(file, extension):
    """The Office 97-2003 or WPS kind whose streams the compound file holds; the name decides
    between formats that share streams (doc/wps, xls/et)."""
    try:
        with olefile.OleFileIO(file) as ole:
            streams = {"/".join(path).lower() for path in ole.listdir()}
    except (OSError, ValueError) as error:
        raise ValidationError(_("The file is damaged."), code="damaged") from error
    matching = [kind for kind, wanted in OLE_STREAMS.items() if streams & set(wanted)]
    if extension in matching:
        return extension
    return matching[0] if matching else None


def _text_kind(head, extension):
    """Plain text (UTF-8 or GB18030, as Chinese text files are) that is not markup."""
    if b"\x00" in head:
        return None
    text = _decoded(head)
    if text is None:
        return None
    if from_first_visible(text).lower().startswith(MARKUP_STARTS):
        raise ValidationError(_("HTML, SVG and other markup are not accepted."), code="markup")
    return "txt"


def from_first_visible(text):
    """The text from its first character that is neither blank (any Unicode space: form feed,
    NBSP, the ideographic space) nor invisible (a control or format character: BOM, zero
    width space), as a browser sniffing markup would skip them."""
    for index, char in enumerate(text):
        if not (char.isspace() or unicodedata.category(char) in {"Cc", "Cf"}):
            return text[index:]
    return ""


def _decoded(head):
    # The sniffed bytes of a longer file may end inside a character: up to 3 bytes may go.
    ends = range(len(head), len(head) - 4, -1) if len(head) == SNIFF_BYTES else [len(head)]
    for encoding in ("utf-8", "gb18030"):
        for end in ends:
            try:
                return head[:end].decode(encoding)
            except UnicodeDecodeError:
                continue
    return None


def validate_document(file):
    """Model-field validator form of inspect_document."""
    inspect_document(file)
