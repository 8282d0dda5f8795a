"""Display modes: the mourning mode greys every reader page between the times set, switching
on and off on time with no edit, kept pages and shared caches included; the 关怀版 is every
reader page under /care/, cacheable, with no cookie, its links staying in it."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sitesettings.models import SiteSettings

from .helpers import text_of

GREY = '<html lang="zh-hans" class="mourning">'


@pytest.fixture
def clock(monkeypatch):
    """The site's clock, set by the test."""
    moment = {"now": timezone.now()}
    monkeypatch.setattr(timezone, "now", lambda: moment["now"])
    return moment


def mourning(starts, ends=None):
    record = SiteSettings.objects.get_or_create(pk=1)[0]
    record.mourning_starts_at, record.mourning_ends_at = starts, ends
    record.save()


def test_pages_are_grey_only_between_the_times_set(
    client, reader_site, clock, page_cache, counter_backend
):
    # Switches sooner than the kept pages' own lifetime (news.caching.LONGEST_SECONDS).
    start = clock["now"] + timedelta(seconds=30)
    mourning(start, start + timedelta(seconds=60))
    urls = [reader_site["urls"][name] for name in ("home", "column", "article", "search")]

    # Each page is kept in colour first; the time passes with no edit.
    assert all(GREY not in client.get(url).content.decode() for url in urls)
    clock["now"] = start
    assert all(GREY in client.get(url).content.decode() for url in urls)
    clock["now"] = start + timedelta(seconds=60)
    assert all(GREY not in client.get(url).content.decode() for url in urls)


def test_the_grey_is_one_stylesheet_rule_on_the_root(client, reader_site, clock):
    mourning(clock["now"] - timedelta(minutes=1))

    page = client.get("/").content.decode()

    assert page.startswith("<!DOCTYPE html>") and GREY in page
    assert "html.mourning { filter: grayscale(1); }" in page
    assert "<script" not in page


def test_shared_caches_keep_a_page_no_later_than_the_next_switch(
    client, reader_site, clock, settings
):
    settings.PUBLIC_CACHE_SECONDS = 600
    assert client.get("/")["Cache-Control"] == "public, max-age=600"

    mourning(clock["now"] + timedelta(seconds=90), clock["now"] + timedelta(hours=2))
    assert client.get("/")["Cache-Control"] == "public, max-age=90"

    clock["now"] += timedelta(hours=1, minutes=59)
    assert client.get("/")["Cache-Control"] == "public, max-age=60"


def test_the_end_must_follow_the_start(admin_client, db):
    from .test_site_settings import settings_form

    start = timezone.localtime() + timedelta(days=1)
    form = settings_form(
        mourning_starts_at_0=start.strftime("%Y-%m-%d"),
        mourning_starts_at_1="10:00:00",
        mourning_ends_at_0=start.strftime("%Y-%m-%d"),
        mourning_ends_at_1="09:00:00",
    )

    response = admin_client.post("/admin/sitesettings/sitesettings/1/change/", form)

    assert response.status_code == 200
    assert "哀悼模式的结束时间必须晚于开始时间。" in response.content.decode()
    assert SiteSettings.objects.get().mourning_starts_at is None


def header(page):
    return re.search(r'<header class="site-header">.*?</header>', page, re.S).group(0)


def test_every_reader_page_links_to_its_care_version(client, reader_site):
    column = reader_site["column"].get_absolute_url()

    page = client.get(column).content.decode()

    assert f'<a class="version-switch" href="/care{column}">关怀版</a>' in header(page)


def test_the_care_version_is_the_same_page_larger_and_its_links_stay_in_it(client, reader_site):
    column = reader_site["column"].get_absolute_url()

    response = client.get(f"/care{column}")
    page = response.content.decode()

    assert response.status_code == 200
    assert "font-size: 125%" in page
    assert "font-size: 125%" not in client.get(column).content.decode()
    assert f'<a class="version-switch" href="{column}">标准版</a>' in header(page)
    assert f'href="/care{reader_site["article"].get_absolute_url()}"' in page
    assert '<a class="brand" href="/care/">' in page
    assert reader_site["article"].title in text_of(page)


@pytest.mark.parametrize("name", ["home", "English home", "column", "article", "tag", "search"])
def test_care_pages_are_cacheable_and_set_no_cookie(client, reader_site, name):
    response = client.get(f"/care{reader_site['urls'][name]}")

    assert response.status_code == 200
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    if name != "article":
        assert response["Cache-Control"].startswith("public")


def test_care_and_standard_pages_are_kept_apart(client, reader_site, page_cache, counter_backend):
    for url in ("/", reader_site["urls"]["article"]):
        client.get(url)
        assert "font-size: 125%" in client.get(f"/care{url}").content.decode()
        assert "font-size: 125%" not in client.get(url).content.decode()


def test_the_english_care_version_is_in_english(client, reader_site):
    page = client.get("/care/en/").content.decode()

    assert '<html lang="en"' in page
    assert '<a class="version-switch" href="/en/">Standard version</a>' in page
    assert 'action="/care/en/search/"' in page
    assert '<a href="/care/" lang="zh-hans" hreflang="zh-hans">简体中文</a>' in page


def test_the_care_prefix_reaches_no_staff_page_and_does_not_outlive_the_request(
    client, admin_client, reader_site
):
    assert admin_client.get("/care/admin/").status_code == 404
    assert client.get("/care").url == "/care/"
    client.get("/care/")
    assert reverse("home") == "/"


def test_a_missing_care_page_links_home_not_to_the_path_it_was_asked(client, db):
    response = client.get("/care//evil.example/")

    assert response.status_code == 404
    assert '<a class="version-switch" href="/">' in response.content.decode()


def test_the_version_switch_keeps_the_search_and_the_page_but_nothing_else(
    client, reader_site, make_article
):
    column = reader_site["column"]
    for n in range(25):
        make_article(column, title=f"翻页文章 {n}")
    address = column.get_absolute_url()

    search = header(client.get("/search/?q=翻页&utm_source=x").content.decode())
    listed = header(client.get(f"{address}?page=02&utm_source=x").content.decode())
    back = header(client.get(f"/care{address}?page=2").content.decode())
    first = header(client.get(f"{address}?page=1").content.decode())

    assert 'href="/care/search/?q=%E7%BF%BB%E9%A1%B5">关怀版' in search
    assert f'href="/care{address}?page=2">关怀版' in listed
    assert f'href="{address}?page=2">标准版' in back
    assert f'href="/care{address}">关怀版' in first


def test_a_care_page_names_the_standard_page_as_canonical(client, reader_site):
    article = reader_site["article"].get_absolute_url()
    column = reader_site["column"].get_absolute_url()

    def canonical(url):
        page = client.get(url).content.decode()
        return re.search(r'<link rel="canonical" href="([^"]*)"', page).group(1)

    assert canonical(f"/care{article}") == canonical(article) == f"http://testserver{article}"
    assert canonical(f"/care{column}") == f"http://testserver{column}"
    assert canonical("/care/en/") == "http://testserver/en/"
