"""Attachments: checked by their content on upload, served as downloads under their titles,
only where the article itself may be seen."""

import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation

from news.attachments import Attachment
from news.models import Article
from uploads.documents import inspect_document

from .buckets import stored_names
from .documents import ACCEPTED, REFUSED
from .helpers import article_form, section, text_of
from .test_query_counts import BUDGETS, queries_for

# Each test on the local folder and again on a bucket.
pytestmark = pytest.mark.usefixtures("media_storage")


def with_attachment(column, name, content, title=""):
    """The admin's article form with one attachment in its inline."""
    return article_form(
        column,
        **{
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-file": SimpleUploadedFile(name, content),
            "attachments-0-title": title,
            "attachments-0-order": "0",
        },
    )


def stored_files():
    return stored_names("attachments")


@pytest.mark.parametrize("kind", ACCEPTED)
def test_each_accepted_kind_uploads_in_the_admin_and_downloads(
    client, editor_client, demo_tree, kind
):
    name, content, content_type, label = ACCEPTED[kind]

    response = editor_client.post(
        "/admin/news/article/add/", with_attachment(demo_tree["notices"], name, content)
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    attachment = Attachment.objects.get()
    assert attachment.kind == kind
    assert attachment.title == Path(name).stem
    assert attachment.size == len(content)
    extension = Path(name).suffix
    assert re.fullmatch(
        rf"attachments/\d{{4}}/\d{{2}}/[0-9a-f]{{32}}\{extension}", attachment.file.name
    )
    Article.objects.update(status=Article.Status.PUBLISHED)

    download = client.get(attachment.get_absolute_url())

    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert download["Content-Type"] == content_type
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(name)}"
    page = client.get(attachment.article.get_absolute_url()).content.decode()
    assert f"{Path(name).stem} {label}, " in text_of(section(page, "attachments", "section"))


@pytest.mark.parametrize("kind", REFUSED)
def test_refused_kinds_get_a_message_and_leave_no_file(editor_client, demo_tree, kind):
    name, content = REFUSED[kind]

    response = editor_client.post(
        "/admin/news/article/add/", with_attachment(demo_tree["notices"], name, content)
    )

    assert response.status_code == 200
    errors = text_of(section(response.content.decode(), "errorlist", "ul"))
    assert errors
    assert not Article.objects.exists()
    assert not Attachment.objects.exists()
    assert stored_files() == []


@pytest.mark.parametrize("title", ["标题\x01", "标题\x00", "标题\x1b"])
def test_a_title_with_control_characters_is_refused(editor_client, demo_tree, title):
    name, content, _, _ = next(iter(ACCEPTED.values()))

    response = editor_client.post(
        "/admin/news/article/add/", with_attachment(demo_tree["notices"], name, content, title)
    )

    assert response.status_code == 200
    assert text_of(section(response.content.decode(), "errorlist", "ul"))
    assert not Attachment.objects.exists()


