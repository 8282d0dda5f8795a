"""A reporter's change to a live article waits for review: readers keep the published
version (page, home, feed) until a reviewer approves, then see the change on the next
request, with either cache."""

import re

import feedparser
import pytest
from django.test import Client

from news.models import Article
from newsroom.models import PendingChange, Submission

from ..buckets import readable
from ..helpers import EDITORS, article_form, changelist_rows, decide, section, text_of, unpublish

QUEUE_URL = "/admin/newsroom/submission/"


def change_url(article):
    return f"/admin/news/article/{article.pk}/change/"


def fresh(article):
    return Article.objects.get(pk=article.pk)


def change_form(client, article, **fields):
    """What the user's form on the article posts, as opened now with `fields` typed in: for
    a reporter on a live article, its pending change's values and version."""
    form = client.get(change_url(article)).context["adminform"].form
    names = ("title", "summary", "body", "keywords", "source", "opened_version", "opened_fields")
    shown = {name: form[name].value() for name in names}
    return article_form(article.column, **{**shown, **fields})


def what_readers_see(article):
    """The article page's title and body, the home page and the feed, as a reader gets them."""
    reader = Client()
    page = reader.get(article.get_absolute_url()).content.decode()
    feed = feedparser.parse(reader.get("/feed/").content)
    return {
        "title": text_of(re.search(r"<h1[^>]*>.*?</h1>", page, re.S).group(0)),
        "body": text_of(section(page, "article-body", "div")),
        "home": article.title in reader.get("/").content.decode(),
        "feed": sorted(entry.title for entry in feed.entries),
    }


@pytest.fixture
def live(demo_tree, make_article):
    return make_article(
        demo_tree["industry-planning"],
        title="园区规划发布",
        body="<p>原来的正文。</p>",
        source="高新院",
        keywords="园区",
    )


def test_a_reporters_save_of_a_live_article_leaves_what_readers_see(
    editor_client, live, page_cache
):
    before = what_readers_see(live)
    stored = fresh(live)

    response = editor_client.post(
        change_url(live),
        change_form(editor_client, live, title="园区规划发布（修订）", body="<p>新的正文。</p>"),
        follow=True,
    )

    assert "读者看到的仍是已发布的版本" in text_of(
        section(response.content.decode(), "messagelist", "ul")
    )
    assert what_readers_see(live) == before
    after = fresh(live)
    assert (after.title, after.body, after.version) == (stored.title, stored.body, stored.version)
    change = PendingChange.objects.get(article=live)
    assert change.changed_fields == {"title": "园区规划发布（修订）", "body": "<p>新的正文。</p>"}
    assert not Submission.objects.exists()  # saved, not yet submitted

    # The reporter's form shows the change, and says whose and what it is.
    form = editor_client.get(change_url(live)).content.decode()
    assert 'value="园区规划发布（修订）"' in form
    assert "待审改动" in text_of(form)


def test_an_approved_change_shows_on_the_next_request(
    editor_client, chief_client, live, page_cache
):
    before = what_readers_see(live)
    editor_client.post(
        change_url(live),
        change_form(editor_client, live, title="园区规划发布（修订）", button="_submit"),
    )
    assert what_readers_see(live) == before
    submission = Submission.objects.get()
    assert submission.is_change
    [row] = changelist_rows(chief_client.get(QUEUE_URL).content.decode())
    assert "已发布文章的改动" in row and "editor" in row

    page = chief_client.get(f"{QUEUE_URL}{submission.pk}/change/").content.decode()
    assert "改动与已发布版本的对比" in text_of(page)
    assert "<ins>（修订）</ins>" in page

    decide(chief_client, submission)

    seen = what_readers_see(live)
    assert seen["title"] == "园区规划发布（修订）"
    assert "园区规划发布（修订）" in seen["feed"]
    assert not PendingChange.objects.exists()
    assert fresh(live).status == Article.Status.PUBLISHED


def test_the_approval_message_names_the_article_by_its_approved_title(
    editor_client, chief_client, live
):
    editor_client.post(
        change_url(live),
        change_form(editor_client, live, title="园区规划发布（修订）", button="_submit"),
    )

    decide(chief_client, Submission.objects.get())

    queue = chief_client.get(QUEUE_URL).content.decode()
    said = text_of(section(queue, "messagelist", "ul"))
    assert "“园区规划发布（修订）”审核通过，读者现在即可看到。" in said


