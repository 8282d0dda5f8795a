"""Responses a cache in front can keep: readers' pages set no cookie, do not vary on Cookie,
say how long they may be kept; article pages are never kept by a shared cache; canonical
URLs never echo a query string."""

import re

import pytest

READER_PAGES = [
    "/",
    "/en/",
    "/columns/news/",
    "/search/?q=协同",
    "/feed/",
    "/columns/news/feed/",
    "/sitemap.xml",
    "/sitemap-articles.xml",
]


@pytest.fixture
def site(demo_tree, make_article):
    return make_article(demo_tree["industry-planning"], title="区域协同发展")


@pytest.mark.parametrize("url", READER_PAGES)
def test_reader_pages_can_be_kept_by_a_shared_cache(client, site, settings, url):
    settings.PUBLIC_CACHE_SECONDS = 90
    response = client.get(url)

    assert response.status_code == 200
    assert not response.cookies
    assert "cookie" not in response.get("Vary", "").lower()
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=90"}


def test_article_pages_are_never_kept_by_a_shared_cache(client, site):
    response = client.get(site.get_absolute_url())

    assert not response.cookies
    assert "cookie" not in response.get("Vary", "").lower()
    assert {"private", "no-cache"} <= set(response["Cache-Control"].split(", "))


def test_editors_pages_are_private(admin_client, site):
    assert "private" in admin_client.get("/").headers["Cache-Control"]
    assert "public" not in admin_client.get("/columns/news/").headers["Cache-Control"]


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("/?utm_source=x&evil=%3Cb%3E", "http://testserver/"),
        ("/columns/news/?utm_source=x", "http://testserver/columns/news/"),
        ("/en/columns/news/?ref=y", "http://testserver/en/columns/news/"),
    ],
)
def test_canonical_and_og_url_never_echo_the_query_string(client, site, url, canonical):
    page = client.get(url).content.decode()

    assert re.search(r'<link rel="canonical" href="([^"]+)"', page).group(1) == canonical
    assert re.search(r'<meta property="og:url" content="([^"]+)"', page).group(1) == canonical
