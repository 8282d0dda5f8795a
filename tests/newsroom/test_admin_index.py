"""The admin's home page: each app's module once, with what the app shows there (the
readership dashboard, the site inspection's summary) inside it."""

import re

import pytest


def headings(page, name):
    """How many module headings (a box's title, an app's caption) read `name`."""
    return len(re.findall(rf">{name}</(?:h2|a)>", page))


def app_module(page, label):
    """The index's module of an app (up to the next one, or the page's end)."""
    return page.split(f'<div class="app-{label} module')[1].split('<div class="app-')[0]


@pytest.mark.django_db
def test_a_chief_editor_sees_each_heading_once(chief_client):
    page = chief_client.get("/admin/").content.decode()

    assert headings(page, "阅读统计") == 1 and headings(page, "网站检查") == 1
    # The dashboard and the inspection's summary are inside their apps' modules.
    readership = app_module(page, "readership")
    assert 'href="/admin/readership/"' in readership
    assert "每日点击、点击排行、各栏目点击" in readership
    assert "所有栏目均按期更新" in app_module(page, "inspection")


@pytest.mark.django_db
def test_a_reporter_sees_them_in_boxes_of_their_own(editor_client):
    page = editor_client.get("/admin/").content.decode()

    assert "app-readership" not in page and "app-inspection" not in page
    assert headings(page, "阅读统计") == 1 and headings(page, "网站检查") == 1
    assert 'href="/admin/readership/"' in page and "所有栏目均按期更新" in page


@pytest.mark.django_db
def test_admin_pages_name_the_sites_icon(client, chief_client):
    # Without it a browser asks for /favicon.ico, which the site does not serve (a 404 logged
    # on every admin page).
    icon = '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'
    assert icon in client.get("/admin/login/").content.decode()
    assert icon in chief_client.get("/admin/").content.decode()
