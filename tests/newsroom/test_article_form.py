"""The article form as its users meet it: the buttons each has, the cover's picture, a pin
set by its date alone, files shown with their size, copies with their files, and a refused
stale save that loses nothing."""

import html
import json
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from news import demo_files
from news.attachments import Attachment
from news.models import Article

from ..helpers import article_form, section, text_of


def change_url(article):
    return f"/admin/news/article/{article.pk}/change/"


def button_names(page):
    """The labels of the form's submit buttons, by name."""
    row = section(page, "submit-row", "div")
    return {name: label for label, name in re.findall(r'value="([^"]+)" name="(\w+)"', row)}


@pytest.mark.parametrize(
    ("who", "status", "expected"),
    [
        ("editor_client", None, {"_save": "保存草稿", "_submit": "提交审核"}),
        ("editor_client", "pending", {"_save": "保存并重新送审"}),
        ("editor_client", "published", {"_save": "保存修改，稍后提交", "_submit": "提交修改审核"}),
        ("chief_client", None, {"_save": "保存，暂不发布", "_publish": "发布"}),
        ("chief_client", "published", {"_save": "保存（立即生效）"}),
    ],
)
def test_each_user_has_the_buttons_of_what_they_may_do(
    request, demo_tree, make_article, who, status, expected
):
    client = request.getfixturevalue(who)
    if status is None:
        page = client.get("/admin/news/article/add/").content.decode()
    else:
        article = make_article(demo_tree["industry-planning"], status=status)
        page = client.get(change_url(article)).content.decode()

    shown = button_names(page)

    assert {name: shown[name] for name in expected} == expected
    workflow = {"_save", "_submit", "_publish"}
    assert set(shown) & workflow == set(expected)


def test_the_form_shows_the_covers_picture(chief_client, demo_tree, make_article, jpeg_upload):
    article = make_article(demo_tree["industry-planning"], cover=jpeg_upload())

    page = chief_client.get(change_url(article)).content.decode()

    preview = re.search(r'<img class="cover-preview" src="([^"]+)"', page)
    assert preview and preview.group(1) == article.cover_thumbnail.url


def test_a_pins_date_alone_pins(chief_client, demo_tree, make_article):
    article = make_article(demo_tree["industry-planning"])
    until = timezone.localtime() + timedelta(days=3)

    chief_client.post(
        change_url(article),
        article_form(
            article.column,
            article,
            title=article.title,
            pin="",
            pinned_until_0=until.strftime("%Y-%m-%d"),
            pinned_until_1="08:00:00",
        ),
    )

    pinned = Article.objects.get(pk=article.pk)
    assert timezone.localtime(pinned.pinned_until).date() == until.date()
    assert pinned.is_pinned


def saved_at(client, article, when, time_format, **fields):
    """The article's form sent with its publication time written as `time_format`."""
    client.post(
        change_url(article),
        article_form(
            article.column,
            article,
            published_at_0=when.strftime("%Y-%m-%d"),
            published_at_1=when.strftime(time_format),
            **fields,
        ),
    )


@pytest.mark.parametrize("shown", ["%H:%M", "%H:%M:%S"])
def test_a_publication_time_left_as_shown_keeps_its_seconds(
    chief_client, demo_tree, make_article, shown
):
    """The Chinese form shows the time to the minute, the English one to the second; a save
    that leaves it as shown does not move the article's date."""
    article = make_article(demo_tree["industry-planning"])
    published_at = timezone.localtime(article.published_at)
    assert published_at.second or published_at.microsecond

    saved_at(chief_client, article, published_at, shown, title="改过的标题")

    saved = Article.objects.get(pk=article.pk)
    assert saved.title == "改过的标题"
    assert saved.published_at == article.published_at


def test_a_publication_time_typed_anew_is_taken(chief_client, demo_tree, make_article):
    article = make_article(demo_tree["industry-planning"])
    earlier = timezone.localtime(article.published_at) - timedelta(minutes=1)

    saved_at(chief_client, article, earlier, "%H:%M", title=article.title)

    saved = timezone.localtime(Article.objects.get(pk=article.pk).published_at)
    assert saved == earlier.replace(second=0, microsecond=0)


@pytest.fixture
def with_file(demo_tree, make_article):
    article = make_article(demo_tree["notices"], title="招标公告")
    Attachment.objects.create(
        article=article,
        title="招标文件",
        file=SimpleUploadedFile("招标文件.pdf", demo_files.pdf(["Tender"] * 40)),
    )
    return article


def test_files_show_their_kind_and_a_readable_size(chief_client, with_file):
    page = chief_client.get(change_url(with_file)).content.decode()

    row = text_of(section(page, "form-row has_original", "tr"))
    size = with_file.attachments.get().size
    assert "PDF" in row
    assert re.search(r"\b\d+(\.\d)? KB\b", row) and str(size) not in row


