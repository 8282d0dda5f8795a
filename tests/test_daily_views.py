"""Views per day (readership.DailyViews): each hit counted on its Beijing day beside the total,
by either counter backend, none lost or doubled by a flush that dies."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.utils import timezone

from news import counter
from news.models import Article
from readership.figures import before_statistics
from readership.models import DailyViews

# 23:59:59 and 00:00:00 Beijing time (UTC+8).
BEFORE_MIDNIGHT = datetime(2026, 3, 1, 15, 59, 59, tzinfo=UTC)
MIDNIGHT = datetime(2026, 3, 1, 16, 0, 0, tzinfo=UTC)


def days_of(article):
    return dict(DailyViews.objects.filter(article=article).values_list("day", "views"))


def at(monkeypatch, moment):
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_hits_count_on_their_beijing_day_across_midnight(
    client, counter_backend, demo_tree, make_article, monkeypatch
):
    article = make_article(
        demo_tree["industry-planning"], published_at=datetime(2026, 2, 1, tzinfo=UTC)
    )
    at(monkeypatch, BEFORE_MIDNIGHT)
    for _ in range(2):  # rendered, then from the kept page
        assert client.get(article.get_absolute_url()).status_code == 200
    at(monkeypatch, MIDNIGHT)
    for _ in range(3):
        client.get(article.get_absolute_url())
    counter.flush()

    assert days_of(article) == {date(2026, 3, 1): 2, date(2026, 3, 2): 3}
    assert Article.objects.get(pk=article.pk).view_count == 5


def test_a_hit_on_an_article_deleted_meanwhile_adds_no_day(
    counter_backend, demo_tree, make_article
):
    article = make_article(demo_tree["industry-planning"])
    Article.objects.filter(pk=article.pk).delete()

    counter.hit(article)
    counter.flush()

    assert not DailyViews.objects.exists()


def buffered(client, redis_cache, article, hits):
    redis_cache.set(counter.FLUSH_DUE, 1)  # no flush during the hits
    for _ in range(hits):
        client.get(article.get_absolute_url())


def test_a_flush_killed_while_writing_the_days_loses_and_doubles_none(
    client, settings, redis_cache, demo_tree, make_article, monkeypatch
):
    settings.VIEW_COUNTER_BACKEND = "redis"
    article = make_article(demo_tree["industry-planning"])
    buffered(client, redis_cache, article, 3)
    cursor_class = type(connection.cursor())
    real_executemany = cursor_class.executemany

    def killed(cursor, sql, params):
        raise RuntimeError("flush killed while writing the days")

    monkeypatch.setattr(cursor_class, "executemany", killed)
    with pytest.raises(RuntimeError):
        counter.flush()
    monkeypatch.setattr(cursor_class, "executemany", real_executemany)
    assert (Article.objects.get(pk=article.pk).view_count, days_of(article)) == (0, {})

    counter.flush()
    counter.flush()

    assert days_of(article) == {timezone.localdate(): 3}
    assert Article.objects.get(pk=article.pk).view_count == 3


def test_a_flush_killed_after_its_commit_does_not_add_the_days_twice(
    client, settings, redis_cache, demo_tree, make_article, monkeypatch
):
    settings.VIEW_COUNTER_BACKEND = "redis"
    article = make_article(demo_tree["industry-planning"])
    buffered(client, redis_cache, article, 4)

    def killed(**script):
        raise ConnectionError("killed before the batch was deleted")

    monkeypatch.setattr(counter, "DELETE_BATCH", killed)
    with pytest.raises(ConnectionError):
        counter.flush()
    monkeypatch.undo()
    buffered(client, redis_cache, article, 1)
    counter.flush()

    assert days_of(article) == {timezone.localdate(): 5}
    assert Article.objects.get(pk=article.pk).view_count == 5


def test_redis_unreachable_counts_the_day_in_the_database(
    client, settings, demo_tree, make_article
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5},
        }
    }
    settings.VIEW_COUNTER_BACKEND = "redis"
    article = make_article(demo_tree["industry-planning"])
    try:
        client.get(article.get_absolute_url())
    finally:
        counter.RedisCounter.unreachable_until = 0.0

    assert days_of(article) == {timezone.localdate(): 1}


def test_an_imported_total_stays_apart_as_before_statistics(
    client, counter_backend, demo_tree, make_article
):
    article = make_article(demo_tree["industry-planning"], view_count=50)  # imported
    for _ in range(3):
        client.get(article.get_absolute_url())
    counter.flush()

    article.refresh_from_db()
    assert (article.view_count, before_statistics(article)) == (53, 50)
    assert sum(days_of(article).values()) == 3
