"""Drafts, articles waiting for review, scheduled and expired articles never reach a public
surface; one test per surface."""

from datetime import timedelta

import pytest
from django.utils import timezone

from news.models import PIN_FOREVER, Article

from .helpers import section
from .test_feeds_and_crawlers import article_sitemap_page_of

HIDDEN_STATES = {
    "draft": {"status": Article.Status.DRAFT},
    "pending": {"status": Article.Status.PENDING},
    "scheduled": {"published_at": timedelta(days=2)},
    "expired": {"expires_at": -timedelta(hours=1)},
}


@pytest.fixture(params=HIDDEN_STATES, ids=list(HIDDEN_STATES))
def hidden_and_public(request, demo_tree, make_article):
    """A public article and a hidden one, sharing column and keywords, both with the word 协同."""
    column = demo_tree["industry-planning"]
    fields = dict(HIDDEN_STATES[request.param])
    for moment in ("published_at", "expires_at"):
        if moment in fields:
            fields[moment] = timezone.now() + fields[moment]
    public = make_article(column, title="公开的区域协同文章", keywords="协同,园区")
    hidden = make_article(
        column,
        title="隐藏的区域协同文章",
        keywords="协同,园区",
        pinned_until=PIN_FOREVER,
        is_headline=True,
        is_recommended=True,
        **fields,
    )
    return hidden, public


def test_not_on_home(client, hidden_and_public):
    hidden, public = hidden_and_public
    page = client.get("/").content.decode()
    assert public.title in page
    assert hidden.title not in page


def test_not_on_column_page_or_in_its_count(client, hidden_and_public):
    hidden, public = hidden_and_public
    for slug in ("industry-planning", "news"):
        response = client.get(f"/columns/{slug}/")
        assert public.title in response.content.decode()
        assert hidden.title not in response.content.decode()
        assert response.context["paginator"].count == 1


def test_not_at_its_url_for_readers(client, hidden_and_public):
    hidden, _ = hidden_and_public
    response = client.get(hidden.get_absolute_url())
    if hidden.is_expired:
        # It was public: its URL says it is gone for good, in the site's design.
        assert response.status_code == 410
        assert "文章已下线" in response.content.decode()
    else:
        assert response.status_code == 404


def test_not_at_its_url_for_staff_without_the_right_to_edit(
    client, django_user_model, hidden_and_public
):
    hidden, _ = hidden_and_public
    clerk = django_user_model.objects.create_user("clerk", password="clerk-pass-1", is_staff=True)
    client.force_login(clerk)
    assert client.get(hidden.get_absolute_url()).status_code in {404, 410}


def test_editor_preview_shows_a_banner_and_is_never_cached(editor_client, hidden_and_public):
    hidden, _ = hidden_and_public
    response = editor_client.get(hidden.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "预览" in section(page, "preview-banner", "p")
    assert '<meta name="robots" content="noindex">' in page
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control


def test_not_in_most_viewed(client, hidden_and_public):
    hidden, public = hidden_and_public
    Article.objects.filter(pk=hidden.pk).update(view_count=10_000)
    ranked = section(client.get("/").content.decode(), "most-viewed", "aside")
    assert public.title in ranked
    assert hidden.title not in ranked


def test_not_in_related_or_previous_next(client, hidden_and_public):
    hidden, public = hidden_and_public
    page = client.get(public.get_absolute_url()).content.decode()
    assert hidden.title not in page


def test_not_in_search(client, hidden_and_public):
    hidden, public = hidden_and_public
    page = client.get("/search/", {"q": "区域协同"}).content.decode()
    assert f'href="{public.get_absolute_url()}"' in page
    assert f'href="{hidden.get_absolute_url()}"' not in page


def test_not_in_feeds(client, hidden_and_public):
    hidden, public = hidden_and_public
    for url in ("/feed/", "/columns/industry-planning/feed/", "/columns/news/feed/"):
        feed = client.get(url).content.decode()
        assert public.title in feed
        assert hidden.title not in feed


def test_not_in_sitemap(client, hidden_and_public):
    hidden, public = hidden_and_public
    pages = {article_sitemap_page_of(article) for article in (public, hidden)}
    sitemap = "".join(client.get(page).content.decode() for page in pages)
    assert f"/articles/{public.pk}/" in sitemap
    assert f"/articles/{hidden.pk}/" not in sitemap


def test_scheduled_article_goes_public_when_its_time_comes(client, demo_tree, make_article):
    article = make_article(
        demo_tree["industry-planning"], published_at=timezone.now() + timedelta(seconds=2)
    )
    assert client.get(article.get_absolute_url()).status_code == 404

    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))

    assert client.get(article.get_absolute_url()).status_code == 200


def test_an_article_in_hand_is_public_by_the_rule_of_the_public_queryset(hidden_and_public):
    """Article.is_public (what the article page asks of the article it read) and published()
    (what every list asks of the database) agree on every state."""
    hidden, public = hidden_and_public
    for article in (hidden, public):
        fresh = Article.objects.get(pk=article.pk)
        assert fresh.is_public == Article.objects.published().filter(pk=article.pk).exists()
    assert not Article.objects.get(pk=hidden.pk).is_public
    assert Article.objects.get(pk=public.pk).is_public


def test_an_article_expiring_later_is_public_until_then(demo_tree, make_article):
    article = make_article(
        demo_tree["industry-planning"], expires_at=timezone.now() + timedelta(minutes=5)
    )
    assert Article.objects.get(pk=article.pk).is_public
    assert Article.objects.published().filter(pk=article.pk).exists()
