"""An editor writes an article in the admin's CKEditor, uploads an image and submits it for
review; a chief editor finds it among those pending and publishes it; a reader sees it. A
chief editor compares two revisions of an article and restores the older one."""

import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image
from playwright.sync_api import expect

from news.models import Article

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "数字协作推动都市圈产业集群发展"
HEADING = "开展数字协作"
PARAGRAPH = "六城携手共建产业集群，推动创新资源共享。"
EDITOR_READY = (
    "window.CKEDITOR && CKEDITOR.instances.id_body && CKEDITOR.instances.id_body.status === 'ready'"
)
UPLOADED_URL = "(CKEDITOR.dialog.getCurrent().getValueOf('info', 'txtUrl') || '')"


def log_in(page, site, username, password):
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    expect(page).to_have_url(f"{site}/admin/")


def type_body(page):
    """Type a bold sub-heading and a paragraph into the editor, as a person would."""
    page.wait_for_function(f"() => {EDITOR_READY}")
    page.locator(".cke_wysiwyg_div").click()
    page.keyboard.press("Control+B")
    page.keyboard.type(HEADING)
    page.keyboard.press("Control+B")
    page.keyboard.press("Enter")
    page.keyboard.type(PARAGRAPH)
    page.keyboard.press("Enter")


def upload_image(page, image):
    """Insert an image through the editor's Image dialog, uploading it from the Upload tab."""
    page.evaluate("CKEDITOR.instances.id_body.execCommand('image')")
    dialog = page.locator(".cke_dialog")
    expect(dialog).to_be_visible()
    # Labels are in Chinese (the browser asks for zh-CN): find things by CKEditor's classes.
    dialog.locator("a.cke_dialog_tab[id^='cke_Upload_']").click()
    file_frame = page.frame_locator("iframe.cke_dialog_ui_input_file")
    file_frame.locator("input[type=file]").set_input_files(image)
    with page.expect_response(lambda response: "/ckeditor/upload/" in response.url) as upload:
        dialog.locator("a.cke_dialog_ui_fileButton").click()
    answer = upload.value.json()
    assert answer.get("uploaded") == "1", answer
    url = answer["url"]
    assert url.startswith(f"{settings.MEDIA_URL}uploads/"), url
    # CKEditor puts the URL in the Info tab's field and goes back to that tab.
    page.wait_for_function(f"() => {UPLOADED_URL} === {json.dumps(url)}")
    dialog.locator("a.cke_dialog_ui_button_ok").click()
    expect(dialog).to_be_hidden()
    return url


def test_editor_writes_and_submits_chief_editor_publishes(
    page, browser, site, demo_tree, editor, chief_editor, tmp_path
):
    column = demo_tree["industry-planning"]
    image = tmp_path / "cluster-map.png"
    Image.new("RGB", (640, 360), (200, 60, 40)).save(image)
    page.set_viewport_size({"width": 1280, "height": 900})

    log_in(page, site, "editor", "editor-pass-1")
    page.goto(f"{site}/admin/news/article/add/")
    page.fill("#id_title", TITLE)
    page.select_option("#id_column", value=str(column.pk))
    type_body(page)
    image_url = upload_image(page, image)
    page.select_option("#id_status", value="pending")
    page.click("input[name=_save]")

    expect(page).to_have_url(f"{site}/admin/news/article/")
    expect(page.locator(".messagelist .success")).to_be_visible()
    article = Article.objects.get(title=TITLE)
    assert article.status == Article.Status.PENDING

    chief = browser.new_page(locale="zh-CN")
    log_in(chief, site, "chief", "chief-pass-1")
    chief.get_by_role("link", name=re.compile("1 篇文章等待您审核")).click()
    row = chief.locator("#result_list tbody tr", has_text=TITLE)
    expect(row).to_have_count(1)
    row.get_by_role("link", name=TITLE).click()
    chief.select_option("#id_status", value="published")
    chief.click("input[name=_save]")
    expect(chief.locator(".messagelist .success")).to_be_visible()
    chief.close()
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.column == column
    assert article.created_by == editor
    stored = Path(settings.MEDIA_ROOT) / image_url.removeprefix(settings.MEDIA_URL)
    assert stored.is_file()
    assert re.fullmatch(r"[0-9a-f]{32}\.png", stored.name), "upload is renamed by format"

    page.goto(site + article.get_absolute_url())
    expect(page.locator(".preview-banner")).to_have_count(0)
    body = page.locator(".article-body")
    expect(body.locator("strong")).to_have_text(HEADING)
    expect(body.get_by_text(PARAGRAPH)).to_be_visible()
    # Django's live server serves MEDIA_ROOT itself (LiveServerThread wraps the site in
    # _MediaFilesHandler), with DEBUG off too; in production the web server serves /media/.
    picture = body.locator("img")
    expect(picture).to_be_visible()
    expect(picture).to_have_attribute("src", image_url)
    picture.evaluate("img => img.decode()")  # waits for the picture to load, fails if broken
    assert picture.evaluate("img => img.naturalWidth") == 640
    page.screenshot(path=tmp_path / "published-article.png", full_page=True)
    assert (tmp_path / "published-article.png").stat().st_size > 0


def test_chief_editor_compares_revisions_and_restores_the_older(
    page, site, demo_tree, chief_editor, tmp_path
):
    column = demo_tree["industry-planning"]
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, site, "chief", "chief-pass-1")
    page.goto(f"{site}/admin/news/article/add/")
    page.fill("#id_title", "园区规划第一稿")
    page.select_option("#id_column", value=str(column.pk))
    page.select_option("#id_status", value="published")
    page.wait_for_function(f"() => {EDITOR_READY}")
    page.evaluate("CKEDITOR.instances.id_body.setData('<p>第一稿的正文。</p>')")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    page.fill("#id_title", "园区规划第二稿")
    page.wait_for_function(f"() => {EDITOR_READY}")
    page.evaluate("CKEDITOR.instances.id_body.setData('<p>第二稿改写的正文。</p>')")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    article = Article.objects.get()
    assert article.title == "园区规划第二稿"

    page.locator("a.historylink").click()
    page.get_by_role("button", name="比较所选修订").click()
    expect(page.locator(".revision-compare del").first).to_be_visible()
    expect(page.locator(".revision-compare ins").first).to_be_visible()
    page.screenshot(path=tmp_path / "compare.png", full_page=True)
    page.get_by_role("button", name=re.compile("恢复")).click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    page.goto(site + article.get_absolute_url())
    expect(page.locator(".article-title")).to_have_text("园区规划第一稿")
    expect(page.locator(".article-body")).to_have_text("第一稿的正文。")
