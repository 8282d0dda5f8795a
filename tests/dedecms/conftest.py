import os
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from PIL import Image

from .mariadb import MariaDB, find_server
from .sites import ARTICLES, GBK_ONLY, TABLES_56, TABLES_57, UTF8_ONLY, article, create_site


@pytest.fixture(scope="session")
def mariadb():
    server = find_server()
    if server is None:
        message = "MariaDB is not installed (apt-get install mariadb-server)"
        if os.environ.get("DEDECMS_TESTS_NEED_MARIADB"):
            pytest.fail(message)
        pytest.skip(message)
    instance = MariaDB(server).start()
    yield instance
    instance.stop()


def utf8_site_named(mariadb, name):
    return create_site(
        mariadb, name, charset="utf8mb4", tables=TABLES_57, articles=ARTICLES + UTF8_ONLY
    )


@pytest.fixture(scope="session")
def utf8_site(mariadb):
    """A DedeCMS 5.7 UTF-8 site (utf8mb4 tables). Shared: tests must not change it."""
    return utf8_site_named(mariadb, "dede_utf8")


@pytest.fixture
def editable_site(mariadb):
    """Like utf8_site, fresh for each test, to edit."""
    return utf8_site_named(mariadb, "dede_edited")


@pytest.fixture(scope="session")
def gbk_site(mariadb):
    """A DedeCMS 5.6 GBK site, with the table prefix changed at install."""
    return create_site(
        mariadb,
        "dede_gbk",
        charset="gbk",
        tables=TABLES_56,
        prefix="gx_",
        articles=ARTICLES + GBK_ONLY,
    )


@pytest.fixture(scope="session")
def mislabelled_site(mariadb):
    """A GBK site whose tables say latin1 (as MySQL 4 era sites often do), read with
    --charset=gbk; article 111's title holds bytes that are not GBK."""
    site = create_site(
        mariadb,
        "dede_latin1",
        charset="latin1",
        tables=TABLES_56,
        stored_as="gbk",
        articles=ARTICLES + GBK_ONLY,
    )
    site.add_article(article(111, 1, "坏字节"))
    site.execute(
        "UPDATE #@__archives SET title = %s WHERE id = 111", ["园区".encode("gbk") + b"\x81\x20"]
    )
    return site


def image_bytes(image_format):
    buffer = BytesIO()
    Image.new("RGB", (640, 400), (20, 120, 60)).save(buffer, format=image_format)
    return buffer.getvalue()


@pytest.fixture
def site_root(tmp_path):
    """The old site's web root: the images the test articles refer to, one of them fake."""
    root = tmp_path / "wwwroot"
    folder = root / "uploads" / "allimg" / "230105"
    folder.mkdir(parents=True)
    (folder / "cover.jpg").write_bytes(image_bytes("JPEG"))
    (folder / "chart.png").write_bytes(image_bytes("PNG"))
    (root / "uploads" / "allimg" / "fake.jpg").write_text("<?php system($_GET['c']); ?>")
    return root


@pytest.fixture
def import_dedecms(db):
    """Run the command; returns what it printed."""

    def run(site, *args):
        out = StringIO()
        call_command("import_dedecms", site.url, f"--prefix={site.prefix}", *args, stdout=out)
        return out.getvalue()

    return run
