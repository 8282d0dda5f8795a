"""Sample files of every kind an attachment may be, made here (no binary fixtures)."""

import struct
import zipfile
from io import BytesIO

from news import demo_files

SECTOR = 512
FREE, END, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def ole(stream_name, content=b"sample"):
    """An OLE2 compound file (the container of .doc/.xls/.ppt/.wps/.et) with one stream.

    The stream is padded to 4 KB so that it lives in ordinary sectors, not the mini stream."""
    data = content.ljust(4096, b"\0")
    data_sectors = len(data) // SECTOR
    fat = [FAT_SECTOR, END] + [2 + n + 1 for n in range(data_sectors - 1)] + [END]
    fat += [FREE] * (SECTOR // 4 - len(fat))
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        bytes.fromhex("D0CF11E0A1B11AE1"),
        b"\0" * 16,
        0x3E,  # minor version
        3,  # major version: 512-byte sectors
        0xFFFE,  # byte order
        9,  # sector shift
        6,  # mini sector shift
        b"\0" * 6,
        0,  # directory sectors (0 for version 3)
        1,  # FAT sectors
        1,  # first directory sector
        0,  # transaction signature
        4096,  # mini stream cutoff
        END,  # first mini FAT sector
        0,
        END,  # first DIFAT sector
        0,
    ) + struct.pack("<109I", 0, *[FREE] * 108)

    def entry(name, kind, child, start, size):
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return struct.pack(
            "<64sHBBIII16sI8s8sIQ",
            encoded,
            len(encoded),
            kind,
            1,  # black
            NO_STREAM,
            NO_STREAM,
            child,
            b"\0" * 16,
            0,
            b"\0" * 8,
            b"\0" * 8,
            start,
            size,
        )

    directory = (
        entry("Root Entry", 5, 1, END, 0)
        + entry(stream_name, 2, NO_STREAM, 2, len(data))
        + entry("", 0, NO_STREAM, 0, 0) * 2
    )
    return header + struct.pack(f"<{SECTOR // 4}I", *fat) + directory + data


def pptx():
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<p:presentation/>")
    return buffer.getvalue()


def plain_zip(names=("说明.txt",)):
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "内容")
    return buffer.getvalue()


# (file name, bytes, content type served, label shown)
ACCEPTED = {
    "pdf": ("通知.pdf", demo_files.pdf(["Notice"]), "application/pdf", "PDF"),
    "doc": ("回执.doc", ole("WordDocument"), "application/msword", "Word"),
    "docx": (
        "回执.docx",
        demo_files.docx(["报名回执"]),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word",
    ),
    "xls": ("报价.xls", ole("Workbook"), "application/vnd.ms-excel", "Excel"),
    "xlsx": (
        "报价.xlsx",
        demo_files.xlsx([["序号", "金额"], [1, 100]]),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel",
    ),
    "ppt": ("讲稿.ppt", ole("PowerPoint Document"), "application/vnd.ms-powerpoint", "PowerPoint"),
    "pptx": (
        "讲稿.pptx",
        pptx(),
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "PowerPoint",
    ),
    "wps": ("文稿.wps", ole("WordDocument"), "application/vnd.ms-works", "WPS"),
    "et": ("表格.et", ole("Workbook"), "application/vnd.ms-excel", "WPS"),
    "txt": ("说明.txt", "第一行\n第二行\n".encode(), "text/plain; charset=utf-8", "TXT"),
    "zip": ("资料.zip", plain_zip(), "application/zip", "ZIP"),
    "rar": ("资料.rar", b"Rar!\x1a\x07\x01\x00" + b"\0" * 64, "application/vnd.rar", "RAR"),
    "7z": (
        "资料.7z",
        b"7z\xbc\xaf\x27\x1c\x00\x04" + b"\0" * 64,
        "application/x-7z-compressed",
        "7Z",
    ),
}

# (file name, bytes): what must be refused.
REFUSED = {
    "html": ("page.html", b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"),
    "html named .txt": ("page.txt", b"<html><body>hi</body></html>"),
    "svg": ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'),
    "exe named .pdf": ("report.pdf", b"MZ\x90\x00\x03" + b"\0" * 200),
    "script": ("run.txt", b"#!/bin/sh\nrm -rf /\n"),
    "zip named .docx": ("form.docx", plain_zip()),
    "pdf named .docx": ("form.docx", demo_files.pdf(["x"])),
    "unknown binary": ("data.pdf", bytes(range(256)) * 4),
    "empty": ("empty.pdf", b""),
}
