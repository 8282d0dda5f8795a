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
    # The URL alone tells the language: one copy for every browser.
    assert response.get("Vary", "") == ""
    assert response["Content-Language"] == ("en" if url.startswith("/en/") else "zh-hans")
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=90"}


def test_staff_pages_follow_the_browsers_language(client, db):
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en")

    assert "Accept-Language" in response["Vary"]
    assert response["Content-Language"] == "en"


@pytest.mark.parametrize("url", ["/", "/columns/news/", "/feed/"])
@pytest.mark.parametrize("token", ["garbage", ""])
def test_a_reader_page_that_sets_a_cookie_is_private(client, site, url, token):
    # Django's CSRF middleware replaces a malformed token cookie, on any page.
    client.cookies["csrftoken"] = token
    response = client.get(url)

    assert response.status_code == 200
    assert "csrftoken" in response.cookies
    assert "public" not in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("url", ["/", "/feed/", "/columns/news/feed/", "/sitemap.xml"])
@pytest.mark.parametrize("method", ["trace", "options"])
def test_reader_pages_answer_reading_methods_only(client, site, url, method):
    response = getattr(client, method)(url)

    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD"}
    assert client.head(url).status_code == 200


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