def test_an_oversize_file_is_refused_before_it_is_read(editor_client, demo_tree, settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    name, content, *_ = ACCEPTED["pdf"]
    assert len(content) > 1000

    response = editor_client.post(
        "/admin/news/article/add/", with_attachment(demo_tree["notices"], name, content)
    )

    assert "文件超过 1000" in response.content.decode()
    assert stored_files() == []

    class Unreadable(SimpleUploadedFile):
        def read(self, *args):
            raise AssertionError("read before the size was checked")

    with pytest.raises(ValidationError) as refusal:
        inspect_document(Unreadable("big.pdf", b"x" * 2000))
    assert refusal.value.code == "too_large"


def test_messages_say_why(demo_tree):
    def refusal(name, content):
        with pytest.raises(ValidationError) as error:
            inspect_document(SimpleUploadedFile(name, content))
        return error.value.messages[0]

    assert refusal(*REFUSED["exe named .pdf"]) == "不接受程序和脚本文件。"
    assert refusal(*REFUSED["svg"]) == "不接受 HTML、SVG 等标记文件。"
    assert refusal(*REFUSED["zip named .docx"]) == "文件内容（ZIP）与文件扩展名（.docx）不符。"
    assert refusal("a.exe", ACCEPTED["pdf"][1]).startswith("文件内容（PDF）与文件扩展名")


def make_attachment(article, kind="pdf", title="招标文件"):
    name, content, *_ = ACCEPTED[kind]
    return Attachment.objects.create(
        article=article, file=SimpleUploadedFile(name, content), title=title
    )


def test_a_drafts_attachment_is_for_editors_only(client, editor, demo_tree, make_article):
    draft = make_article(demo_tree["notices"], status=Article.Status.DRAFT)
    scheduled = make_article(demo_tree["notices"], published_at=timezone.now() + timedelta(1))
    hidden = [make_attachment(draft), make_attachment(scheduled)]

    for attachment in hidden:
        assert client.get(attachment.get_absolute_url()).status_code == 404

    client.force_login(editor)
    for attachment in hidden:
        response = client.get(attachment.get_absolute_url())
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"


def test_staff_without_the_article_permission_do_not_see_a_drafts_files(
    client, django_user_model, demo_tree, make_article
):
    staff = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    attachment = make_attachment(make_article(demo_tree["notices"], status=Article.Status.DRAFT))
    client.force_login(staff)

    assert client.get(attachment.get_absolute_url()).status_code == 404
    assert client.get("/attachments/999999/").status_code == 404
    assert client.get("/attachments/99999999999999999999/").status_code == 404


def test_the_article_page_lists_attachments_under_the_body(client, demo_tree, make_article):
    article = make_article(demo_tree["notices"])
    second = make_attachment(article, "xlsx", "报价清单")
    first = make_attachment(article, "pdf", "招标文件")
    Attachment.objects.filter(pk=first.pk).update(order=0)
    Attachment.objects.filter(pk=second.pk).update(order=1)

    page = client.get(article.get_absolute_url()).content.decode()

    listing = section(page, "attachments", "section")
    assert page.index('class="article-body"') < page.index('class="attachments"')
    assert text_of(listing).startswith("附件下载 招标文件 PDF, ")
    assert re.findall(r'<a href="([^"]+)" download>([^<]+)</a>', listing) == [
        (first.get_absolute_url(), "招标文件"),
        (second.get_absolute_url(), "报价清单"),
    ]
    with translation.override("zh-hans"):
        size = filesizeformat(first.size).replace("\xa0", " ")
    assert f"招标文件 PDF, {size} 报价清单 Excel, " in text_of(listing)


def test_attachments_cost_the_article_page_no_query(client, demo_tree, make_article):
    plain, attached = make_article(demo_tree["notices"]), make_article(demo_tree["notices"])
    for kind in ("pdf", "docx", "xlsx"):
        make_attachment(attached, kind)
    for article in (plain, attached):  # warm what every page reads from the cache
        client.get(article.get_absolute_url())

    assert (
        queries_for(client, attached.get_absolute_url())
        == queries_for(client, plain.get_absolute_url())
        <= BUDGETS["article"]
    )


def test_x_accel_redirect_leaves_the_sending_to_nginx(
    client, demo_tree, make_article, settings, media_storage
):
    settings.ATTACHMENT_X_ACCEL_REDIRECT = True
    attachment = make_attachment(make_article(demo_tree["notices"]), "docx", "报名回执")

    response = client.get(attachment.get_absolute_url())

    if media_storage == "bucket":  # nginx has no folder to send it from: the site sends it
        assert "X-Accel-Redirect" not in response
        assert b"".join(response.streaming_content) == ACCEPTED["docx"][1]
    else:
        assert response["X-Accel-Redirect"] == f"/media/{attachment.file.name}"
        assert response.content == b""
    assert response["Content-Disposition"] == (
        f"attachment; filename*=utf-8''{quote('报名回执.docx')}"
    )


def test_the_editors_link_dialog_uploads_a_document(editor_client, editor):
    name, content, *_ = ACCEPTED["docx"]

    answer = editor_client.post(
        "/ckeditor/upload-file/", {"upload": SimpleUploadedFile(name, content)}
    ).json()

    assert answer["uploaded"] == 1
    # Kept from readers until a body linking it goes live (tests/test_pending_uploads.py).
    prefix = "/admin/pending-media/"
    assert re.fullmatch(
        re.escape(prefix) + r"uploads/files/\d{4}/\d{2}/[0-9a-f]{32}\.docx", answer["url"]
    )
    with default_storage.open("pending/" + answer["url"].removeprefix(prefix)) as stored:
        assert stored.read() == content
    download = editor_client.get(answer["url"])
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == content


def test_the_link_dialog_refuses_what_attachments_refuse(editor_client, client, django_user_model):
    name, content = REFUSED["html"]

    answer = editor_client.post(
        "/ckeditor/upload-file/", {"upload": SimpleUploadedFile(name, content)}
    ).json()

    assert answer == {"uploaded": 0, "error": {"message": "不接受 HTML、SVG 等标记文件。"}}
    assert stored_names("uploads") == []
    clerk = django_user_model.objects.create_user("clerk", password="x", is_staff=True)
    client.force_login(clerk)
    pdf = SimpleUploadedFile(*ACCEPTED["pdf"][:2])
    assert client.post("/ckeditor/upload-file/", {"upload": pdf}).status_code == 403


def test_the_link_dialog_upload_needs_the_csrf_token(editor):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)
    pdf = SimpleUploadedFile(*ACCEPTED["pdf"][:2])

    assert browser.post("/ckeditor/upload-file/", {"upload": pdf}).status_code == 403


