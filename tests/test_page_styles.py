"""Reader pages carry the site's stylesheet in their head, so that the browser's first layout
is of the styled page (news_tags.inline_stylesheet says why)."""

from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

STYLESHEET = (Path(settings.SITE_FILES) / "static" / "css" / "site.css").read_text(encoding="utf-8")


@pytest.mark.parametrize("url", ["/", "/columns/industry-planning/", "/search/?q=产业", "/en/"])
def test_reader_pages_have_the_stylesheet_inline_and_link_none(client, demo_tree, url):
    page = client.get(url).content.decode()

    head = page[: page.index("</head>")]
    assert f"<style>{STYLESHEET}</style>" in head
    assert 'rel="stylesheet"' not in page
