"""The view counter (点击): one hit per GET of a public article page, none lost."""

import threading
import urllib.request
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import Article

from .helpers import section, text_of


def shown_count(client, article):
    meta = text_of(
        section(client.get(article.get_absolute_url()).content.decode(), "article-meta", "p")
    )
    return int(meta.split("点击:")[1].split()[0])


def test_first_reader_sees_one_and_each_get_adds_one(client, demo_tree, make_article):
    article = make_article(demo_tree["industry-planning"])

    assert shown_count(client, article) == 1
    assert shown_count(client, article) == 2
    article.refresh_from_db()
    assert article.view_count == 2


def test_head_requests_do_not_count(client, demo_tree, make_article):
    article = make_article(demo_tree["industry-planning"])

    assert client.head(article.get_absolute_url()).status_code == 200
    article.refresh_from_db()
    assert article.view_count == 0


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT},
        {"published_at": timezone.now() + timedelta(days=1)},
    ],
    ids=["draft", "scheduled"],
)
def test_staff_previews_do_not_count(admin_client, client, demo_tree, make_article, fields):
    article = make_article(demo_tree["industry-planning"], **fields)

    assert admin_client.get(article.get_absolute_url()).status_code == 200
    assert client.get(article.get_absolute_url()).status_code == 404
    article.refresh_from_db()
    assert article.view_count == 0


def test_missing_article_counts_nothing(client, demo_tree, make_article):
    article = make_article(demo_tree["industry-planning"])

    assert client.get(f"/articles/{article.pk + 1000}/").status_code == 404
    assert Article.objects.get(pk=article.pk).view_count == 0


def test_hit_is_one_atomic_update(client, demo_tree, make_article):
    article = make_article(demo_tree["industry-planning"])

    with CaptureQueriesContext(connection) as queries:
        client.get(article.get_absolute_url())

    updates = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1
    assert '"view_count" = ("news_article"."view_count" + 1)' in updates[0]


def test_saving_an_article_keeps_hits_counted_meanwhile(client, demo_tree, make_article):
    article = make_article(demo_tree["industry-planning"])
    client.get(article.get_absolute_url())

    article.title = "改过的标题"  # this instance still holds view_count == 0
    article.save()

    assert Article.objects.get(pk=article.pk).view_count == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_hits_all_count(live_server, demo_tree, make_article):
    article = make_article(demo_tree["industry-planning"])
    url = live_server.url + article.get_absolute_url()
    threads, hits_each = 8, 15
    failures = []

    def read_many():
        for _ in range(hits_each):
            try:
                with urllib.request.urlopen(url, timeout=30) as response:
                    response.read()
            except OSError as error:
                failures.append(error)

    workers = [threading.Thread(target=read_many) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert failures == []
    article.refresh_from_db()
    assert article.view_count == threads * hits_each
