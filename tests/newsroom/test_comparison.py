"""The history's comparison of two states of an article."""

from datetime import datetime

from django.utils import timezone

from newsroom.revisions import compare


def test_times_within_one_minute_are_told_apart_by_the_second():
    """A form's save drops the seconds of the publication date an approval set: the row
    says changed, and shows which seconds, not the same minute twice."""
    approved = timezone.make_aware(datetime(2026, 12, 6, 17, 53, 12))
    saved = approved.replace(second=0)

    [(_label, html, changed)] = compare({"published_at": approved}, {"published_at": saved})

    assert changed
    assert html == "<del>2026-12-06 17:53:12</del> <ins>2026-12-06 17:53:00</ins>"


def test_times_minutes_apart_are_shown_to_the_minute():
    earlier = timezone.make_aware(datetime(2026, 12, 6, 17, 53, 12))
    later = timezone.make_aware(datetime(2026, 12, 6, 18, 5, 40))

    [(_label, html, _changed)] = compare({"published_at": earlier}, {"published_at": later})

    assert html == "<del>2026-12-06 17:53</del> <ins>2026-12-06 18:05</ins>"


def test_a_time_that_lost_only_its_fraction_of_a_second_is_unchanged():
    """An approval stores milliseconds; the form's next save keeps whole seconds."""
    approved = timezone.make_aware(datetime(2026, 12, 6, 17, 53, 58, 294000))

    [(_label, html, changed)] = compare(
        {"published_at": approved}, {"published_at": approved.replace(microsecond=0)}
    )

    assert not changed
    assert html == "2026-12-06 17:53"


def test_a_picture_approved_between_two_bodies_is_no_change(settings):
    """A draft's body shows an upload from its staff address; approval gives the same
    picture its public address: the body did not change."""
    name = "uploads/2026/12/" + "a" * 32 + ".png"
    draft = f'<p>正文。</p><p><img src="/admin/pending-media/{name}" alt="图"></p>'
    live = f'<p>正文。</p><p><img src="{settings.MEDIA_URL}{name}" alt="图"></p>'
    other = live.replace("a" * 32, "b" * 32)

    [(_label, html, changed)] = compare({"body": draft}, {"body": live})
    assert not changed and "<del>" not in html and "<ins>" not in html
    [(_label, _html, changed)] = compare({"body": draft}, {"body": other})
    assert changed
