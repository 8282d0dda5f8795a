"""The site, the admin and CKEditor work under the Content-Security-Policy, with no violation
reported by chromium."""

import re

import pytest
from django.conf import settings
from PIL import Image
from playwright.sync_api import expect

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
# The image dialog's file field is a frame that CKEditor writes with an inline script; that
# script only serves the old form-posting upload, and uploads here go by XHR (the upload in
# the test works), so this one refusal is expected and harmless.
FILE_FIELD_FRAME = "script-src-elem inline /static/ckeditor/ckeditor/ckeditor.js"


def page_origin(page):
    return page.evaluate("location.origin")


def violations(page):
    return [
        v
        for v in page.evaluate("window.cspViolations")
        if FILE_FIELD_FRAME not in v.replace(page_origin(page), "")
    ]


def test_editor_and_reader_pages_work_under_the_policy(
    page, site, demo_tree, chief_editor, tmp_path
):
    page.context.add_init_script(RECORD_VIOLATIONS)  # popups too
    image = tmp_path / "map.png"
    Image.new("RGB", (320, 200), (20, 120, 60)).save(image)

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
    image_url = upload_image(page, image)
    assert violations(page) == []
    page.screenshot(path=tmp_path / "editor-under-csp.png", full_page=True)

    page.click("input[name=_publish]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert violations(page) == []
    article = Article.objects.get(title="政策保护下的编辑器")
    assert article.body.count("<img") == 1

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
    assert settings.CONTENT_SECURITY_POLICY
