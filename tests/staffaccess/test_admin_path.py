"""The admin at a path of its own (DJANGO_ADMIN_PATH)."""

import importlib

import pytest
from django.test import Client
from django.urls import clear_url_caches

import config.urls


def serve_admin_at(settings, path):
    settings.ADMIN_PATH = path
    importlib.reload(config.urls)
    clear_url_caches()


@pytest.fixture
def admin_elsewhere(settings):
    serve_admin_at(settings, "desk-7f3a/")
    yield
    serve_admin_at(settings, "admin/")


def test_the_admin_answers_at_its_path_only(admin_elsewhere, admin_client):
    assert admin_client.get("/desk-7f3a/news/article/").status_code == 200
    assert admin_client.get("/admin/news/article/").status_code == 404
    assert admin_client.get("/desk-7f3a/keep-alive/").status_code == 204


def test_its_pages_follow_the_staffs_language(admin_elsewhere, db):
    # Reader pages are in their address's language; staff pages in the browser's.
    page = Client().get("/desk-7f3a/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert '<html lang="en"' in page


def test_robots_txt_does_not_name_it(admin_elsewhere, db):
    robots = Client().get("/robots.txt").content.decode()

    assert "desk-7f3a" not in robots and "/admin/" not in robots
    assert "Disallow: /ckeditor/" in robots
