"""A topic readers saw and that is public no more (taken back to a draft, from its form, the
list's action or a bulk write) answers 410 Gone, so that search engines drop it; a topic never
public, or an unknown address, stays 404. Published again, it is back."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from topics.models import Topic

from ..helpers import text_of
from .test_topic_admin import LIST_URL


def status_of(topic):
    return Client().get(f"/topics/{topic.slug}/").status_code


def test_a_topic_taken_back_to_a_draft_is_gone(client, make_topic):
    topic = make_topic(title="曾经公开的专题")
    assert status_of(topic) == 200

    topic.status = Topic.Status.DRAFT
    topic.save()

    response = client.get(topic.get_absolute_url())
    assert response.status_code == 410
    page = text_of(response.content.decode())
    assert "专题已下线" in page and "文章已下线" not in page
    assert "no-store" in response["Cache-Control"] or "private" in response["Cache-Control"]


def test_a_topic_taken_back_by_the_lists_action_is_gone(chief_client, make_topic):
    topic = make_topic()
    chief_client.post(LIST_URL, {"action": "unpublish", "_selected_action": [topic.pk], "index": 0})

    assert status_of(topic) == 410


def test_a_topic_scheduled_again_after_it_was_seen_is_gone_until_its_time(make_topic):
    topic = make_topic()
    Topic.objects.filter(pk=topic.pk).update(published_at=timezone.now() + timedelta(days=1))

    assert status_of(topic) == 410


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Topic.Status.DRAFT},
        {"published_at": timezone.now() + timedelta(days=1)},
    ],
    ids=["never-published", "scheduled"],
)
def test_a_topic_never_public_is_not_found_even_when_taken_back(make_topic, fields):
    topic = make_topic(**fields)
    topic.status = Topic.Status.DRAFT
    topic.save()
    Topic.objects.filter(pk=topic.pk).update(status=Topic.Status.DRAFT)

    assert status_of(topic) == 404
    assert Client().get("/topics/no-such-topic/").status_code == 404


def test_a_gone_topic_published_again_is_back_and_editors_still_preview_it(
    chief_client, make_topic
):
    topic = make_topic(title="回来的专题")
    topic.status = Topic.Status.DRAFT
    topic.save()
    assert chief_client.get(topic.get_absolute_url()).status_code == 200  # a preview

    topic.status = Topic.Status.PUBLISHED
    topic.save()

    assert status_of(topic) == 200
