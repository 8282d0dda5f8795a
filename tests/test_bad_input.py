"""Bad input gets a 404 or a sensible page, never a 500; /healthz reports the database."""

import re
from unittest import mock

import pytest
from django.db import OperationalError


@pytest.mark.parametrize(
    "path",
    [
        "/articles/0/",
        "/articles/99999999999999999999999999/",
        "/articles/abc/",
        "/articles/-1/",
        "/columns/industry-planning/?page=abc",
        "/columns/industry-planning/?page=2",
        "/columns/industry-planning/?page=0",
        "/columns/industry-planning/?page=99999999999999999999",
        "/columns/%00/",
        "/columns/" + "长" * 300 + "/",
        "/columns/industry-planning/feed/x/",
        "/no-such-page/",
    ],
)
def test_bad_urls_are_404_in_site_design(client, demo_tree, path):
    response = client.get(path)

    assert response.status_code == 404
    page = response.content.decode()
    assert "页面不存在" in page
    # Marked noindex, it names no address of its own for search engines to keep.
    assert 'rel="canonical"' not in page and "hreflang" not in page.split("<body>")[0]


def test_column_pagination_edges(client, demo_tree, make_article):
    for _ in range(41):
        make_article(demo_tree["industry-planning"])

    assert client.get("/columns/industry-planning/?page=3").status_code == 200
    assert client.get("/columns/industry-planning/?page=last").status_code == 200
    assert client.get("/columns/industry-planning/?page=4").status_code == 404
    page = client.get("/columns/industry-planning/?page=2").content.decode()
    assert 'aria-current="page">2</span>' in page
    assert 'href="?page=1">首页</a>' in page and 'href="?page=3">末页</a>' in page


def test_healthz_ok(client, db):
    response = client.get("/healthz")

    assert (response.status_code, response.json()["status"]) == (200, "ok")


def test_healthz_answers_a_load_balancer_under_production_settings(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["news.example.com"]

    response = client.get("/healthz", HTTP_HOST="10.0.0.5:8000")

    assert (response.status_code, response.json()["status"]) == (200, "ok")
    assert client.get("/", HTTP_HOST="10.0.0.5:8000").status_code == 400


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/search/?q=%E5%8D%8F%E5%90%8C%00", 200),
        ("/search/?q=%00%01", 200),
        ("/columns/%00/feed/", 404),
        ("/tags/%00/", 404),  # PostgreSQL refuses a NUL in a string
        ("/tags/%E5%8D%8F%E5%90%8C%00/", 404),
        ("/en/tags/a%00b/feed/", 404),
        ("/columns/industry-planning/?page=%00", 404),
    ],
)
def test_nul_and_control_characters_in_the_url(client, demo_tree, make_article, path, status):
    make_article(demo_tree["industry-planning"], title="区域协同")

    assert client.get(path).status_code == status


def test_healthz_503_when_database_fails(client, db):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=OperationalError):
        response = client.get("/healthz")

    assert response.status_code == 503


def test_server_error_page_in_site_design(client, db, settings):
    from django.template.loader import render_to_string

    page = render_to_string("500.html")

    assert "服务器错误" in page and "/static/css/site.css" in page
    assert '<html lang="zh-hans">' in page and '<a href="/">' in page


def test_server_error_page_in_english_says_so(db):
    from django.template.loader import render_to_string
    from django.utils import translation

    with translation.override("en"):
        page = render_to_string("503.html")

    assert "Temporarily unavailable" in page
    assert '<html lang="en">' in page and '<a href="/en/">' in page


@pytest.mark.parametrize("path", ["//evil.example/", "/\\evil.example/", "/no-such-page/"])
def test_a_page_not_found_links_to_no_other_site(client, db, path):
    # The path as a browser sends it (the test client would read //evil.example/ as a host).
    response = client.get("/", PATH_INFO=path)

    page = response.content.decode()
    assert response.status_code == 404
    assert "evil.example" not in page
    links = re.findall(r'<a href="([^"]*)"[^>]*hreflang="([^"]+)"', page)
    assert {href for href, _language in links} <= {"/", "/en/"}
