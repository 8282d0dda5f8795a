"""The readers' kept pages cannot be filled with made-up URLs: a page is kept once per value
of the parameters its view reads, in their one form, whatever else the URL carries; and a
made-up session cookie neither skips the kept pages nor fills them."""

import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_redis.cache import RedisCache

from .helpers import DAY_STATEMENTS, section, text_of

# Parameters that none of these pages reads, or that a page reads under another name.
UNREAD = ["x=1", "p=7", "page=2", "utm_source=feed"]


def cache_keys():
    """Every key in the cache backend itself."""
    cache = caches["default"]
    if isinstance(cache, RedisCache):
        return [key.decode() for key in cache.client.get_client().keys("*")]
    return list(cache._cache)


def kept_pages():
    """The keys of the pages kept for readers."""
    return {key for key in cache_keys() if re.search(r":public:(page|counted-page):", key)}


@pytest.mark.parametrize(
    "page",
    [
        "home",
        "English home",
        "column",
        "column feed",
        "article",
        "tag",
        "tag feed",
        "feed",
        "search",
        "sitemap",
        "sitemap section",
    ],
)
def test_parameters_a_page_does_not_read_make_no_entry_of_their_own(
    client, page_cache, reader_site, page
):
    url = reader_site["urls"][page]
    joiner = "&" if "?" in url else "?"
    # Lists and the search read `page`, the sitemap's section `p`: not unread there.
    read = {"column": "page", "tag": "page", "search": "page", "sitemap section": "p"}
    unread = [parameter for parameter in UNREAD if not parameter.startswith(f"{read.get(page)}=")]

    statuses = [client.get(url).status_code]
    statuses += [client.get(f"{url}{joiner}{parameter}").status_code for parameter in unread]

    assert set(statuses) == {200}
    assert len(kept_pages()) == 1


def test_a_page_number_is_kept_once_in_whatever_form_it_is_written(client, page_cache, reader_site):
    url = reader_site["column"].get_absolute_url()

    first_pages = [client.get(f"{url}{query}") for query in ["", "?page=1", "?page=01"]]
    first_pages += [client.get(f"{url}?page=%2B1"), client.get(f"{url}?page=")]
    assert len(kept_pages()) == 1
    assert {page.content for page in first_pages} == {first_pages[0].content}

    assert client.get(f"{url}?page=2").status_code == 200
    assert client.get(f"{url}?page=002").content == client.get(f"{url}?page=2").content
    assert len(kept_pages()) == 2


@pytest.mark.parametrize("query", ["?page=abc", "?page=999999", "?page=0", "?page=1.0"])
def test_a_page_number_the_page_refuses_is_a_404_and_not_kept(
    client, page_cache, reader_site, query
):
    assert client.get(f"{reader_site['column'].get_absolute_url()}{query}").status_code == 404
    assert client.get(f"/sitemap-articles.xml{query.replace('page', 'p')}").status_code == 404
    assert not kept_pages()


def test_a_search_is_kept_once_however_its_words_are_spaced(client, page_cache, reader_site):
    pages = [
        client.get(f"/search/?q={query}") for query in ["园区 规划", "+园区++规划+", "园区%09规划"]
    ]

    assert len(kept_pages()) == 1
    assert len({page.content for page in pages}) == 1
    assert "找到 1 篇与“园区 规划”相关的文章" in text_of(pages[0].content.decode())


def canonical_and_og_url(response):
    page = response.content.decode()
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', page).group(1)
    return canonical, re.search(r'<meta property="og:url" content="([^"]+)"', page).group(1)


def test_parameters_a_page_does_not_read_reach_neither_its_page_nor_its_address(
    client, page_cache, reader_site
):
    column, article = (
        reader_site["column"].get_absolute_url(),
        reader_site["article"].get_absolute_url(),
    )
    # The first requests carry a marker; what is kept for everyone must not.
    client.get(f"{column}?page=02&x=marker")
    client.get(f"{article}?p=marker")

    column_page = client.get(f"{column}?page=2")
    article_page = client.get(f"{article}?p=other")

    assert b"marker" not in column_page.content + article_page.content
    assert canonical_and_og_url(column_page) == (
        f"http://testserver{column}?page=2",
        f"http://testserver{column}",
    )
    assert canonical_and_og_url(article_page) == (f"http://testserver{article}",) * 2


def with_made_up_session(client):
    client.cookies["sessionid"] = "madeupsessionkeythatmapstonosession"
    return client


def test_a_made_up_session_cookie_is_answered_from_the_kept_pages(page_cache, reader_site):
    column, article = (
        reader_site["column"].get_absolute_url(),
        reader_site["article"].get_absolute_url(),
    )
    reader = Client()
    reader.get(column)
    reader.get(article)
    made_up = with_made_up_session(Client())

    with CaptureQueriesContext(connection) as column_queries:
        kept_column = made_up.get(column)
    with CaptureQueriesContext(connection) as article_queries:
        kept_article = made_up.get(article)

    # Counted before any other request: each one empties the connection's query log.
    assert len(column_queries) <= 1  # the content versions, at most
    assert len(article_queries) <= 2 + DAY_STATEMENTS  # the versions and the hit, at most
    assert kept_column.content == reader.get(column).content
    assert "点击: 2" in text_of(section(kept_article.content.decode(), "article-meta", "p"))


def test_a_made_up_session_cookie_keeps_nothing(page_cache, reader_site):
    made_up = with_made_up_session(Client())
    for url in reader_site["urls"].values():
        assert made_up.get(url).status_code == 200

    assert not [key for key in cache_keys() if ":public:" in key]  # pages nor fragments
