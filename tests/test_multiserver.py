"""Two gunicorn servers on one PostgreSQL (and one Redis), as behind a load balancer: hits on
both add up exactly, and a column or article edit shows on the next request to either.

Marked `multiserver` (not in the default run): `.ci/run` runs them with DATABASE_URL and
TEST_REDIS_URL set.
"""

import os
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from news import counter
from news.models import Article

pytestmark = [
    pytest.mark.multiserver,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT = Path(__file__).resolve().parent.parent
PORTS = (8161, 8162)


def database_url():
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


@pytest.fixture
def servers(settings, counter_backend):
    """Two gunicorn servers, two workers each, on the test database; their base URLs."""
    if connection.vendor != "postgresql":
        pytest.skip("two servers share one database server: PostgreSQL only")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": database_url(),
        "VIEW_COUNTER": counter_backend,
        "VIEW_COUNT_FLUSH_SECONDS": "1",
        "REDIS_URL": django_settings.CACHES["default"]["LOCATION"]
        if counter_backend == "redis"
        else "",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    processes = [
        subprocess.Popen(
            [gunicorn, "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            cwd=ROOT,
            env=env,
            stderr=subprocess.DEVNULL,
        )
        for port in PORTS
    ]
    urls = [f"http://127.0.0.1:{port}" for port in PORTS]
    try:
        for url in urls:
            wait_for(url)
        yield urls
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def wait_for(url):
    for _ in range(150):
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not start")


def get(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read().decode()


def test_hits_on_two_servers_add_up_exactly(servers, demo_tree, make_article):
    article = make_article(demo_tree["industry-planning"])
    threads_per_server, hits_each = 4, 125
    failures = []

    def read_many(base):
        for _ in range(hits_each):
            try:
                get(base + article.get_absolute_url())
            except OSError as error:
                failures.append(error)

    workers = [
        threading.Thread(target=read_many, args=(base,))
        for base in servers
        for _ in range(threads_per_server)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert failures == []
    counter.flush()
    expected = len(servers) * threads_per_server * hits_each
    assert Article.objects.get(pk=article.pk).view_count == expected


def test_column_edit_shows_on_the_next_request_to_every_server(servers, demo_tree):
    column = demo_tree["industry-planning"]
    for base in servers:
        for _ in range(4):  # reach both workers of each server
            assert "产业规划" in get(base + column.get_absolute_url())

    column.name = "产业布局规划"
    column.save()

    for base in servers:
        for _ in range(4):
            assert "产业布局规划" in get(base + column.get_absolute_url())


def test_article_edit_shows_on_the_next_hit_on_every_server(servers, demo_tree, make_article):
    article = make_article(demo_tree["industry-planning"], title="园区规划新进展")
    for base in servers:
        for _ in range(4):  # each worker of each server keeps the page
            assert "园区规划新进展" in get(base + article.get_absolute_url())

    article.title = "园区规划再提速"
    article.save()

    for base in servers:
        for _ in range(4):
            page = get(base + article.get_absolute_url())
            assert "园区规划再提速" in page
            assert "园区规划新进展" not in page
    counter.flush()
    assert Article.objects.get(pk=article.pk).view_count == 4 * len(servers) * 2
