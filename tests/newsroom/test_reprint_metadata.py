"""Reprint metadata (互联网新闻信息服务管理规定): the original title, a short title, and the
editor in charge (责任编辑) by real name, filled in by whoever makes the article go live."""

import json
from io import StringIO

from django.core.management import call_command
from django.test import Client

from news.models import Article

from ..helpers import article_form, decide, text_of
from .test_bulk_actions import run_action
from .test_pending_changes import change_form, change_url


def page_text(article):
    return text_of(Client().get(f"/articles/{article.pk}/").content.decode())


def named(user, last, first):
    user.last_name, user.first_name = last, first
    user.save()
    return user


def test_the_approving_chief_editor_is_named_on_the_page(
    editor_client, chief_client, chief_editor, demo_tree
):
    named(chief_editor, "王", "某")
    column = demo_tree["industry-planning"]
    editor_client.post(
        "/admin/news/article/add/",
        article_form(column, button="_submit", original_title="原报道的标题", short_title="短题"),
    )
    article = Article.objects.get()
    assert article.editor_in_charge == ""
    decide(chief_client, article.submissions.get())

    text = page_text(article)
    assert "责任编辑: 王某" in text
    assert "原标题: 原报道的标题" in text
    assert Article.objects.get().short_title == "短题"


def test_an_approved_change_names_its_approver(
    editor_client, chief_client, chief_editor, demo_tree, make_article
):
    named(chief_editor, "李", "四")
    article = make_article(demo_tree["industry-planning"], editor_in_charge="张三")
    editor_client.post(
        change_url(article),
        change_form(editor_client, article, title="改过的标题", button="_submit"),
    )
    decide(chief_client, article.submissions.get())
    assert "责任编辑: 李四" in page_text(article)


def test_a_chief_editor_publishing_is_in_charge_unless_they_name_another(
    chief_client, chief_editor, demo_tree
):
    column = demo_tree["industry-planning"]
    chief_client.post("/admin/news/article/add/", article_form(column, button="_publish"))
    # With no name given, the login.
    assert Article.objects.get().editor_in_charge == "chief"
    chief_client.post(
        "/admin/news/article/add/",
        article_form(column, title="另一篇", editor_in_charge="赵六", button="_publish"),
    )
    assert Article.objects.get(title="另一篇").editor_in_charge == "赵六"


def test_publishing_from_the_list_names_the_chief_editor(
    chief_client, chief_editor, demo_tree, make_article
):
    named(chief_editor, "王", "某")
    drafts = [
        make_article(demo_tree["industry-planning"], status=Article.Status.DRAFT) for _ in "ab"
    ]
    run_action(chief_client, "publish", [draft.pk for draft in drafts])
    assert set(Article.objects.values_list("editor_in_charge", flat=True)) == {"王某"}


def test_a_reporter_sees_the_editor_in_charge_but_cannot_set_it(editor_client, demo_tree):
    column = demo_tree["industry-planning"]
    form = editor_client.get("/admin/news/article/add/").content.decode()
    assert 'name="original_title"' in form and 'name="short_title"' in form
    assert 'name="editor_in_charge"' not in form
    assert "责任编辑" in text_of(form)
    editor_client.post("/admin/news/article/add/", article_form(column, editor_in_charge="冒名"))
    assert Article.objects.get().editor_in_charge == ""


def test_a_chief_editor_edits_the_editor_in_charge(chief_client, demo_tree):
    form = chief_client.get("/admin/news/article/add/").content.decode()
    assert 'name="editor_in_charge"' in form
    assert "原标题" in text_of(form) and "短标题" in text_of(form)


def test_the_import_takes_the_reprint_fields(demo_tree, tmp_path):
    line = {
        "title": "转载的文章",
        "column": "industry-planning",
        "body": "<p>正文。</p>",
        "status": "published",
        "original_title": "原来的标题",
        "short_title": "转载",
        "editor_in_charge": "王某",
    }
    path = tmp_path / "articles.jsonl"
    path.write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    call_command("import_articles", str(path), stdout=StringIO())
    article = Article.objects.get()
    assert (article.original_title, article.short_title) == ("原来的标题", "转载")
    assert "责任编辑: 王某" in page_text(article)
