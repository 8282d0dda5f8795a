"""The content versions mirrored in Redis for kept article hits (sitecache.versions): a kept
hit asks the database nothing, and still an edit shows on the very next hit, whatever
versions the process knew, and a mirror that a write could not forget lasts seconds."""

import pytest
from django.test import Client

from news import counter
from sitecache import versions

from .helpers import section, text_of


@pytest.fixture
def redis_counter(settings, redis_cache):
    settings.VIEW_COUNTER_BACKEND = "redis"
    redis_cache.set(counter.FLUSH_DUE, 1)  # flushes happen when a test makes them
    return redis_cache


@pytest.fixture
def article(demo_tree, make_article):
    return make_article(demo_tree["industry-planning"], title="园区规划新进展")


def title_on_page(client, article):
    return text_of(
        section(client.get(article.get_absolute_url()).content.decode(), "article-title", "h1")
    )


def mirrored(redis):
    value = redis.get(versions.MIRROR)
    return value and versions.decode(value.decode())


def test_kept_hits_fill_the_mirror_with_the_databases_versions(client, redis_counter, article):
    title_on_page(client, article)

    assert mirrored(redis_counter) == versions.current()
    assert 0 < redis_counter.ttl(versions.MIRROR) <= versions.MIRROR_SECONDS


def test_an_edit_shows_on_the_next_hit_of_a_process_that_knew_the_old_versions(
    client, redis_counter, article
):
    title_on_page(client, article)
    title_on_page(client, article)
    known_before = versions.last_mirrored

    article.title = "园区规划再提速"
    article.save()
    versions.last_mirrored = known_before  # as in another process that served a hit before

    assert title_on_page(client, article) == "园区规划再提速"
    assert mirrored(redis_counter) == versions.current()


def test_an_edit_forgets_the_mirror_again_once_committed(
    client, redis_counter, article, django_capture_on_commit_callbacks
):
    title_on_page(client, article)
    before = redis_counter.get(versions.MIRROR)

    with django_capture_on_commit_callbacks(execute=True):
        article.title = "园区规划再提速"
        article.save()
        assert redis_counter.get(versions.MIRROR) is None
        # A reader elsewhere read the versions before this commit and mirrored them.
        redis_counter.set(versions.MIRROR, before)

    assert redis_counter.get(versions.MIRROR) is None
    assert title_on_page(Client(), article) == "园区规划再提速"


def test_versions_read_before_a_write_began_are_not_mirrored(
    client, redis_counter, article, monkeypatch
):
    read_from_database = versions.current

    def read_then_a_write_begins():
        found = read_from_database()
        versions.forget_mirror()  # another process's write, between this read and the fill
        return found

    monkeypatch.setattr(versions, "current", read_then_a_write_begins)
    title_on_page(client, article)

    assert redis_counter.get(versions.MIRROR) is None


def test_a_write_that_cannot_reach_redis_still_saves(client, redis_counter, article, monkeypatch):
    title_on_page(client, article)

    def unreachable(*args, **kwargs):
        raise ConnectionError("Redis went away")

    monkeypatch.setattr("redis.client.Pipeline.execute", unreachable)
    article.title = "园区规划再提速"
    article.save()
    monkeypatch.undo()

    # Not forgotten: the mirror is behind until it expires, within seconds.
    assert redis_counter.get(versions.MIRROR) is not None
    assert 0 < redis_counter.ttl(versions.MIRROR) <= versions.MIRROR_SECONDS
    redis_counter.delete(versions.MIRROR)  # as its expiry does
    assert title_on_page(client, article) == "园区规划再提速"


def test_a_mirror_that_cannot_be_read_is_left_to_expire(client, redis_counter, article):
    redis_counter.set(versions.MIRROR, b"not versions", ex=versions.MIRROR_SECONDS)

    assert title_on_page(client, article) == "园区规划新进展"
    assert title_on_page(client, article) == "园区规划新进展"