def test_a_chief_editors_edit_meanwhile_is_kept_and_both_are_shown(
    editor_client, chief_client, live
):
    editor_client.post(
        change_url(live),
        change_form(editor_client, live, body="<p>记者改的正文。</p>", title=live.title),
    )
    chief_client.post(
        change_url(live),
        change_form(chief_client, live, title="主编改的标题", body="<p>原来的正文。</p>"),
    )
    # The chief sees the live article in the form, and a link to the change waiting.
    form = chief_client.get(change_url(live)).content.decode()
    assert 'value="主编改的标题"' in form
    pending = chief_client.get(f"/admin/news/article/{live.pk}/pending/").content.decode()
    assert "<del>原来</del><ins>记者改</ins>的正文。" in pending

    editor_client.post(
        change_url(live),
        change_form(editor_client, live, body="<p>记者改的正文。</p>", button="_submit"),
    )
    submission = Submission.objects.get()
    decide(chief_client, submission)

    seen = what_readers_see(live)
    assert (seen["title"], seen["body"]) == ("主编改的标题", "记者改的正文。")


def test_a_sent_back_change_stays_with_its_writer(editor_client, chief_client, live):
    editor_client.post(
        change_url(live),
        change_form(editor_client, live, title="改后的标题", button="_submit"),
    )
    submission = Submission.objects.get()

    decide(chief_client, submission, "_send_back", "标题太长。")

    assert what_readers_see(live)["title"] == "园区规划发布"
    assert fresh(live).status == Article.Status.PUBLISHED
    form = editor_client.get(change_url(live)).content.decode()
    assert 'value="改后的标题"' in form and "标题太长。" in form
    listed = editor_client.get("/admin/news/article/", {"whose": "sent_back"})
    assert [a.pk for a in listed.context["cl"].result_list] == [live.pk]


def test_two_writers_on_one_change_cannot_overwrite_each_other(
    editor_client, live, django_user_model
):
    from ..conftest import staff_in_group

    other = Client()
    other.force_login(staff_in_group(django_user_model, "reporter2", EDITORS))
    # Both open the form before either saves.
    first = change_form(editor_client, live, title="第一位记者的标题")
    second = change_form(other, live, title="第二位记者的标题")

    assert editor_client.post(change_url(live), first).status_code == 302
    refused = other.post(change_url(live), second)

    assert refused.status_code == 200
    conflict = section(refused.content.decode(), "module conflict", "div")
    assert "第一位记者的标题" in conflict and "第二位记者的标题" in conflict
    assert PendingChange.objects.get().proposed["title"] == "第一位记者的标题"
    # The refused form keeps the writer's text; saved again, it is taken as the merge.
    assert 'value="第二位记者的标题"' in refused.content.decode()
    kept = refused.context["adminform"].form["opened_version"].value()
    again = other.post(change_url(live), {**second, "opened_version": kept})
    assert again.status_code == 302
    assert PendingChange.objects.get().proposed["title"] == "第二位记者的标题"


def test_a_new_cover_in_a_change_is_not_shown_until_approved(
    editor_client, chief_client, live, jpeg_upload, django_capture_on_commit_callbacks
):
    editor_client.post(
        change_url(live),
        change_form(editor_client, live, title=live.title, cover=jpeg_upload(), button="_submit"),
    )
    page = Client().get(live.get_absolute_url()).content.decode()
    assert "covers/" not in page
    proposed = PendingChange.objects.get().cover.name

    submission = Submission.objects.get()
    review = chief_client.get(f"/admin/newsroom/submission/{submission.pk}/change/")
    as_readers_will_read_it = review.content.decode().split("通过后读者看到的文章")[-1]
    assert f"/admin/news/article/{live.pk}/pending/cover/" in as_readers_will_read_it
    with django_capture_on_commit_callbacks(execute=True):
        decide(chief_client, submission)

    article = fresh(live)
    assert article.cover and article.cover_thumbnail and article.cover_width == 800
    assert article.cover.url in Client().get(live.get_absolute_url()).content.decode()
    assert not article.cover.storage.exists(proposed)  # the change's copy is gone


