"""Small real files for the demo: the documents it attaches to its notices, a one-page PDF
(drawn with Pillow), a DOCX and an XLSX (Office Open XML written with zipfile), and the
canvas of its pictures. No extra dependency."""

import zipfile
from io import BytesIO
from xml.sax.saxutils import escape

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

CONTENT_TYPES = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/{main}" ContentType="{content_type}"/>'
    "{extra}</Types>"
)
PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="{main}"/></Relationships>'
)


def pdf(title_lines, size=(595, 842)):
    """A one-page A4 PDF: a header band and ruled lines (text in Pillow's built-in font)."""
    page = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(page)
    draw.rectangle([0, 0, size[0], 90], fill=(11, 79, 138))
    for n, line in enumerate(title_lines):
        draw.text((48, 30 + 22 * n), line, fill="white" if n < 2 else (34, 34, 34))
    for y in range(140, size[1] - 80, 28):
        draw.line([(48, y), (size[0] - 48, y)], fill=(210, 216, 224), width=1)
    buffer = BytesIO()
    page.save(buffer, format="PDF", resolution=72)
    return buffer.getvalue()


def _package(main, content_type, parts, extra_types=""):
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            CONTENT_TYPES.format(main=main, content_type=content_type, extra=extra_types),
        )
        archive.writestr("_rels/.rels", PACKAGE_RELS.format(main=main))
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def docx(paragraphs):
    """A Word document of plain paragraphs."""
    body = "".join(f"<w:p><w:r><w:t>{escape(text)}</w:t></w:r></w:p>" for text in paragraphs)
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{body}</w:body></w:document>"
    )
    return _package(
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        {"word/document.xml": document},
    )


def xlsx(rows):
    """An Excel workbook of one sheet; cells are inline strings or numbers."""

    def cell(value):
        if isinstance(value, int | float):
            return f"<c><v>{value}</v></c>"
        return f'<c t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'

    sheet_rows = "".join(f"<row>{''.join(cell(v) for v in row)}</row>" for row in rows)
    main_ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel_ns = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{main_ns}" '
        f'xmlns:r="{rel_ns}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    )
    workbook_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
        'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
        f'Id="rId1" Type="{rel_ns}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    )
    sheet = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{main_ns}">'
        f"<sheetData>{sheet_rows}</sheetData></worksheet>"
    )
    return _package(
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        {
            "xl/workbook.xml": workbook,
            "xl/_rels/workbook.xml.rels": workbook_rels,
            "xl/worksheets/sheet1.xml": sheet,
        },
        extra_types=(
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        ),
    )


def gradient(size, top, bottom):
    """A picture of `size` shading from the colour `top` to `bottom`, and its pen."""
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(size[1]):
        t = y / size[1]
        draw.line(
            [(0, y), (size[0], y)],
            fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True)),
        )
    return image, draw


def as_jpeg(image, name):
    buffer = BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return ContentFile(buffer.getvalue(), name=name)
