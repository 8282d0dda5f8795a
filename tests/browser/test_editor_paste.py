"""An image pasted into the body editor (a screenshot, a picture copied from another page) is
uploaded and checked as the image dialog's are, and shown in the body from its staff address."""

import base64
import io

import pytest
from PIL import Image

from .test_editor_flow import EDITOR_READY, PENDING_ADDRESS, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# A paste as chromium delivers one: a clipboard event carrying the image as a file.
PASTE_IMAGE = """(data) => {
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  const clipboard = new DataTransfer();
  clipboard.items.add(new File([bytes], 'screenshot.png', {type: 'image/png'}));
  document.querySelector('.cke_wysiwyg_div').dispatchEvent(
    new ClipboardEvent('paste', {clipboardData: clipboard, bubbles: true, cancelable: true}));
}"""


def test_a_pasted_image_is_uploaded_into_the_body(page, site, editor):
    picture = io.BytesIO()
    Image.new("RGB", (300, 200), (200, 50, 50)).save(picture, "PNG")
    log_in(page, site, "editor", "editor-pass-1")
    page.goto(f"{site}/admin/news/article/add/")
    page.wait_for_function(f"() => {EDITOR_READY}")
    page.locator(".cke_wysiwyg_div").click()

    with page.expect_response(lambda response: "/ckeditor/upload" in response.url) as upload:
        page.evaluate(PASTE_IMAGE, base64.b64encode(picture.getvalue()).decode())

    assert upload.value.status == 200
    url = upload.value.json()["url"]
    assert url.startswith(f"{PENDING_ADDRESS}uploads/")
    page.wait_for_function(
        f"() => CKEDITOR.instances.id_body.getData().includes('<img src=\"{url}\"')"
    )
