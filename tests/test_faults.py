"""Faults on a running server (gunicorn, PostgreSQL and Redis through proxies that the test
cuts): pages degrade or say 503, /healthz tells which, and the site recovers by itself."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import get_commands

from categories.demo import ensure_demo_tree
from categories.models import Category
from news.models import Article

from .servers import (  # noqa: F401  (fixtures)
    database_proxy,
    database_url,
    fetch,
    log_in,
    postgres,
    redis_proxy,
    server_env,
    start_server,
)

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site_data(postgres):  # noqa: F811
    ensure_demo_tree()
    article = Article.objects.create(
        column=Category.objects.get(slug="industry-planning"),
        title="故障演练文章",
        body="<p>正文</p>",
        status=Article.Status.PUBLISHED,
    )
    User.objects.create_superuser("chief", password="chief-pass-1")
    return article


def health(server):
    status, _, body = fetch(f"{server.url}/healthz")
    return status, json.loads(body)


def test_database_cut_gives_503_pages_and_the_site_recovers_without_restart(
    site_data,
    server_env,  # noqa: F811
    database_proxy,  # noqa: F811
    start_server,  # noqa: F811
):
    server = start_server({**server_env, "DATABASE_URL": database_url(database_proxy.port)})
    article_url = f"{server.url}{site_data.get_absolute_url()}"
    assert fetch(article_url)[0] == 200
    assert health(server) == (200, {"status": "ok", "checks": {"database": "ok", "redis": "ok"}})

    database_proxy.cut()
    for url in (f"{server.url}/", article_url, f"{server.url}/columns/industry-planning/"):
        status, headers, page = fetch(url)
        assert status == 503, url
        assert int(headers["Retry-After"]) > 0
        assert "/static/css/site.css" in page
    status, body = health(server)
    assert status == 503 and body["checks"]["database"] == "unavailable"

    database_proxy.restore()
    assert fetch(article_url)[0] == 200
    assert fetch(f"{server.url}/")[0] == 200
    assert health(server)[0] == 200
    assert server.process.poll() is None  # the same server, not restarted


def test_redis_cut_keeps_pages_admin_and_counts_working(
    site_data,
    server_env,  # noqa: F811
    redis_proxy,  # noqa: F811
    start_server,  # noqa: F811
):
    redis_url = f"redis://127.0.0.1:{redis_proxy.port}/2"
    server = start_server({**server_env, "REDIS_URL": redis_url})
    article_url = f"{server.url}{site_data.get_absolute_url()}"
    assert fetch(article_url)[0] == 200

    redis_proxy.cut()
    assert health(server) == (
        200,
        {"status": "degraded", "checks": {"database": "ok", "redis": "unavailable"}},
    )
    for url in (f"{server.url}/", f"{server.url}/columns/industry-planning/", article_url):
        assert fetch(url)[0] == 200, url
    editor = log_in(server.url, "chief", "chief-pass-1")
    status, _, page = fetch(f"{server.url}/admin/news/article/", opener=editor)
    assert status == 200 and "故障演练文章" in page
    for _ in range(5):
        assert fetch(article_url)[0] == 200

    redis_proxy.restore()
    assert health(server)[1]["status"] == "ok"
    assert fetch(f"{server.url}/admin/news/article/", opener=editor)[0] == 200
    # Nothing lost: one hit before the cut and six during it are in the database, once hits
    # buffered in Redis (the redis counter backend) are flushed.
    if "flush_view_counts" in get_commands():
        subprocess.run(
            [sys.executable, "manage.py", "flush_view_counts"],
            cwd=settings.BASE_DIR,
            env={**os.environ, **server_env, "REDIS_URL": redis_url},
            check=True,
        )
    site_data.refresh_from_db()
    assert site_data.view_count == 7
