"""What a save records in the article's history: the fields it changed, named in Chinese,
and not the body when the editor only re-serialized it; a change that only re-serializes the
body changes no body on approval."""

from django.utils import timezone

from news.models import Article
from newsroom.models import PendingChange
from newsroom.revision_comments import shown
from newsroom.revisions import versions_of

from ..helpers import article_form, decide


def test_a_saves_note_names_the_fields_in_chinese_and_leaves_an_untouched_body_out(
    chief_client, demo_tree, make_article
):
    column = demo_tree["industry-planning"]
    article = make_article(column, title="旧标题", body="<p>第一段。</p><p>第二段。</p>", source="")

    chief_client.post(
        f"/admin/news/article/{article.pk}/change/",
        article_form(
            column,
            article,
            title="新标题",
            source="新华社",
            # What CKEditor sends back for the same body: line breaks between blocks.
            body="<p>第一段。</p>\r\n\r\n<p>第二段。</p>\r\n",
            keywords=article.keywords,
        ),
    )

    note = shown(versions_of(article).first().revision.comment)
    assert "标题" in note and "来源" in note
    assert "正文" not in note and "Title" not in note


def test_a_reporters_title_change_keeps_a_body_the_chief_corrected_meanwhile(
    editor_client, chief_client, demo_tree, make_article
):
    column = demo_tree["industry-planning"]
    live = make_article(column, title="园区调查", body="<p>样本园区为300家。</p>")
    page = editor_client.get(f"/admin/news/article/{live.pk}/change/")
    form = page.context["adminform"].form
    editor_client.post(
        f"/admin/news/article/{live.pk}/change/",
        article_form(
            column,
            title="园区调查报告",
            body="<p>样本园区为300家。</p>\n",  # re-serialized, not changed
            summary=form["summary"].value(),
            keywords=form["keywords"].value(),
            source=form["source"].value(),
            opened_version=form["opened_version"].value(),
            button="_submit",
        ),
    )
    assert PendingChange.objects.get().changed_fields == {"title": "园区调查报告"}
    Article.objects.filter(pk=live.pk).update(body="<p>样本园区为312家。</p>")

    submission = live.submissions.get()
    decide(chief_client, submission)

    approved = Article.objects.get(pk=live.pk)
    assert (approved.title, approved.body) == ("园区调查报告", "<p>样本园区为312家。</p>")


def test_the_history_tells_two_saves_in_one_minute_apart(chief_client, demo_tree, make_article):
    column = demo_tree["industry-planning"]
    article = make_article(column, title="一分钟内两次保存")
    for title in ("第一次保存", "第二次保存"):
        chief_client.post(
            f"/admin/news/article/{article.pk}/change/",
            article_form(column, article, title=title, keywords=article.keywords),
        )
    times = [
        timezone.localtime(version.revision.date_created).strftime("%Y-%m-%d %H:%M:%S")
        for version in versions_of(article)
    ]

    page = chief_client.get(f"/admin/news/article/{article.pk}/history/").content.decode()

    assert len(times) >= 2
    for time in times:
        assert f">{time}</a></th>" in page
