"""Redis with a memory limit, as docs/deploy.md sets it: what fills the readers' cache is
evicted, the view counter's hits never are. Every cache entry has a time to live; the
counter's buffer has none, and the documented policy evicts only keys that have one."""

import re
import secrets
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from news import caching, counter
from news.models import Article
from sitecache import kept, versions

from .conftest import cache_in_redis
from .helpers import section, text_of
from .servers import free_port

DEPLOY = Path(django_settings.BASE_DIR) / "docs" / "deploy.md"
# Keys that must outlive any memory pressure: hits not yet in the database, what the counter
# knows of the stored counts, and the token that keeps the versions' mirror honest.
LASTING = {
    counter.PENDING,
    counter.BATCH,
    counter.STORED,
    counter.FLUSHES,
    versions.MIRROR_TOKEN,
}
MEMORY_LIMIT = 4 * 1024 * 1024
PAGE_BYTES = 25_000  # about a rendered page


def documented_policy():
    """The maxmemory-policy that docs/deploy.md sets for Redis."""
    return re.search(r"^\s*maxmemory-policy (\S+)$", DEPLOY.read_text(), re.M).group(1)


def article_count(client, article):
    page = client.get(article.get_absolute_url()).content.decode()
    return int(text_of(section(page, "article-meta", "p")).split("点击:")[1].split()[0])


def stored_count(article):
    return Article.objects.get(pk=article.pk).view_count


def test_every_cache_entry_expires_and_the_counters_keys_never_do(
    settings, redis_cache, reader_site
):
    settings.VIEW_COUNTER_BACKEND = "redis"
    reader = Client()
    for url in reader_site["urls"].values():
        reader.get(url)
    article_count(reader, reader_site["article"])
    redis_cache.delete(counter.FLUSH_DUE)
    article_count(reader, reader_site["article"])  # buffered, then flushed by this hit
    article_count(reader, reader_site["article"])
    reader_site["article"].save()  # a write: the versions' mirror is forgotten

    keys = {key.decode(): redis_cache.ttl(key) for key in redis_cache.keys("*")}
    assert [key for key in keys if ":public:" in key]  # pages and fragments were kept
    assert {key for key, ttl in keys.items() if ttl < 0} <= LASTING
    assert {counter.PENDING, counter.STORED, counter.FLUSHES, versions.MIRROR_TOKEN} <= keys.keys()


@pytest.fixture
def limited_redis(settings):
    """A redis-server of the test's own, with a small memory limit and the policy that
    docs/deploy.md sets; Django's cache and the view counter in it."""
    server = shutil.which("redis-server")
    if not server:
        pytest.skip("needs redis-server (apt-get install redis-server)")
    port = free_port()
    process = subprocess.Popen(
        [
            server,
            *("--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"),
            *("--maxmemory", str(MEMORY_LIMIT), "--maxmemory-policy", documented_policy()),
        ],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                Redis.from_url(url).ping()
                break
            except RedisConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        settings.VIEW_COUNTER_BACKEND = "redis"
        yield cache_in_redis(settings, url)
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_hits_stay_exact_while_the_cache_fills_past_the_memory_limit(
    limited_redis, demo_tree, make_article
):
    articles = [make_article(demo_tree["industry-planning"]) for _ in range(2)]
    reader = Client()
    written, hits = 0, 0
    for round_ in range(12):
        # What a stream of pages nobody asked for before keeps (random: nothing compresses).
        for _ in range(30):
            page = secrets.token_bytes(PAGE_BYTES)
            kept.keep(f"public:page:{secrets.token_hex(8)}", page, caching.LONGEST_SECONDS)
            written += PAGE_BYTES
        hits += 1
        for article in articles:
            assert article_count(reader, article) == hits
        if round_ % 4 == 3:
            counter.flush()

    stats = limited_redis.info()
    assert written > 2 * MEMORY_LIMIT
    assert stats["evicted_keys"] > 0
    assert stats["used_memory"] <= MEMORY_LIMIT
    assert counter.RedisCounter.unreachable_until == 0  # counted in Redis all along
    counter.flush()
    assert [stored_count(article) for article in articles] == [hits, hits]
