"""An editor attaches a PDF to a notice in the admin and publishes it; a reader downloads it
from the article page under its display title."""

import pytest
from playwright.sync_api import expect

from news import demo_files
from news.models import Article

from .test_editor_flow import EDITOR_READY, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "高新区产业发展规划编制服务项目招标公告"
ATTACHMENT_TITLE = "招标文件"


def test_an_attached_pdf_is_published_and_downloaded(
    page, browser, site, demo_tree, chief_editor, tmp_path
):
    pdf = tmp_path / "tender.pdf"
    pdf.write_bytes(demo_files.pdf(["Tender documents"]))
    page.set_viewport_size({"width": 1280, "height": 900})

    log_in(page, site, "chief", "chief-pass-1")
    page.goto(f"{site}/admin/news/article/add/")
    page.fill("#id_title", TITLE)
    page.select_option("#id_column", value=str(demo_tree["tenders"].pk))
    page.wait_for_function(f"() => {EDITOR_READY}")
    page.evaluate("CKEDITOR.instances.id_body.setData('<p>招标文件见附件。</p>')")
    page.set_input_files("#id_attachments-0-file", pdf)
    page.fill("#id_attachments-0-title", ATTACHMENT_TITLE)
    page.click("input[name=_publish]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    article = Article.objects.get(title=TITLE)
    assert article.attachments.get().kind == "pdf"

    reader = browser.new_page(locale="zh-CN", accept_downloads=True)
    reader.goto(site + article.get_absolute_url())
    listing = reader.locator("section.attachments")
    expect(listing.get_by_role("heading")).to_have_text("附件下载")
    expect(listing).to_contain_text("PDF,")
    with reader.expect_download() as download_info:
        listing.get_by_role("link", name=ATTACHMENT_TITLE).click()
    download = download_info.value
    assert download.suggested_filename == f"{ATTACHMENT_TITLE}.pdf"
    assert open(download.path(), "rb").read() == pdf.read_bytes()  # noqa: SIM115
    reader.screenshot(path=tmp_path / "article-with-attachment.png", full_page=True)
    reader.close()
