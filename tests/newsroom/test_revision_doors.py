"""The revision views (django-reversion's recover and revision views, the history's
restore) change nothing readers see unless a chief editor says so."""

import re

import pytest
from django.test import Client
from reversion.models import Version

from news.models import Article
from newsroom.models import PendingChange
from newsroom.revisions import versions_of

from ..helpers import article_form, published_through_the_form, text_of

CHANGELIST_URL = "/admin/news/article/"


def run_action(client, action, articles, **extra):
    data = {"action": action, "_selected_action": [a.pk for a in articles], "index": 0, **extra}
    return client.post(CHANGELIST_URL, data, follow=True)


def public_status(article):
    return Client().get(article.get_absolute_url()).status_code


@pytest.fixture
def taken_down(chief_client, demo_tree, make_article):
    """Three articles a chief editor published in one bulk action, then took down."""
    column = demo_tree["industry-planning"]
    articles = [make_article(column, status=Article.Status.DRAFT) for _ in range(3)]
    Article.objects.filter(pk__in=[a.pk for a in articles]).update(view_count=9)
    run_action(chief_client, "publish", articles)
    run_action(chief_client, "unpublish", articles, apply="1")
    return articles


def published_version(article):
    return next(v for v in versions_of(article) if v.field_dict["status"] == "published")


@pytest.mark.parametrize("who", ["editor_client", "chief_client"])
def test_recovering_a_version_of_a_taken_down_article_is_refused(request, who, taken_down):
    client = request.getfixturevalue(who)
    version = published_version(taken_down[0])

    shown = client.get(f"/admin/news/article/recover/{version.pk}/")
    posted = client.post(f"/admin/news/article/recover/{version.pk}/", {"column": 1})

    assert (shown.status_code, posted.status_code) == (403, 403)
    assert client.get("/admin/news/article/recover/").status_code == 403
    for article in taken_down:
        assert public_status(article) == 404
        stored = Article.objects.get(pk=article.pk)
        assert (stored.status, stored.view_count) == (Article.Status.DRAFT, 9)


def test_recover_is_only_for_deleted_articles(admin_client, taken_down):
    """Even for a superuser, recover does not put back an article that still exists."""
    version = published_version(taken_down[0])

    posted = admin_client.post(
        f"/admin/news/article/recover/{version.pk}/", {"column": taken_down[0].column_id}
    )

    assert posted.status_code == 404
    assert all(public_status(article) == 404 for article in taken_down)


def test_recovering_one_deleted_article_brings_back_that_one_alone(admin_client, taken_down):
    first, second, third = taken_down
    version = published_version(first)
    Article.objects.filter(pk=first.pk).delete()

    admin_client.post(f"/admin/news/article/recover/{version.pk}/", {"column": first.column_id})

    recovered = Article.objects.get(pk=first.pk)
    assert recovered.status == Article.Status.DRAFT
    assert public_status(recovered) == 404
    for other in (second, third):
        assert Article.objects.get(pk=other.pk).status == Article.Status.DRAFT


def test_django_reversions_revision_view_reverts_nothing(admin_client, taken_down):
    article = taken_down[0]
    version = published_version(article)

    response = admin_client.post(
        f"/admin/news/article/{article.pk}/history/{version.pk}/",
        article_form(article.column, Article.objects.get(pk=article.pk), button="_publish"),
    )

    assert response.status_code == 302  # to the comparison, which changes nothing
    assert public_status(article) == 404


def test_an_editors_restore_of_a_live_article_waits_for_review(
    editor_client, chief_client, demo_tree
):
    column = demo_tree["industry-planning"]
    article = published_through_the_form(chief_client, column, title="旧标题", is_headline="on")
    chief_client.post(
        f"/admin/news/article/{article.pk}/change/",
        article_form(column, article, title="新标题"),
    )
    older = versions_of(article).last()

    asked = editor_client.get(f"/admin/news/article/{article.pk}/history/{older.pk}/restore/")
    restored = editor_client.post(f"/admin/news/article/{article.pk}/history/{older.pk}/restore/")

    assert "待审改动" in text_of(asked.content.decode())
    assert restored.status_code == 302
    page = Client().get(article.get_absolute_url()).content.decode()
    assert re.search(r"<h1[^>]*>\s*新标题", page)
    assert PendingChange.objects.get(article=article).proposed["title"] == "旧标题"
    live = Article.objects.get(pk=article.pk)
    assert (live.title, live.is_headline, live.status) == ("新标题", False, "published")


@pytest.mark.parametrize(
    ("who", "shown"), [("editor_client", False), ("chief_client", False), ("admin_client", True)]
)
def test_the_list_offers_recovery_only_to_those_who_may_recover(db, request, who, shown):
    page = request.getfixturevalue(who).get(CHANGELIST_URL).content.decode()

    assert ('class="recoverlink"' in page) is shown


def test_an_imported_articles_first_text_is_kept_before_its_first_change(
    chief_client, editor_client, demo_tree, make_article
):
    """An import writes no revision: the text readers saw before the first change here can
    still be compared and restored."""
    column = demo_tree["industry-planning"]
    article = make_article(column, title="导入时的标题")
    assert not versions_of(article).exists()

    chief_client.post(
        f"/admin/news/article/{article.pk}/change/",
        article_form(column, Article.objects.get(pk=article.pk), title="改过的标题"),
    )

    first = versions_of(article).last()
    assert first.field_dict["title"] == "导入时的标题"
    chief_client.post(f"/admin/news/article/{article.pk}/history/{first.pk}/restore/")
    assert Article.objects.get(pk=article.pk).title == "导入时的标题"


def test_an_imported_article_deleted_without_a_change_can_be_recovered(
    admin_client, demo_tree, make_article
):
    column = demo_tree["industry-planning"]
    article = make_article(column, title="从未改过")
    admin_client.post(f"/admin/news/article/{article.pk}/delete/", {"post": "yes"})

    version = Version.objects.get_deleted(Article).get(object_id=str(article.pk))
    admin_client.post(f"/admin/news/article/recover/{version.pk}/", {"column": column.pk})
    assert Article.objects.get(pk=article.pk).title == "从未改过"


def test_a_bulk_action_keeps_the_first_text_too(chief_client, demo_tree, make_article):
    article = make_article(demo_tree["industry-planning"], title="原样")
    run_action(chief_client, "unpublish", [article], apply="1")
    states = [v.field_dict["status"] for v in versions_of(article)]
    assert states == ["draft", "published"]