def test_saving_as_new_copies_the_files(editor_client, with_file):
    data = article_form(with_file.column, with_file, button="_saveasnew", title="招标公告（副本）")

    response = editor_client.post(change_url(with_file), data)

    assert response.status_code == 302
    copy = Article.objects.get(title="招标公告（副本）")
    assert copy.status == Article.Status.DRAFT
    [copied] = copy.attachments.all()
    [original] = with_file.attachments.all()
    assert copied.title == original.title and copied.file.name != original.file.name
    assert copied.file.read() == original.file.read()


def test_a_refused_stale_save_says_so_first_and_the_next_save_keeps_the_form(
    demo_tree, make_article, editor, chief_editor
):
    column = demo_tree["industry-planning"]
    article = make_article(column, title="原标题", status=Article.Status.DRAFT)
    mine, theirs = Client(), Client()
    mine.force_login(editor)
    theirs.force_login(chief_editor)
    opened = Article.objects.get(pk=article.pk)
    theirs.post(change_url(article), article_form(column, opened, title="主编的标题"))

    refused = mine.post(change_url(article), article_form(column, opened, title="我的标题"))

    page = refused.content.decode()
    assert "chief 在您打开本文之后" in text_of(page)
    assert page.index("在您打开本文之后") < page.index('class="module conflict"')
    conflict = section(page, "module conflict", "div")
    assert "主编的标题" in conflict and "我的标题" in conflict
    assert 'value="我的标题"' in page
    kept = re.search(r'name="opened_version" value="(\d+)"', page).group(1)
    again = mine.post(
        change_url(article), article_form(column, opened, title="我的标题", opened_version=kept)
    )
    assert again.status_code == 302
    assert Article.objects.get(pk=article.pk).title == "我的标题"


def test_a_refused_save_takes_the_others_change_where_the_writer_changed_nothing(
    demo_tree, make_article, editor, chief_editor
):
    column = demo_tree["industry-planning"]
    article = make_article(column, title="原标题", source="高新院", status=Article.Status.DRAFT)
    mine, theirs = Client(), Client()
    mine.force_login(editor)
    theirs.force_login(chief_editor)
    opened = Article.objects.get(pk=article.pk)
    page = mine.get(change_url(article)).content.decode()
    fingerprints = html.unescape(re.search(r'name="opened_fields" value="([^"]*)"', page).group(1))
    same = {"body": opened.body, "keywords": opened.keywords, "summary": opened.summary}
    theirs.post(
        change_url(article),
        article_form(column, opened, title="主编的标题", source="高新院", **same),
    )

    mine_again = dict(
        article_form(column, opened, title="原标题", source="新华社", **same),
        opened_fields=fingerprints,
    )
    refused = mine.post(change_url(article), mine_again)

    form = refused.context["adminform"].form
    assert (form["title"].value(), form["source"].value()) == ("主编的标题", "新华社")
    conflict = text_of(section(refused.content.decode(), "module conflict", "div"))
    assert "您未改动此项" in conflict
    # Saved again as the refused page posts it: both changes stand.
    resent = {
        **mine_again,
        "title": form["title"].value(),
        "opened_version": form["opened_version"].value(),
        "opened_fields": form["opened_fields"].value(),
    }
    assert mine.post(change_url(article), resent).status_code == 302
    saved = Article.objects.get(pk=article.pk)
    assert (saved.title, saved.source) == ("主编的标题", "新华社")


def test_the_record_names_colleagues_without_links_to_admin_only_pages(
    chief_client, editor, demo_tree, make_article
):
    editor.last_name, editor.first_name = "王", "小明"
    editor.save()
    article = make_article(demo_tree["industry-planning"], created_by=editor, updated_by=editor)
    page = chief_client.get(change_url(article)).content.decode()
    assert "/admin/auth/user/" not in page
    assert page.count("王小明") >= 2


def test_a_live_articles_form_unpublishes_through_the_lists_action_which_asks_first(
    chief_client, editor_client, demo_tree, make_article
):
    live = make_article(demo_tree["industry-planning"], title="在线文章")
    page = chief_client.get(change_url(live)).content.decode()
    tool = re.search(r'<form[^>]*class="unpublish-tool">(.*?)</form>', page, re.S)
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', tool[1]))

    asked = chief_client.post("/admin/news/article/", fields)

    assert fields["action"] == "unpublish" and fields["_selected_action"] == str(live.pk)
    assert "读者将无法再看到这些文章" in asked.content.decode()
    assert Article.objects.get(pk=live.pk).status == Article.Status.PUBLISHED
    assert "unpublish-tool" not in editor_client.get(change_url(live)).content.decode()


@pytest.mark.parametrize(
    ("language", "preview_starts"),
    [("zh-hans", "正文会像这样环绕在图片周围。"), ("en", "The article's text runs around")],
)
def test_the_image_dialogs_preview_text_is_in_the_staff_members_language(
    editor, language, preview_starts
):
    """CKEditor's image dialog shows how text flows around the picture with this text; left
    to itself it shows Latin filler (Lorem ipsum…) in the Chinese admin too."""
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(editor)

    page = client.get("/admin/news/article/add/").content.decode()

    config = json.loads(html.unescape(re.search(r'data-config="([^"]*)"', page).group(1)))
    assert config["image_previewText"].startswith(preview_starts)
    assert "Lorem" not in config["image_previewText"]
