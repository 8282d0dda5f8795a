"""The site, the admin and CKEditor work under the Content-Security-Policy, with no violation
reported by chromium."""

import json
import re

import pytest
from django.conf import settings
from PIL import Image
from playwright.sync_api import expect

from news import demo_files
from news.models import Article

from .test_editor_flow import EDITOR_READY, log_in, public_address, type_body, upload_image

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Every violation the page sees, kept on the window (the page's own reports, not the server's).
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.cspViolations.push(
    `${event.violatedDirective} ${event.blockedURI || 'inline'} ${event.sourceFile}`);
});
"""
LINK_URL = "(CKEDITOR.dialog.getCurrent().getValueOf('info', 'url') || '')"


def violations(page):
    return page.evaluate("window.cspViolations")


def refusals_logged(page):
    """Chromium's console messages of refusals by the policy, from every frame of the page
    (a frame's own document reports to itself, where the page's listener does not hear)."""
    messages = []
    page.on(
        "console",
        lambda message: "Content Security Policy" in message.text and messages.append(message.text),
    )
    return messages


def upload_document(page, document):
    """Link the body to a document uploaded from the Link dialog's Upload tab."""
    page.evaluate("CKEDITOR.instances.id_body.execCommand('link')")
    dialog = page.locator(".cke_dialog:visible")  # the image dialog is there too, hidden
    expect(dialog).to_have_count(1)
    dialog.locator("a.cke_dialog_tab[id^='cke_upload_']").click()
    file_frame = dialog.frame_locator("iframe.cke_dialog_ui_input_file:visible")
    file_frame.locator("input[type=file]").set_input_files(document)
    with page.expect_response(lambda response: "/ckeditor/upload-file/" in response.url) as upload:
        dialog.locator("a.cke_dialog_ui_fileButton:visible").click()
    url = upload.value.json()["url"]
    page.wait_for_function(f"() => {LINK_URL}.endsWith({json.dumps(url)})")
    dialog.locator("a.cke_dialog_ui_button_ok").click()
    expect(dialog).to_have_count(0)
    return url


def test_editor_and_reader_pages_work_under_the_policy(
    page, site, demo_tree, chief_editor, tmp_path
):
    page.context.add_init_script(RECORD_VIOLATIONS)  # popups too
    logged = refusals_logged(page)
    image = tmp_path / "map.png"
    Image.new("RGB", (320, 200), (20, 120, 60)).save(image)
    document = tmp_path / "通知.pdf"
    document.write_bytes(demo_files.pdf(["Notice"]))

    log_in(page, site, "chief", "chief-pass-1")
    response = page.goto(f"{site}/admin/news/article/add/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.fill("#id_title", "政策保护下的编辑器")
    page.select_option("#id_column", value=str(demo_tree["industry-planning"].pk))
    type_body(page)
    # Toolbar buttons run through CKEditor's inline event handlers, which the admin allows.
    bold = page.locator("a.cke_button__bold")
    bold.click()
    expect(bold).to_have_class(re.compile("cke_button_on"))
    bold.click()
    # The dialogs' file fields (their Upload tabs) included: the image dialog's, then the
    # link dialog's.
    image_url = upload_image(page, image)
    document_url = upload_document(page, document)
    assert violations(page) == []
    assert logged == []
    page.screenshot(path=tmp_path / "editor-under-csp.png", full_page=True)

    page.click("input[name=_publish]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert violations(page) == []
    article = Article.objects.get(title="政策保护下的编辑器")
    assert article.body.count("<img") == 1
    assert f'src="{public_address(image_url)}"' in article.body
    assert f'href="{public_address(document_url)}"' in article.body

    # The image browser opens in a popup, as CKEditor's "Browse server" button does; it
    # lists approved images, this one since its article went live.
    with page.expect_popup() as popup_info:
        page.evaluate("window.open('/ckeditor/browse/?CKEditor=id_body&CKEditorFuncNum=1')")
    browser_page = popup_info.value
    browser_page.wait_for_load_state()
    expect(
        browser_page.locator(f"img[src*='{public_address(image_url).rsplit('.', 1)[0]}']").first
    ).to_be_attached()
    assert violations(browser_page) == []
    browser_page.close()

    for path in ("/", article.get_absolute_url(), "/columns/industry-planning/", "/search/?q=政策"):
        page.goto(site + path)
        assert violations(page) == [], path
    assert page.locator(".article-item, li").count() > 0

    page.goto(f"{site}/admin/news/article/{article.pk}/change/")
    page.wait_for_function(f"() => {EDITOR_READY}")
    assert violations(page) == []
    assert logged == []
    assert settings.CONTENT_SECURITY_POLICY
