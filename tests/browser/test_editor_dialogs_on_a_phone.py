"""The body editor's dialogs on a phone: CKEditor sizes them for a desktop (the image
dialog's fields are 500 px wide); on a 390 px screen each stays within it, every tab and the
OK and Cancel buttons in sight, what is wider scrolling inside the dialog."""

import pytest
from playwright.sync_api import expect

from .test_editor_flow import EDITOR_READY, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}


def within_screen(locator):
    box = locator.bounding_box()
    return box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


@pytest.mark.parametrize("command", ["image", "link", "table"])
def test_each_dialog_fits_a_phone_screen(page, site, editor, command):
    page.set_viewport_size(PHONE)
    log_in(page, site, "editor", "editor-pass-1")
    page.goto(f"{site}/admin/news/article/add/")
    page.wait_for_function(f"() => {EDITOR_READY}")

    page.evaluate(f"CKEDITOR.instances.id_body.execCommand('{command}')")
    dialog = page.locator(".cke_dialog:visible")
    expect(dialog).to_have_count(1)

    assert within_screen(dialog)
    for part in (
        "a.cke_dialog_tab:visible",
        "a.cke_dialog_ui_button_ok",
        ".cke_dialog_ui_button_cancel",
    ):
        for element in dialog.locator(part).all():
            assert within_screen(element), part
