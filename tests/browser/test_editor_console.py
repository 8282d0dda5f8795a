"""The body editor loads with nothing in the browser's console: no CKEditor warning (a plugin
left half-configured) and no error."""

import pytest

from .test_editor_flow import EDITOR_READY, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_article_form_logs_nothing(page, site, editor):
    messages = []
    page.on(
        "console",
        lambda message: message.type in ("warning", "error") and messages.append(message.text),
    )
    log_in(page, site, "editor", "editor-pass-1")
    page.goto(f"{site}/admin/news/article/add/")
    page.wait_for_function(f"() => {EDITOR_READY}")
    page.evaluate("CKEDITOR.instances.id_body.execCommand('image')")  # loads the dialogs' code

    assert messages == []
