"""Unique readers per day and crawlers apart (readership.readers, news.counter): each reader
counted once per article and Beijing day, known only by a hash whose salt is forgotten with
the day; a crawler's hit in the total and in its own column, not in the views or readers."""

from datetime import UTC, date, datetime

import pytest
from django.utils import timezone

from news import counter
from news.models import Article
from readership import readers
from readership.models import DailyReader, DailyViews, ReaderSalt

from .helpers import concurrent_hits, section, text_of

# 23:59:59 and 00:00:00 Beijing time (UTC+8).
BEFORE_MIDNIGHT = datetime(2026, 3, 1, 15, 59, 59, tzinfo=UTC)
MIDNIGHT = datetime(2026, 3, 1, 16, 0, 0, tzinfo=UTC)
BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148"
OTHER_BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0"
CRAWLERS = {
    "baidu": "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
    "google": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "bing": "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "sogou": "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)",
    "360": "Mozilla/5.0 (compatible; MSIE 9.0; Windows NT 6.1; Trident/5.0);360Spider",
    "yisou": "Mozilla/5.0 (compatible; YisouSpider; +http://www.yisou.com)",
    "bytedance": "Mozilla/5.0 (Linux; Android 5.0) (compatible; Bytespider; +bytedance.com)",
}


def figures(article):
    """{day: (views, readers, crawlers' hits)}, after a flush."""
    counter.flush()
    rows = DailyViews.objects.filter(article=article)
    return {row.day: (row.views, row.readers, row.crawler_views) for row in rows}


def at(monkeypatch, moment):
    monkeypatch.setattr(timezone, "now", lambda: moment)


def read(client, article, agent=BROWSER, forwarded=None, **extra):
    headers = {"User-Agent": agent}
    if forwarded:
        headers["X-Forwarded-For"] = forwarded
    response = client.get(article.get_absolute_url(), headers=headers, **extra)
    assert response.status_code == 200
    return response


@pytest.fixture
def article(demo_tree, make_article):
    return make_article(
        demo_tree["industry-planning"], published_at=datetime(2026, 2, 1, tzinfo=UTC)
    )


def test_a_reader_counts_once_a_day_and_again_after_midnight_beijing_time(
    client, counter_backend, article, monkeypatch
):
    at(monkeypatch, BEFORE_MIDNIGHT)
    for _ in range(3):  # rendered, then from the kept page
        read(client, article)
    read(client, article, OTHER_BROWSER)  # another reader on the same address
    at(monkeypatch, MIDNIGHT)
    for _ in range(2):
        read(client, article)

    assert figures(article) == {date(2026, 3, 1): (4, 2, 0), date(2026, 3, 2): (2, 1, 0)}
    assert Article.objects.get(pk=article.pk).view_count == 6


@pytest.mark.parametrize("agent", CRAWLERS.values(), ids=CRAWLERS.keys())
def test_a_crawlers_hit_counts_in_the_total_and_apart_from_views_and_readers(
    client, counter_backend, article, agent
):
    read(client, article)
    for _ in range(2):
        page = read(client, article, agent).content.decode()

    assert "点击: 3" in text_of(section(page, "article-meta", "p"))  # the total, as contracted
    assert figures(article) == {timezone.localdate(): (1, 1, 2)}
    assert Article.objects.get(pk=article.pk).view_count == 3


def test_the_client_address_is_the_proxys_word_when_configured(
    client, settings, counter_backend, article
):
    for forwarded in ("203.0.113.7", "203.0.113.8"):  # believed only behind a proxy
        read(client, article, forwarded=forwarded)
    settings.PROXY_COUNT = 1
    for forwarded in ("203.0.113.7", "203.0.113.8", "203.0.113.8"):
        read(client, article, forwarded=forwarded)

    assert figures(article) == {timezone.localdate(): (5, 3, 0)}


def test_a_readers_hash_is_all_that_is_kept_and_not_past_the_day(
    client, settings, article, monkeypatch
):
    """db backend: the readers seen are hashes of the day, deleted with the day's salt by the
    first hit of the next day; the salt is random, not made from anything the site keeps."""
    at(monkeypatch, BEFORE_MIDNIGHT)
    read(client, article, REMOTE_ADDR="198.51.100.9")
    seen = list(DailyReader.objects.values_list("day", "article", "reader"))
    first_salt = ReaderSalt.objects.get().salt
    assert seen == [(date(2026, 3, 1), article.pk, seen[0][2])]
    assert isinstance(seen[0][2], int)

    at(monkeypatch, MIDNIGHT)
    read(client, article, REMOTE_ADDR="198.51.100.9")

    assert list(ReaderSalt.objects.values_list("day", flat=True)) == [date(2026, 3, 2)]
    assert ReaderSalt.objects.get().salt != first_salt
    assert list(DailyReader.objects.values_list("day", flat=True)) == [date(2026, 3, 2)]
    assert DailyReader.objects.get().reader != seen[0][2]  # another day, another hash


def test_a_process_that_starts_later_in_the_day_uses_the_days_salt(article):
    today = timezone.localdate()
    first = readers.reader_hash("198.51.100.9", BROWSER, today)
    readers._salts.clear()  # as a process started meanwhile

    assert readers.reader_hash("198.51.100.9", BROWSER, today) == first
    assert readers.reader_hash("198.51.100.10", BROWSER, today) != first


def test_redis_keeps_a_days_readers_until_the_day_is_over(
    client, settings, redis_cache, article, monkeypatch
):
    settings.VIEW_COUNTER_BACKEND = "redis"
    at(monkeypatch, BEFORE_MIDNIGHT)
    read(client, article, REMOTE_ADDR="198.51.100.9")

    key = counter.seen_key(article.pk, date(2026, 3, 1))
    members = redis_cache.smembers(key)
    assert len(members) == 1 and b"198.51.100.9" not in next(iter(members))
    # Expires one minute after midnight Beijing time (a second before midnight now).
    assert 59 <= redis_cache.ttl(key) <= 61


def test_a_flush_killed_half_way_neither_loses_nor_doubles_readers(
    client, settings, redis_cache, article, monkeypatch
):
    settings.VIEW_COUNTER_BACKEND = "redis"
    redis_cache.set(counter.FLUSH_DUE, 1)  # no flush during the hits
    for agent in (BROWSER, BROWSER, OTHER_BROWSER, CRAWLERS["baidu"]):
        read(client, article, agent)

    def killed(**script):
        raise ConnectionError("killed before the batch was deleted")

    monkeypatch.setattr(counter, "DELETE_BATCH", killed)
    with pytest.raises(ConnectionError):
        counter.flush()
    monkeypatch.undo()
    read(client, article, OTHER_BROWSER)

    assert figures(article) == {timezone.localdate(): (4, 2, 1)}
    assert Article.objects.get(pk=article.pk).view_count == 5


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_400_concurrent_hits_from_readers_and_crawlers_all_count(
    live_server, settings, counter_backend, demo_tree, make_article
):
    # With Redis, flushes fall due every second, so they run during the hits too.
    settings.VIEW_COUNT_FLUSH_SECONDS = 1
    article = make_article(demo_tree["industry-planning"])
    url = live_server.url + article.get_absolute_url()
    agents = [f"{BROWSER} reader-{n}" for n in range(4)] + list(CRAWLERS.values())[:4]

    assert concurrent_hits(url, agents, 50) == []
    # The first reader's hit, too (concurrent_hits).
    assert figures(article) == {timezone.localdate(): (201, 5, 200)}
    assert Article.objects.get(pk=article.pk).view_count == 401
