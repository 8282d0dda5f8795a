"""The newsroom's workflow: review before publishing, pins that lapse, the editorial flags,
stale forms refused, revisions compared and restored."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext_noop
from reversion.models import Version

from news import demo_files
from news.attachments import Attachment
from news.models import PIN_FOREVER, Article
from newsroom.revision_comments import said
from newsroom.revisions import save_revision

from ..helpers import article_form, published_through_the_form, section, text_of

CHANGELIST_URL = "/admin/news/article/"


def change_url(article):
    return f"/admin/news/article/{article.pk}/change/"


def run_action(client, action, articles, **extra):
    data = {"action": action, "_selected_action": [a.pk for a in articles], "index": 0, **extra}
    return client.post(CHANGELIST_URL, data, follow=True)


def fresh(article):
    return Article.objects.get(pk=article.pk)


def listed_titles(page, css_class, tag):
    return re.findall(r'<a href="/articles/\d+/"[^>]*>([^<]+)</a>', section(page, css_class, tag))


# Review before publishing (tests/newsroom/test_review.py has the whole cycle)


@pytest.mark.parametrize("action", ["publish", "unpublish", "send_back"])
def test_editor_cannot_run_chief_editor_actions_even_by_crafted_post(
    editor_client, demo_tree, make_article, action
):
    column = demo_tree["industry-planning"]
    pending = make_article(column, status=Article.Status.PENDING)
    live = make_article(column)

    run_action(editor_client, action, [pending, live], note="改一下", apply="1")

    assert fresh(pending).status == Article.Status.PENDING
    assert fresh(live).status == Article.Status.PUBLISHED
    actions = editor_client.get(CHANGELIST_URL).content.decode()
    assert f'value="{action}"' not in actions


def test_superuser_may_do_everything(admin_client, demo_tree, make_article):
    draft = make_article(demo_tree["industry-planning"], status=Article.Status.DRAFT)
    run_action(admin_client, "publish", [draft])
    assert fresh(draft).status == Article.Status.PUBLISHED


# Pins that lapse


def test_lapsed_pin_no_longer_floats_and_a_pin_for_next_week_does(client, demo_tree, make_article):
    column = demo_tree["industry-planning"]
    now = timezone.now()
    newest = make_article(column, title="最新文章", published_at=now - timedelta(minutes=1))
    lapsed = make_article(
        column,
        title="置顶已到期",
        published_at=now - timedelta(days=3),
        pinned_until=now - timedelta(hours=1),
    )
    pinned = make_article(
        column,
        title="置顶一周",
        published_at=now - timedelta(days=5),
        pinned_until=now + timedelta(days=7),
    )

    column_page = client.get("/columns/industry-planning/").content.decode()
    titles = re.findall(r'<h2 class="item-title">.*?<a [^>]*>([^<]+)</a>', column_page)
    assert titles[:3] == [pinned.title, newest.title, lapsed.title]

    latest = listed_titles(client.get("/").content.decode(), "latest", "section")
    assert latest[:3] == [pinned.title, newest.title, lapsed.title]


def test_pin_choices_in_the_form_set_when_the_pin_ends(chief_client, demo_tree, make_article):
    column = demo_tree["industry-planning"]
    article = make_article(column)

    before = timezone.now()
    chief_client.post(change_url(article), article_form(column, article, pin="week"))
    article = fresh(article)
    assert before + timedelta(days=7) <= article.pinned_until <= timezone.now() + timedelta(days=7)

    chief_client.post(change_url(article), article_form(column, article, pin="forever"))
    article = fresh(article)
    assert article.pinned_until == PIN_FOREVER

    refused = chief_client.post(change_url(article), article_form(column, article, pin="date"))
    assert "pinned_until" in refused.context["adminform"].form.errors
    # A date no time zone can convert (year 1 in Shanghai is before year 1 in UTC) would be
    # stored as one that no page could read again.
    for year in ("0001", "9999"):
        refused = chief_client.post(
            change_url(article),
            article_form(
                column, article, pin="date", pinned_until_0=f"{year}-01-01", pinned_until_1="00:00"
            ),
        )
        assert "pinned_until" in refused.context["adminform"].form.errors
        assert fresh(article).pinned_until == PIN_FOREVER

    chief_client.post(change_url(article), article_form(column, article, pin=""))
    assert fresh(article).pinned_until is None


# The editorial flags


def test_slideshow_needs_a_cover(chief_client, demo_tree, jpeg_upload):
    column = demo_tree["industry-planning"]

    refused = chief_client.post("/admin/news/article/add/", article_form(column, is_slideshow="on"))
    assert "is_slideshow" in refused.context["adminform"].form.errors

    accepted = chief_client.post(
        "/admin/news/article/add/", article_form(column, is_slideshow="on", cover=jpeg_upload())
    )
    assert accepted.status_code == 302
    assert Article.objects.get().is_slideshow


def test_flag_actions_set_and_clear_and_skip_slides_without_cover(
    chief_client, demo_tree, make_article, jpeg_upload
):
    column = demo_tree["industry-planning"]
    with_cover = make_article(column, title="有封面", cover=jpeg_upload())
    without = make_article(column, title="无封面")

    run_action(chief_client, "set_is_headline", [with_cover, without])
    assert Article.objects.headlines().count() == 2
    run_action(chief_client, "clear_is_headline", [without])
    assert list(Article.objects.headlines()) == [with_cover]

    response = run_action(chief_client, "set_is_slideshow", [with_cover, without])
    assert list(Article.objects.filter(is_slideshow=True)) == [with_cover]
    assert "无封面" in text_of(section(response.content.decode(), "messagelist", "ul"))


def test_home_shows_slides_headline_and_recommended(client, demo_tree, make_article, jpeg_upload):
    column = demo_tree["industry-planning"]
    slide = make_article(column, title="幻灯文章", cover=jpeg_upload(), is_slideshow=True)
    headline = make_article(column, title="头条文章", is_headline=True)
    recommended = make_article(column, title="推荐文章", is_recommended=True, bold_title=True)
    plain = make_article(column, title="普通文章")

    page = client.get("/").content.decode()

    slides = section(page, "slideshow", "section")
    assert slide.title in slides and slide.cover.url in slides
    assert plain.title not in slides
    assert headline.title in section(page, "lead", "article")
    recommended_block = section(page, "recommended", "section")
    assert f'class="bold-title">{recommended.title}</a>' in recommended_block
    assert plain.title not in recommended_block


# No lost edits


def test_a_form_opened_before_a_bulk_action_is_refused(
    editor_client, chief_client, demo_tree, make_article
):
    column = demo_tree["industry-planning"]
    article = make_article(column, status=Article.Status.PENDING)
    opened = fresh(article)

    run_action(chief_client, "publish", [article])
    stale = editor_client.post(
        change_url(article), article_form(column, opened, button="_submit", title="新标题")
    )

    assert stale.status_code == 200
    assert fresh(article).status == Article.Status.PUBLISHED
    assert fresh(article).title == article.title


# Revisions


def versions(article):
    from newsroom.revisions import versions_of

    return list(versions_of(article))


def test_every_save_and_bulk_action_keeps_a_revision(chief_client, demo_tree, jpeg_upload):
    column = demo_tree["industry-planning"]
    chief_client.post("/admin/news/article/add/", article_form(column, title="第一版"))
    article = Article.objects.get()
    chief_client.post(change_url(article), article_form(column, article, title="第二版"))
    run_action(chief_client, "set_is_recommended", [article])

    history = versions(article)
    assert [v.field_dict["title"] for v in history] == ["第二版", "第二版", "第一版"]
    assert history[0].field_dict["is_recommended"] is True
    assert history[0].revision.user.username == "chief"


def test_restore_brings_back_content_but_not_flags_or_the_view_count(
    chief_client, demo_tree, make_article
):
    old_column, new_column = demo_tree["industry-planning"], demo_tree["reports"]
    chief_client.post(
        "/admin/news/article/add/",
        article_form(
            old_column,
            title="旧标题",
            body="<p>旧的正文。</p>",
            button="_publish",
            is_headline="on",
        ),
    )
    article = Article.objects.get()
    chief_client.post(
        change_url(article),
        article_form(
            new_column, article, title="新标题", body="<p>新的正文。</p>", is_recommended="on"
        ),
    )
    Article.objects.filter(pk=article.pk).update(view_count=4321)
    older = versions(article)[-1]

    compare = chief_client.get(
        f"{change_url(article).replace('change/', '')}history/compare/", {"a": older.pk}
    )
    assert "<del>旧</del><ins>新</ins>" in compare.content.decode().replace("\n", "")
    restored = chief_client.post(f"/admin/news/article/{article.pk}/history/{older.pk}/restore/")

    assert restored.status_code == 302
    article = fresh(article)
    assert article.title == "旧标题"
    assert article.body == "<p>旧的正文。</p>"
    assert article.column == old_column
    # The flags place the article on the home page: a restore leaves them as they are.
    assert (article.is_headline, article.is_recommended) == (False, True)
    assert article.view_count == 4321
    assert len(versions(article)) == 3  # restoring is a new revision
    assert "旧的正文" in Client().get(article.get_absolute_url()).content.decode()


def test_a_restore_asks_first_and_brings_the_flags_back_only_when_ticked(
    chief_client, demo_tree, make_article
):
    column = demo_tree["industry-planning"]
    article = published_through_the_form(chief_client, column, title="园区文章", is_headline="on")
    chief_client.post(change_url(article), article_form(column, article, title="园区文章（改）"))
    older = versions(article)[-1]
    restore = f"/admin/news/article/{article.pk}/history/{older.pk}/restore/"

    asked = chief_client.get(restore).content.decode()

    assert fresh(article).title == "园区文章（改）"  # asking changes nothing
    content, placement = re.findall(r'<table class="comparison">.*?</table>', asked, re.S)
    assert "<del>（改）</del>" in content and "头条" not in text_of(content)
    assert "头条" in text_of(placement) and 'name="placement"' in asked
    chief_client.post(restore, {"placement": "on"})
    restored = fresh(article)
    assert (restored.title, restored.is_headline) == ("园区文章", True)


def test_restoring_a_revision_whose_column_is_gone_keeps_the_current_column(
    chief_client, demo_tree
):
    from categories.models import Category

    gone = Category.objects.create(name="已撤销的栏目", slug="dissolved", parent=demo_tree["news"])
    chief_client.post("/admin/news/article/add/", article_form(gone, title="旧标题"))
    article = Article.objects.get()
    current = demo_tree["industry-planning"]
    chief_client.post(change_url(article), article_form(current, fresh(article), title="新标题"))
    Category.objects.get(pk=gone.pk).delete()
    older = versions(article)[-1]

    restored = chief_client.post(f"/admin/news/article/{article.pk}/history/{older.pk}/restore/")

    assert restored.status_code == 302
    article = fresh(article)
    assert (article.title, article.column) == ("旧标题", current)


@pytest.mark.parametrize("version", ["abc", "1.5", "-1", "99999999999999999999", "9" * 4400])
def test_a_revision_named_by_no_number_is_not_found(chief_client, demo_tree, make_article, version):
    article = make_article(demo_tree["industry-planning"])
    history = change_url(article).replace("change/", "history/")

    assert chief_client.get(f"{history}compare/", {"a": version}).status_code == 404
    assert chief_client.get(f"{history}compare/", {"a": 1, "b": version}).status_code == 404
    if version.isdecimal() and len(version) < 4300:  # what the restore address's <int:> takes
        assert chief_client.post(f"{history}{version}/restore/").status_code == 404


def test_a_deleted_article_comes_back_as_a_draft_after_a_confirmation(
    admin_client, client, demo_tree
):
    column = demo_tree["industry-planning"]
    article = published_through_the_form(
        admin_client, column, title="误删的文章", published_at_0="2024-01-05"
    )
    Article.objects.filter(pk=article.pk).update(view_count=77)
    admin_client.post(f"/admin/news/article/{article.pk}/delete/", {"post": "yes"})
    assert not Article.objects.exists()

    listing = admin_client.get("/admin/news/article/recover/").content.decode()
    version_id = re.search(r'href="/admin/news/article/recover/(\d+)/"', listing).group(1)
    asked = admin_client.get(f"/admin/news/article/recover/{version_id}/")
    assert "草稿" in text_of(asked.content.decode())
    assert not Article.objects.exists()  # showing the confirmation recovers nothing

    admin_client.post(f"/admin/news/article/recover/{version_id}/", {"column": column.pk})

    recovered = Article.objects.get()
    assert (recovered.title, recovered.status) == ("误删的文章", Article.Status.DRAFT)
    assert recovered.view_count == 0  # as stored when its last revision was made
    assert client.get(recovered.get_absolute_url()).status_code == 404


def test_recovering_says_which_files_stay_deleted_only_when_there_were_some(
    admin_client, admin_user, demo_tree
):
    column = demo_tree["industry-planning"]
    plain = published_through_the_form(admin_client, column, title="没有附件的文章")
    with_file = published_through_the_form(admin_client, column, title="带附件的文章")
    Attachment.objects.create(
        article=with_file,
        title="通知",
        file=SimpleUploadedFile("tongzhi.pdf", demo_files.pdf(["Notice"])),
    )
    save_revision(with_file, admin_user, said(gettext_noop("Saved.")))
    for article in (plain, with_file):
        admin_client.post(f"/admin/news/article/{article.pk}/delete/", {"post": "yes"})

    def confirmation(title):
        version = Version.objects.get_for_model(Article).filter(object_repr=title).first()
        page = admin_client.get(f"/admin/news/article/recover/{version.pk}/")
        return text_of(re.search(r'<div id="content-main">.*?</p>', page.content.decode(), re.S)[0])

    assert "附件" not in confirmation("没有附件的文章")
    assert "它的 1 个附件已随文章删除，不会恢复。" in confirmation("带附件的文章")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite runs one write transaction at a time"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_stale_saves_at_once_cannot_both_pass(demo_tree, make_article, editor, chief_editor):
    """Both forms opened at the same version and posted at the same moment: the row lock
    lets exactly one through and the other sees the newer version."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    column = demo_tree["industry-planning"]
    article = make_article(column, title="原标题", status=Article.Status.DRAFT)
    opened = fresh(article)
    start = Barrier(2)

    def save_as(user, title):
        client = Client()
        client.force_login(user)
        start.wait()
        try:
            return client.post(change_url(article), article_form(column, opened, title=title))
        finally:
            connection.close()

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(save_as, [editor, chief_editor], ["编辑的标题", "主编的标题"]))

    assert sorted(r.status_code for r in results) == [200, 302]
    winner = next(
        title
        for r, title in zip(results, ["编辑的标题", "主编的标题"], strict=True)
        if r.status_code == 302
    )
    saved = fresh(article)
    assert saved.title == winner
    assert saved.version == opened.version + 1
