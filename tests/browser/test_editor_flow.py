"""The review cycle in chromium: a reporter writes in CKEditor with an image and submits;
a chief editor sends it back with a note, the reporter fixes and resubmits, the chief
approves; a reader sees it. A chief editor compares two revisions of an article and
restores the older one after a confirmation."""

import json
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image
from playwright.sync_api import expect

from news.models import Article
from uploads.storage import media_url_prefix

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
PENDING_ADDRESS = "/admin/pending-media/"


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
    """Insert an image through the editor's Image dialog, uploading it from the Upload tab;
    its staff address (uploads.pending), which the editor shows it from."""
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
    assert url.startswith(f"{PENDING_ADDRESS}uploads/"), url
    # CKEditor puts the URL in the Info tab's field and goes back to that tab.
    page.wait_for_function(f"() => {UPLOADED_URL} === {json.dumps(url)}")
    dialog.locator("a.cke_dialog_ui_button_ok").click()
    expect(dialog).to_be_hidden()
    shown = page.locator(f".cke_editable img[src='{url}']")
    shown.evaluate("img => img.decode()")  # the editor loads it from the admin
    return url


def public_address(staff_address):
    """Where readers get an uploaded image once the body showing it went live."""
    return media_url_prefix() + staff_address.removeprefix(PENDING_ADDRESS)


def screenshots(page, name, tmp_path):
    """The page at a laptop's and a phone's width, kept in tmp_path (and in the folder
    NEWSROOM_SCREENSHOTS names, for the README)."""
    folders = [tmp_path, *filter(None, [os.environ.get("NEWSROOM_SCREENSHOTS")])]
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for folder in folders:
            page.screenshot(path=Path(folder) / f"{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_the_whole_review_cycle(page, browser, site, demo_tree, editor, chief_editor, tmp_path):
    """A reporter writes with an image and submits; the chief finds it in the queue,
    compares and sends it back with a note; the reporter reads the note, fixes and
    resubmits; the chief approves; readers see it."""
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
    page.click("input[name=_submit]")

    expect(page).to_have_url(f"{site}/admin/news/article/")
    expect(page.locator(".messagelist .success")).to_contain_text("已提交审核")
    article = Article.objects.get(title=TITLE)
    assert article.status == Article.Status.PENDING
    page.goto(site + article.get_absolute_url())
    assert page.locator(".preview-banner").count() == 1  # readers cannot see it yet

    chief = browser.new_page(locale="zh-CN")
    log_in(chief, site, "chief", "chief-pass-1")
    chief.get_by_role("link", name=re.compile("1 篇文章等待您审核")).click()
    row = chief.locator("#result_list tbody tr", has_text=TITLE)
    expect(row).to_contain_text("editor")
    expect(row).to_contain_text("产业规划")
    screenshots(chief, "review-queue", tmp_path)
    row.get_by_role("link", name=TITLE).click()
    expect(chief.locator(".review-body")).to_contain_text(PARAGRAPH)
    chief.fill("#id_comment", "请补充数据来源。")
    screenshots(chief, "review-page", tmp_path)
    chief.click("input[name=_send_back]")
    expect(chief.locator(".messagelist .success")).to_contain_text("已退回给作者")

    page.goto(f"{site}/admin/")
    page.get_by_role("link", name=re.compile("1 篇稿件被退回给您")).click()
    page.locator("#result_list").get_by_role("link", name=TITLE).click()
    expect(page.locator(".field-review_note")).to_contain_text("请补充数据来源。")
    screenshots(page, "sent-back-form", tmp_path)
    page.wait_for_function(f"() => {EDITOR_READY}")
    page.evaluate(
        "CKEDITOR.instances.id_body.setData(CKEDITOR.instances.id_body.getData()"
        " + '<p>数据来源：高新区统计局。</p>')"
    )
    page.click("input[name=_submit]")
    expect(page.locator(".messagelist .success")).to_contain_text("已提交审核")

    chief.goto(f"{site}/admin/newsroom/submission/")
    chief.locator("#result_list").get_by_role("link", name=TITLE).click()
    body_row = chief.locator(".comparison tr", has_text="正文")
    expect(body_row.locator("ins")).to_contain_text("数据来源：高新区统计局。")
    chief.click("input[name=_approve]")
    expect(chief.locator(".messagelist .success")).to_contain_text("读者现在即可看到")
    chief.close()

    article.refresh_from_db()
    assert (article.status, article.column, article.created_by) == (
        Article.Status.PUBLISHED,
        column,
        editor,
    )
    image_url = public_address(image_url)
    stored = Path(settings.MEDIA_ROOT) / image_url.removeprefix(settings.MEDIA_URL)
    assert re.fullmatch(r"[0-9a-f]{32}\.png", stored.name), "upload is renamed by format"

    reader = browser.new_page(locale="zh-CN")
    reader.goto(site + article.get_absolute_url())
    expect(reader.locator(".preview-banner")).to_have_count(0)
    body = reader.locator(".article-body")
    expect(body.locator("strong")).to_have_text(HEADING)
    expect(body.get_by_text(PARAGRAPH)).to_be_visible()
    expect(body.get_by_text("数据来源：高新区统计局。")).to_be_visible()
    # Django's live server serves MEDIA_ROOT itself (LiveServerThread wraps the site in
    # _MediaFilesHandler), with DEBUG off too; in production the web server serves /media/.
    picture = body.locator("img")
    expect(picture).to_have_attribute("src", image_url)
    picture.evaluate("img => img.decode()")  # waits for the picture to load, fails if broken
    assert picture.evaluate("img => img.naturalWidth") == 640


def test_chief_editor_compares_revisions_and_restores_the_older(
    page, site, demo_tree, chief_editor, tmp_path
):
    column = demo_tree["industry-planning"]
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, site, "chief", "chief-pass-1")
    page.goto(f"{site}/admin/news/article/add/")
    page.fill("#id_title", "园区规划第一稿")
    page.select_option("#id_column", value=str(column.pk))
    page.wait_for_function(f"() => {EDITOR_READY}")
    page.evaluate("CKEDITOR.instances.id_body.setData('<p>第一稿的正文。</p>')")
    page.click("input[name=_publish]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    article = Article.objects.get()
    page.goto(f"{site}/admin/news/article/{article.pk}/change/")
    page.fill("#id_title", "园区规划第二稿")
    page.wait_for_function(f"() => {EDITOR_READY}")
    page.evaluate("CKEDITOR.instances.id_body.setData('<p>第二稿改写的正文。</p>')")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    article.refresh_from_db()
    assert article.title == "园区规划第二稿"

    page.locator("a.historylink").click()
    page.get_by_role("button", name="比较所选修订").click()
    expect(page.locator(".revision-compare del").first).to_be_visible()
    expect(page.locator(".revision-compare ins").first).to_be_visible()
    # The comparison is coloured by the admin's stylesheet, allowed by the CSP.
    removed = page.locator(".revision-compare del").first
    assert removed.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    screenshots(page, "compare", tmp_path)
    page.get_by_role("link", name=re.compile("恢复")).click()
    title_row = page.locator(".comparison tr", has_text="标题")
    expect(title_row.locator("del")).to_have_text("二")
    expect(title_row.locator("ins")).to_have_text("一")
    page.locator("input.default").click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    page.goto(site + article.get_absolute_url())
    expect(page.locator(".article-title")).to_have_text("园区规划第一稿")
    expect(page.locator(".article-body")).to_have_text("第一稿的正文。")
