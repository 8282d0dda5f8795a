"""Readers' article pages kept whole but for the view count: every hit still counts and
shows its own count, and an edit, a withdrawal or an expiry shows on the very next hit."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from redis import Redis

from news import caching, counter
from news.models import Article

from .helpers import CLOSED_PORT_REDIS, DAY_STATEMENTS, section, text_of


@pytest.fixture
def article(demo_tree, make_article):
    return make_article(demo_tree["industry-planning"], title="园区规划新进展")


def meta_line(response):
    return text_of(section(response.content.decode(), "article-meta", "p"))


def shown_count(response):
    return int(meta_line(response).split("点击:")[1].split()[0])


def test_each_hit_on_a_kept_page_counts_and_shows_its_own_count(client, counter_backend, article):
    counts = [shown_count(client.get(article.get_absolute_url())) for _ in range(4)]

    assert counts == [1, 2, 3, 4]
    counter.flush()
    assert Article.objects.get(pk=article.pk).view_count == 4


def test_a_kept_page_costs_the_versions_and_the_counting_statement(client, article):
    client.get(article.get_absolute_url())

    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_absolute_url())

    assert shown_count(response) == 2
    assert "园区规划新进展" in response.content.decode()
    assert len(queries) == 2 + DAY_STATEMENTS, [query["sql"] for query in queries]


def test_a_kept_page_with_the_redis_counter_asks_the_database_nothing(
    client, settings, redis_cache, article
):
    settings.VIEW_COUNTER_BACKEND = "redis"
    client.get(article.get_absolute_url())
    client.get(article.get_absolute_url())  # the first kept hit reads the stored count

    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.get_absolute_url())

    assert shown_count(response) == 3
    assert len(queries) == 0, [query["sql"] for query in queries]


def test_a_process_joins_the_count_to_its_own_copy_of_the_kept_page(
    client, settings, redis_cache, article, monkeypatch
):
    settings.VIEW_COUNTER_BACKEND = "redis"
    first = client.get(article.get_absolute_url()).content
    sent = []
    decode = caching.caches["default"].client.decode
    monkeypatch.setattr(
        caching.caches["default"].client,
        "decode",
        lambda value: sent.append(value) or decode(value),
    )

    responses = [client.get(article.get_absolute_url()) for _ in range(3)]

    assert [shown_count(response) for response in responses] == [2, 3, 4]
    assert responses[0].content == first.replace(b">1</b>", b">2</b>")
    assert not sent  # the page came from the process's copy, not from Redis


def kept_hits(client, article, hits):
    return [shown_count(client.get(article.get_absolute_url())) for _ in range(hits)]


@pytest.fixture
def redis_counter(settings, redis_cache):
    settings.VIEW_COUNTER_BACKEND = "redis"
    redis_cache.set(counter.FLUSH_DUE, 1)  # flushes happen when a test makes them
    return redis_cache


def test_hits_on_a_kept_page_show_every_hit_across_flushes(client, redis_counter, article):
    assert kept_hits(client, article, 3) == [1, 2, 3]
    counter.flush()
    assert kept_hits(client, article, 2) == [4, 5]
    counter.flush()
    counter.flush()
    assert kept_hits(client, article, 1) == [6]
    assert Article.objects.get(pk=article.pk).view_count == 5


def test_a_flush_ending_while_a_hit_reads_the_stored_count_loses_no_hit_on_the_next(
    client, redis_counter, article, monkeypatch
):
    kept_hits(client, article, 2)
    remember = counter.RedisCounter._remember

    def flush_first(self, pk, stored):
        # The stored count this hit read is from before the flush; it remembers it after.
        counter.flush()
        remember(self, pk, stored)

    monkeypatch.setattr(counter.RedisCounter, "_remember", flush_first)
    counter.flush()  # the next kept hit reads the stored count again
    assert kept_hits(client, article, 1) == [3]
    kept_hits(client, article, 1)
    monkeypatch.undo()

    assert kept_hits(client, article, 2) == [5, 6]


def test_a_stored_count_written_with_an_edit_shows_on_the_next_kept_hit(
    client, redis_counter, article
):
    kept_hits(client, article, 2)

    # As an import does: the count and the article written together.
    Article.objects.filter(pk=article.pk).update(view_count=100, source="新华社")

    assert kept_hits(client, article, 3) == [103, 104, 105]


def test_hits_counted_in_the_database_while_redis_was_unreachable_show_after(
    client, redis_counter, article, monkeypatch
):
    kept_hits(client, article, 2)

    def unreachable(self):
        self.redis = Redis.from_url(CLOSED_PORT_REDIS)

    # The counter's Redis goes away; the page is still kept in the cache's.
    monkeypatch.setattr(counter.RedisCounter, "__init__", unreachable)
    assert kept_hits(client, article, 1) == [1]  # the database alone: one stored hit
    monkeypatch.undo()
    counter.RedisCounter.unreachable_until = 1.0  # Redis answers again

    assert kept_hits(client, article, 1) == [4]
    assert counter.RedisCounter.unreachable_until == 0.0


def test_a_prefetch_of_a_kept_page_shows_the_count_without_adding_to_it(client, article):
    client.get(article.get_absolute_url())

    prefetched = client.get(article.get_absolute_url(), headers={"Sec-Purpose": "prefetch"})

    assert shown_count(prefetched) == 1
    assert shown_count(client.get(article.get_absolute_url())) == 2


def test_an_edit_shows_on_the_next_hit(client, article):
    client.get(article.get_absolute_url())

    article.title = "园区规划再提速"
    article.body = "<p>新的正文。</p>"
    article.save()
    page = client.get(article.get_absolute_url()).content.decode()

    assert "园区规划再提速" in page
    assert "新的正文。" in page
    assert "园区规划新进展" not in page


def test_a_withdrawn_article_is_gone_on_the_next_hit(client, counter_backend, article):
    client.get(article.get_absolute_url())
    client.get(article.get_absolute_url())

    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)

    assert client.get(article.get_absolute_url()).status_code == 404
    counter.flush()
    assert Article.objects.get(pk=article.pk).view_count == 2


def test_an_article_expires_on_time_with_no_edit(client, counter_backend, article, monkeypatch):
    ends = timezone.now() + timedelta(hours=1)
    article.expires_at = ends
    article.save()
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get(article.get_absolute_url()).status_code == 200

    monkeypatch.setattr(timezone, "now", lambda: ends + timedelta(seconds=1))

    assert client.get(article.get_absolute_url()).status_code == 410


def test_each_language_is_kept_apart(client, article):
    chinese = article.get_absolute_url()
    english = f"/en{chinese}"
    client.get(chinese)
    client.get(english)

    assert "点击: 3" in meta_line(client.get(chinese))
    assert "Views: 4" in meta_line(client.get(english))


def test_an_editor_reads_the_kept_page_but_never_fills_it(admin_client, article):
    reader = Client()
    admin_client.get(article.get_absolute_url())
    with CaptureQueriesContext(connection) as first_reader_hit:
        reader.get(article.get_absolute_url())
    assert len(first_reader_hit) > 2 + DAY_STATEMENTS  # rendered, not taken from the editor's visit

    with CaptureQueriesContext(connection) as editor_hit:
        response = admin_client.get(article.get_absolute_url())

    # The versions and the hit: the page the reader kept.
    assert len(editor_hit) == 2 + DAY_STATEMENTS
    assert shown_count(response) == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's HOT updates")
def test_a_hit_rewrites_the_row_in_place_touching_no_index(client, article):
    def in_place_updates():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables "
                "WHERE relname = 'news_article'"
            )
            return cursor.fetchone()

    before = in_place_updates()
    for _ in range(3):
        client.get(article.get_absolute_url())
    updates, in_place = (
        after - then for after, then in zip(in_place_updates(), before, strict=True)
    )

    assert updates == 3
    assert in_place == 3
