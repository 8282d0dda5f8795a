"""Faults on a running server (gunicorn, PostgreSQL and Redis through proxies that the test
cuts or pauses): pages degrade or say 503, /healthz tells which, and the site recovers by
itself. A paused server accepts connections and never answers: what bounds a worker then is
DATABASE_CONNECT_TIMEOUT, DATABASE_QUERY_TIMEOUT and Redis's socket timeouts, set low here."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth.models import User

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


# Long enough for any bounded wait below, well under the server's 30 s worker timeout: an
# answer within it shows that no worker hung (a hung worker is killed and answers nothing).
ANSWER_WITHIN = 25
STALL_BOUNDS = {"DATABASE_CONNECT_TIMEOUT": "2", "DATABASE_QUERY_TIMEOUT": "2"}


def health(server):
    status, _, body = fetch(f"{server.url}/healthz", timeout=ANSWER_WITHIN)
    return status, json.loads(body)


def assert_unavailable_pages(server, article_url):
    for url in (article_url, f"{server.url}/", f"{server.url}/columns/industry-planning/"):
        status, headers, page = fetch(url, timeout=ANSWER_WITHIN)
        assert status == 503, url
        assert int(headers["Retry-After"]) > 0
        assert "/static/css/site.css" in page


# Each fault, and what ends it: a cut closes connections and refuses new ones; a pause
# accepts them and forwards nothing, as a stopped or blocked server does.
FAULTS = {"cut": "restore", "pause": "resume"}


@pytest.mark.parametrize("fault", FAULTS)
def test_database_fault_gives_503_pages_in_bounded_time_and_the_site_recovers(
    fault,
    site_data,
    server_env,  # noqa: F811
    database_proxy,  # noqa: F811
    start_server,  # noqa: F811
):
    env = {**server_env, **STALL_BOUNDS, "DATABASE_URL": database_url(database_proxy.port)}
    server = start_server(env)
    article_url = f"{server.url}{site_data.get_absolute_url()}"
    # The worker now holds a persistent connection (CONN_MAX_AGE), which a pause catches
    # between two requests: the next request's first query waits on a socket that never answers.
    assert fetch(article_url)[0] == 200
    assert health(server) == (200, {"status": "ok", "checks": {"database": "ok", "redis": "ok"}})

    getattr(database_proxy, fault)()
    assert_unavailable_pages(server, article_url)
    status, body = health(server)
    assert status == 503 and body["checks"]["database"] == "unavailable"

    getattr(database_proxy, FAULTS[fault])()
    assert fetch(article_url, timeout=ANSWER_WITHIN)[0] == 200
    assert fetch(f"{server.url}/")[0] == 200
    assert health(server)[0] == 200
    assert server.process.poll() is None  # the same server, not restarted


@pytest.mark.parametrize("fault", FAULTS)
def test_redis_fault_keeps_pages_admin_and_counts_working(
    fault,
    site_data,
    server_env,  # noqa: F811
    redis_proxy,  # noqa: F811
    start_server,  # noqa: F811
):
    env = {**server_env, "REDIS_URL": redis_proxy.url}
    server = start_server(env)
    article_url = f"{server.url}{site_data.get_absolute_url()}"
    assert fetch(article_url)[0] == 200

    getattr(redis_proxy, fault)()
    assert health(server) == (
        200,
        {"status": "degraded", "checks": {"database": "ok", "redis": "unavailable"}},
    )
    for url in (f"{server.url}/", f"{server.url}/columns/industry-planning/", article_url):
        assert fetch(url, timeout=ANSWER_WITHIN)[0] == 200, url
    editor = log_in(server.url, "chief", "chief-pass-1")
    status, _, page = fetch(f"{server.url}/admin/news/article/", opener=editor)
    assert status == 200 and "故障演练文章" in page
    for _ in range(5):
        assert fetch(article_url, timeout=ANSWER_WITHIN)[0] == 200

    getattr(redis_proxy, FAULTS[fault])()
    assert health(server)[1]["status"] == "ok"
    assert fetch(f"{server.url}/admin/news/article/", opener=editor)[0] == 200
    # Hits buffered in Redis (the redis counter backend) go to the database.
    subprocess.run(
        [sys.executable, "manage.py", "flush_view_counts"],
        cwd=settings.BASE_DIR,
        env={**os.environ, **env},
        check=True,
    )
    site_data.refresh_from_db()
    # Nothing lost: the hit before the fault and the six during it. A cut refuses every
    # command at once; under a pause, a hit whose command timed out was counted in the
    # database and may also be applied by Redis when it runs again.
    if fault == "cut":
        assert site_data.view_count == 7
    else:
        assert 7 <= site_data.view_count <= 1 + 2 * 6