def test_a_changed_image_or_link_shows_in_the_review(
    editor_client, chief_client, demo_tree, make_article
):
    live = make_article(
        demo_tree["industry-planning"],
        title="园区图片",
        body='<p><img src="/media/uploads/old.png" alt="旧图"></p><p><a href="https://old.example.cn/">来源</a></p>',
    )
    editor_client.post(
        change_url(live),
        change_form(
            editor_client,
            live,
            body='<p><img src="/media/uploads/new.png" alt="旧图"></p><p><a href="https://new.example.cn/">来源</a></p>',
            button="_submit",
        ),
    )

    page = chief_client.get(f"{QUEUE_URL}{Submission.objects.get().pk}/change/").content.decode()

    body = text_of(section(page, "comparison", "table"))
    assert "图片：/media/uploads/" in body and "new" in body and "链接：https://" in body
    assert "通过后读者看到的文章" in text_of(page)


def test_unpublishing_puts_the_change_into_the_draft_and_sending_it_again_works(
    editor_client, chief_client, live
):
    editor_client.post(
        change_url(live), change_form(editor_client, live, title="改后的标题", button="_submit")
    )
    form = editor_client.get(change_url(live)).content.decode()
    assert 'value="保存并重新送审" name="_save"' in form
    assert 'name="_submit"' not in form and 'name="_continue"' not in form

    response = unpublish(chief_client, live, follow=True)

    assert "已将 1 篇文章撤回为草稿" in text_of(
        section(response.content.decode(), "messagelist", "ul")
    )
    draft = fresh(live)
    assert (draft.status, draft.title) == (Article.Status.DRAFT, "改后的标题")
    assert not PendingChange.objects.exists()
    assert Submission.objects.get().state == Submission.State.WITHDRAWN
    # The writer sends the draft, their change in it, for review as a whole.
    sent = editor_client.post(
        change_url(live), article_form(live.column, draft, title=draft.title, button="_submit")
    )
    assert sent.status_code == 302
    assert Submission.objects.in_review().get().is_change is False


def test_a_chiefs_correction_made_while_a_reporter_had_the_form_open_is_kept(
    editor_client, chief_client, live
):
    opened = change_form(editor_client, live, source="新华社")  # the reporter types a source
    chief_client.post(
        change_url(live), change_form(chief_client, live, body="<p>原来的正文（主编更正）。</p>")
    )

    refused = editor_client.post(change_url(live), opened)

    assert refused.status_code == 200  # stale: the live article changed under the form
    form = refused.context["adminform"].form
    assert "主编更正" in form["body"].value() and form["source"].value() == "新华社"
    # Sent again as the refused form shows it.
    names = ("title", "summary", "body", "keywords", "source", "opened_version", "opened_fields")
    resent = {**opened, **{name: form[name].value() for name in names}}
    assert editor_client.post(change_url(live), resent).status_code == 302
    assert PendingChange.objects.get().changed_fields == {"source": "新华社"}


def test_a_reporters_form_shows_a_correction_made_after_their_change(
    editor_client, chief_client, live
):
    editor_client.post(change_url(live), change_form(editor_client, live, title="记者的标题"))
    chief_client.post(
        change_url(live), change_form(chief_client, live, body="<p>原来的正文（主编更正）。</p>")
    )

    form = editor_client.get(change_url(live)).context["adminform"].form

    assert form["title"].value() == "记者的标题"
    assert "主编更正" in form["body"].value()


def test_a_proposed_cover_is_kept_from_readers_and_shown_to_staff(
    editor_client, chief_client, django_user_model, live, make_article, jpeg_upload, media_storage
):
    # Another article's change first, so that this change's id is not its article's.
    PendingChange.objects.create(article=make_article(live.column), proposed={}, base={})
    editor_client.post(
        change_url(live),
        change_form(editor_client, live, title=live.title, cover=jpeg_upload(), button="_submit"),
    )
    proposed = PendingChange.objects.get(article=live).cover
    shown = f"/admin/news/article/{live.pk}/pending/cover/"

    assert proposed.name.startswith("pending/covers/")
    if media_storage == "bucket":  # nginx's internal location: browser/test_behind_nginx.py
        assert not readable(proposed.url)
    form = editor_client.get(change_url(live)).content.decode()
    assert f'src="{shown}"' in form and f'href="{shown}"' in form and proposed.url not in form
    review = chief_client.get(
        f"/admin/newsroom/submission/{Submission.objects.get().pk}/change/"
    ).content.decode()
    assert f'src="{shown}"' in review
    response = chief_client.get(shown)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == proposed.open("rb").read()
    assert Client().get(shown).status_code == 302  # to the login page
    outsider = django_user_model.objects.create_user("outsider", is_staff=True)
    stranger = Client()
    stranger.force_login(outsider)
    assert stranger.get(shown).status_code == 403
