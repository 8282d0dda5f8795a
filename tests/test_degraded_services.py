"""When Redis or the database cannot be reached: the site degrades, says so on /healthz, and
never answers a 500."""

import json
import runpy
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.db import OperationalError, close_old_connections, connection, connections
from django.test import Client

from .helpers import CLOSED_PORT_REDIS


@pytest.fixture
def redis_down(settings, monkeypatch):
    """The project's own settings for a REDIS_URL whose server does not answer."""
    monkeypatch.setenv("REDIS_URL", CLOSED_PORT_REDIS)
    production = runpy.run_path(str(Path(django_settings.BASE_DIR) / "config" / "settings.py"))
    settings.REDIS_URL = production["REDIS_URL"]
    settings.CACHES = production["CACHES"]
    settings.SESSION_ENGINE = production["SESSION_ENGINE"]
    for name in ("DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS",):
        if name in production:
            setattr(settings, name, production[name])
    assert settings.CACHES["default"]["LOCATION"] == CLOSED_PORT_REDIS
    return settings


def health(client):
    response = client.get("/healthz")
    return response.status_code, json.loads(response.content)


# Redis down


def test_editor_logs_in_and_works_in_the_admin_with_redis_down(
    redis_down, django_user_model, demo_tree, make_article
):
    django_user_model.objects.create_superuser("chief", password="chief-pass-1")
    make_article(demo_tree["industry-planning"], title="照常可见")
    client = Client(raise_request_exception=False)

    login = client.post(
        "/admin/login/?next=/admin/", {"username": "chief", "password": "chief-pass-1"}
    )
    assert (login.status_code, login["Location"]) == (302, "/admin/")
    changelist = client.get("/admin/news/article/")
    assert changelist.status_code == 200
    assert "照常可见" in changelist.content.decode()
    assert client.get("/admin/news/article/add/").status_code == 200


def test_reader_pages_answer_with_redis_down(redis_down, demo_tree, make_article):
    article = make_article(demo_tree["industry-planning"], title="读者照常阅读")
    client = Client(raise_request_exception=False)

    for url in ("/", "/columns/industry-planning/", article.get_absolute_url(), "/feed/"):
        assert client.get(url).status_code == 200, url


def test_healthz_reports_redis_down_as_degraded_with_200(redis_down, client, db):
    assert health(client) == (
        200,
        {"status": "degraded", "checks": {"database": "ok", "redis": "unavailable"}},
    )


def test_healthz_names_every_dependency_when_all_answer(settings, client, db):
    settings.REDIS_URL = ""  # the test settings' local-memory cache: nothing else to check
    assert health(client) == (200, {"status": "ok", "checks": {"database": "ok"}})


# Database down


@pytest.fixture
def database_down():
    with mock.patch(
        "django.db.backends.utils.CursorWrapper.execute",
        side_effect=OperationalError("connection refused"),
    ):
        yield


@pytest.mark.parametrize("url", ["/", "/columns/industry-planning/", "/search/?q=经济"])
def test_pages_are_a_503_in_the_site_design_with_retry_after(demo_tree, database_down, url):
    response = Client(raise_request_exception=False).get(url)

    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    page = response.content.decode()
    assert "/static/css/site.css" in page and 'class="site-header"' in page
    assert "暂时无法访问" in page


def test_healthz_is_503_naming_the_database_when_it_is_down(client, db, database_down):
    status, body = health(client)

    assert status == 503
    assert body["status"] == "unavailable" and body["checks"]["database"] == "unavailable"


def test_other_faults_stay_a_500(client, db, settings):
    with mock.patch("news.views.HomeView.get_context_data", side_effect=ValueError("bug")):
        response = Client(raise_request_exception=False).get("/")

    assert response.status_code == 500
    assert "Retry-After" not in response


# A kept connection that the database closed between two requests


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL server process")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("url", ["/", "/columns/industry-planning/"])
def test_a_connection_closed_between_requests_is_replaced_unseen(demo_tree, url):
    reader = Client()
    assert reader.get(url).status_code == 200  # the connection is kept for the next request
    other = connections.create_connection("default")
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [connection.connection.info.backend_pid])
    other.close()
    close_old_connections()  # as at the start of every request (the test client skips it)

    assert reader.get(url).status_code == 200