@pytest.mark.parametrize(
    "blank", ["\f", "\u00a0", "\u3000", "\u200b", "\ufeff\u3000", "\v\u2028"], ids=repr
)
def test_markup_behind_blank_or_invisible_characters_is_refused(blank):
    content = f"{blank}<html><body><script>alert(1)</script></body></html>".encode()

    with pytest.raises(ValidationError) as refused:
        inspect_document(SimpleUploadedFile("notice.txt", content))

    assert refused.value.code == "markup"


# The article form's attachments, as each user may change them

LOCKED = "这篇文章已发布：附件由主编添加和修改，您的修改不涉及附件。"


def attachments_on_the_form(client, article):
    """The attachments' section of the user's form on the article."""
    page = client.get(f"/admin/news/article/{article.pk}/change/").content.decode()
    match = re.search(r'<div [^>]*id="attachments-group".*?</fieldset>', page, re.S)
    assert match, "no attachments on the form"
    return match.group(0)


def test_a_reporter_on_a_live_article_is_told_who_changes_its_files(
    editor_client, demo_tree, make_article
):
    without_files = make_article(demo_tree["notices"])
    with_a_file = make_article(demo_tree["notices"])
    make_attachment(with_a_file, title="报价清单")

    shown = attachments_on_the_form(editor_client, without_files)
    assert LOCKED in text_of(shown)
    assert "<table" not in shown  # no heads of columns over no row

    shown = attachments_on_the_form(editor_client, with_a_file)
    assert LOCKED in text_of(shown)
    assert "报价清单" in text_of(shown)
    assert 'type="file"' not in shown


def test_files_are_offered_to_whoever_may_change_them(
    editor_client, chief_client, demo_tree, make_article
):
    draft = make_article(demo_tree["notices"], status=Article.Status.DRAFT)
    live = make_article(demo_tree["notices"])

    for client, article in ((editor_client, draft), (chief_client, live)):
        shown = attachments_on_the_form(client, article)
        assert LOCKED not in text_of(shown)
        assert 'name="attachments-0-file"' in shown
