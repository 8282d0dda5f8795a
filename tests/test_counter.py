"""The view counter (点击): one hit per page view of a public article, none lost or doubled,
with either backend."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news import counter
from news.models import Article
from readership.models import DailyViews

from .helpers import concurrent_hits, section, text_of


def shown_count(client, article, **headers):
    page = client.get(article.get_absolute_url(), headers=headers).content.decode()
    return int(text_of(section(page, "article-meta", "p")).split("点击:")[1].split()[0])


def stored_count(article):
    return Article.objects.get(pk=article.pk).view_count


def test_first_reader_sees_one_and_each_get_adds_one(
    client, counter_backend, demo_tree, make_article
):
    article = make_article(demo_tree["industry-planning"])

    assert shown_count(client, article) == 1
    assert shown_count(client, article) == 2
    counter.flush()
    assert stored_count(article) == 2


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Dest": "image"},
        {"Sec-Fetch-Dest": "iframe"},
        {"Purpose": "prefetch"},
        {"Sec-Purpose": "prefetch;prerender"},
    ],
    ids=["image", "iframe", "purpose-prefetch", "sec-purpose-prefetch"],
)
def test_requests_that_are_not_page_views_do_not_count(
    client, counter_backend, demo_tree, make_article, headers
):
    article = make_article(demo_tree["industry-planning"])

    assert shown_count(client, article, **headers) == 0
    assert shown_count(client, article, **{"Sec-Fetch-Dest": "document"}) == 1


def test_a_request_that_does_not_count_shows_the_hits_not_yet_flushed(
    client, counter_backend, demo_tree, make_article
):
    article = make_article(demo_tree["industry-planning"])
    for _ in range(3):
        shown_count(client, article)  # buffered in Redis with that backend, not yet stored

    assert shown_count(client, article, Purpose="prefetch") == 3
    assert shown_count(client, article, Purpose="prefetch") == 3  # kept page, same count


def test_head_requests_do_not_count(client, counter_backend, demo_tree, make_article):
    article = make_article(demo_tree["industry-planning"])

    assert client.head(article.get_absolute_url()).status_code == 200
    assert shown_count(client, article) == 1


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT},
        {"published_at": timezone.now() + timedelta(days=1)},
    ],
    ids=["draft", "scheduled"],
)
def test_staff_previews_do_not_count(
    admin_client, client, counter_backend, demo_tree, make_article, fields
):
    article = make_article(demo_tree["industry-planning"], **fields)

    assert admin_client.get(article.get_absolute_url()).status_code == 200
    assert client.get(article.get_absolute_url()).status_code == 404
    counter.flush()
    assert stored_count(article) == 0


def test_missing_article_counts_nothing(client, counter_backend, demo_tree, make_article):
    article = make_article(demo_tree["industry-planning"])

    assert client.get(f"/articles/{article.pk + 1000}/").status_code == 404
    assert shown_count(client, article) == 1


def test_db_hit_is_one_statement_that_increments_and_returns(client, demo_tree, make_article):
    """On PostgreSQL the same statement adds the hit to its day and its reader; SQLite adds
    them in others."""
    article = make_article(demo_tree["industry-planning"])

    with CaptureQueriesContext(connection) as queries:
        client.get(article.get_absolute_url())

    updates = counting_statements(queries)
    assert len(updates) == 1
    assert 'RETURNING "view_count"' in updates[0]
    days = [q["sql"] for q in queries if 'INSERT INTO "readership_dailyviews"' in q["sql"]]
    if connection.vendor == "postgresql":
        assert days == updates
    else:
        assert len(days) == 1


def counting_statements(queries):
    return [q["sql"] for q in queries if '"view_count" = "view_count" + 1' in q["sql"]]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's synchronous_commit")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_hits_may_commit_without_waiting_for_the_disk_and_nothing_else_does(
    client, settings, demo_tree, make_article
):
    settings.VIEW_COUNT_SYNCHRONOUS_COMMIT = "off"
    article = make_article(demo_tree["industry-planning"])

    with CaptureQueriesContext(connection) as queries:
        counts = [shown_count(client, article) for _ in range(2)]  # rendered, then kept
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            after = cursor.fetchone()[0]

    assert counts == [1, 2]
    statements = counting_statements(queries)
    assert len(statements) == 2
    assert all(sql.startswith("SET LOCAL synchronous_commit = off; WITH") for sql in statements)
    assert after == "on"
    assert stored_count(article) == 2


def test_a_hit_inside_a_transaction_commits_as_the_transaction_does(
    settings, demo_tree, make_article
):
    settings.VIEW_COUNT_SYNCHRONOUS_COMMIT = "off"
    article = make_article(demo_tree["industry-planning"])

    with CaptureQueriesContext(connection) as queries:
        assert counter.hit(article) == 1

    assert [sql.startswith(("UPDATE", "WITH")) for sql in counting_statements(queries)] == [True]


def test_saving_an_article_keeps_hits_counted_meanwhile(
    client, counter_backend, demo_tree, make_article
):
    article = make_article(demo_tree["industry-planning"])
    client.get(article.get_absolute_url())
    counter.flush()

    article.title = "改过的标题"  # this instance still holds view_count == 0
    article.save()

    assert stored_count(article) == 1


def test_redis_hits_are_buffered_and_flushed_when_due(
    client, settings, redis_cache, demo_tree, make_article
):
    settings.VIEW_COUNTER_BACKEND = "redis"
    article = make_article(demo_tree["industry-planning"])

    assert shown_count(client, article) == 1  # the first hit finds a flush due
    assert stored_count(article) == 1
    assert shown_count(client, article) == 2
    assert shown_count(client, article) == 3
    assert stored_count(article) == 1  # buffered until the next flush is due

    redis_cache.delete(counter.FLUSH_DUE)  # the flush interval has passed
    assert shown_count(client, article) == 4
    assert stored_count(article) == 4


def test_flush_view_counts_command(client, settings, redis_cache, demo_tree, make_article):
    settings.VIEW_COUNTER_BACKEND = "redis"
    article = make_article(demo_tree["industry-planning"])
    redis_cache.set(counter.FLUSH_DUE, 1)  # no flush due during the hits
    for _ in range(3):
        client.get(article.get_absolute_url())
    assert stored_count(article) == 0

    call_command("flush_view_counts")

    assert stored_count(article) == 3
    assert shown_count(client, article) == 4


def buffered_hits(client, redis_cache, articles, hits):
    redis_cache.set(counter.FLUSH_DUE, 1)
    for article in articles:
        for _ in range(hits):
            client.get(article.get_absolute_url())


def test_flush_failing_half_way_loses_and_doubles_nothing(
    client, settings, redis_cache, demo_tree, make_article, monkeypatch
):
    settings.VIEW_COUNTER_BACKEND = "redis"
    first, second = (make_article(demo_tree["industry-planning"]) for _ in range(2))
    buffered_hits(client, redis_cache, [first, second], 2)
    real_update, calls = QuerySet.update, []

    def update_then_fail(queryset, **fields):
        calls.append(fields)
        if len(calls) == 2:
            raise RuntimeError("flush killed half-way")
        return real_update(queryset, **fields)

    monkeypatch.setattr(QuerySet, "update", update_then_fail)
    with pytest.raises(RuntimeError):
        counter.flush()
    monkeypatch.setattr(QuerySet, "update", real_update)

    assert (stored_count(first), stored_count(second)) == (0, 0)
    assert shown_count(client, first) == 3  # the failed batch still shows
    counter.flush()
    assert (stored_count(first), stored_count(second)) == (3, 2)


def test_flush_failing_after_commit_does_not_apply_the_batch_twice(
    client, settings, redis_cache, demo_tree, make_article, monkeypatch
):
    settings.VIEW_COUNTER_BACKEND = "redis"
    article = make_article(demo_tree["industry-planning"])
    buffered_hits(client, redis_cache, [article], 3)

    def fail(**script):
        raise ConnectionError("killed before the batch was deleted")

    monkeypatch.setattr(counter, "DELETE_BATCH", fail)
    with pytest.raises(ConnectionError):
        counter.flush()
    monkeypatch.undo()

    assert stored_count(article) == 3
    counter.flush()
    assert stored_count(article) == 3
    assert shown_count(client, article) == 4


def test_flush_that_lost_its_lock_loses_and_doubles_nothing(
    client, settings, redis_cache, demo_tree, make_article, monkeypatch
):
    """Redis may evict the flush's lock (it has a time to live), and a second flush start
    while the first one runs."""
    settings.VIEW_COUNTER_BACKEND = "redis"
    article = make_article(demo_tree["industry-planning"])
    buffered_hits(client, redis_cache, [article], 3)
    real_apply, applied = counter.apply_batch, []

    def apply_then_another_flush(batch_id, *batch):
        applied.append(batch_id)
        if len(applied) == 3:
            raise RuntimeError("the other flush killed half-way")
        moved = real_apply(batch_id, *batch)
        if len(applied) == 1:
            # The first flush has applied its batch. Its lock is evicted, two more hits come,
            # and another flush dies after making them a batch, before applying it.
            redis_cache.delete(counter.FLUSH_LOCK)
            buffered_hits(client, redis_cache, [article], 2)
            with pytest.raises(RuntimeError):
                counter.flush()
        return moved

    monkeypatch.setattr(counter, "apply_batch", apply_then_another_flush)
    counter.flush()
    monkeypatch.undo()
    counter.flush()

    assert stored_count(article) == 5
    assert shown_count(client, article) == 6


def test_flush_beside_another_never_replaces_its_batch(
    client, settings, redis_cache, demo_tree, make_article, monkeypatch
):
    """Two flushes (one lock evicted) both find no batch; the other one makes its batch of
    the hits buffered so far and dies, then the first makes a batch of the hits since."""
    settings.VIEW_COUNTER_BACKEND = "redis"
    article = make_article(demo_tree["industry-planning"])
    buffered_hits(client, redis_cache, [article], 3)
    redis_class, real_exists = type(redis_cache), type(redis_cache).exists
    real_apply = counter.apply_batch

    def other_flush_dies(batch_id, *batch):
        raise RuntimeError("the other flush killed half-way")

    def exists_then_another_flush(redis, *keys):
        answer = real_exists(redis, *keys)
        if keys == (counter.BATCH,) and not answer:
            monkeypatch.setattr(redis_class, "exists", real_exists)
            redis_cache.delete(counter.FLUSH_LOCK)
            monkeypatch.setattr(counter, "apply_batch", other_flush_dies)
            with pytest.raises(RuntimeError):
                counter.flush()
            monkeypatch.setattr(counter, "apply_batch", real_apply)
            buffered_hits(client, redis_cache, [article], 2)
        return answer

    monkeypatch.setattr(redis_class, "exists", exists_then_another_flush)
    counter.flush()
    counter.flush()

    assert stored_count(article) == 5


def test_redis_unreachable_counts_in_the_database(client, settings, demo_tree, make_article):
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
        assert shown_count(client, article) == 1
        assert shown_count(client, article) == 2
    finally:
        counter.RedisCounter.unreachable_until = 0.0
    assert stored_count(article) == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_hits_all_count(live_server, settings, counter_backend, demo_tree, make_article):
    # With Redis, flushes fall due every second, so they run during the hits too.
    settings.VIEW_COUNT_FLUSH_SECONDS = 1
    article = make_article(demo_tree["industry-planning"])
    url = live_server.url + article.get_absolute_url()
    threads, hits_each = 8, 250

    assert concurrent_hits(url, ["Python-urllib"] * threads, hits_each) == []
    counter.flush()
    assert stored_count(article) == threads * hits_each + 1  # the first reader's, too
    assert DailyViews.objects.get(article=article).views == threads * hits_each + 1
