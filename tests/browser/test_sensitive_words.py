"""The sensitive-word check as editors meet it in chromium: a reporter's submission of a
blocked word stays in the form with the word shown under its field; a chief editor
publishes a word to confirm once they give a reason."""

import pytest
from playwright.sync_api import expect

from news.models import Article
from wording.models import SensitiveWord

from .test_editor_flow import EDITOR_READY, log_in, screenshots

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def write(page, site, column, title):
    page.goto(f"{site}/admin/news/article/add/")
    page.fill("#id_title", title)
    page.select_option("#id_column", value=str(column.pk))
    page.wait_for_function(f"() => {EDITOR_READY}")
    page.evaluate("CKEDITOR.instances.id_body.setData('<p>正文第一段。</p>')")


def test_a_blocked_word_and_a_word_to_confirm_in_the_form(
    page, browser, site, demo_tree, editor, chief_editor, tmp_path
):
    SensitiveWord.objects.create(word="违禁词")
    SensitiveWord.objects.create(word="敏感事件", level=SensitiveWord.Level.WARN)
    column = demo_tree["industry-planning"]
    page.set_viewport_size({"width": 1280, "height": 900})

    log_in(page, site, "editor", "editor-pass-1")
    write(page, site, column, "一篇含有违禁词的稿件")
    page.click("input[name=_submit]")
    title_row = page.locator(".form-row.field-title")
    expect(title_row.locator(".errorlist")).to_contain_text(
        "标题：“违禁词”是禁用的敏感词：…一篇含有【违禁词】的稿件…"
    )
    expect(page.locator(".errornote")).to_be_visible()
    screenshots(page, "sensitive-word-blocked", tmp_path)
    assert not Article.objects.exists()

    chief = browser.new_page(locale="zh-CN")
    log_in(chief, site, "chief", "chief-pass-1")
    write(chief, site, column, "关于敏感事件的通报")
    chief.click("input[name=_publish]")
    expect(chief.locator(".form-row.field-wording_reason .errorlist")).to_contain_text(
        "请填写不顾敏感词仍要发布的理由"
    )
    expect(chief.locator(".form-row.field-title .errorlist")).to_contain_text(
        "“敏感事件”是需确认的敏感词"
    )
    screenshots(chief, "sensitive-word-to-confirm", tmp_path)
    chief.fill("#id_wording_reason", "引用官方通报原文")
    chief.click("input[name=_publish]")
    expect(chief.locator(".messagelist .success")).to_contain_text("已发布")
    assert Article.objects.get().status == Article.Status.PUBLISHED


def test_the_review_page_marks_the_words(
    page, browser, site, demo_tree, editor, chief_editor, tmp_path
):
    SensitiveWord.objects.create(word="敏感事件", level=SensitiveWord.Level.WARN)
    column = demo_tree["industry-planning"]
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, site, "editor", "editor-pass-1")
    write(page, site, column, "关于敏感事件的通报")
    page.click("input[name=_submit]")
    expect(page.locator(".messagelist .warning")).to_contain_text("含有需确认的敏感词：敏感事件")

    chief = browser.new_page(locale="zh-CN")
    log_in(chief, site, "chief", "chief-pass-1")
    chief.goto(f"{site}/admin/newsroom/submission/")
    chief.click("#result_list tbody a")
    mark = chief.locator(".sensitive-words .sensitive-warn mark")
    expect(mark).to_have_text("敏感事件")
    chief.click("input[name=_approve]")
    expect(chief.locator(".form-row .errorlist")).to_contain_text("请填写不顾敏感词仍要发布的理由")
    screenshots(chief, "sensitive-words-review", tmp_path)
    chief.fill("#id_wording_reason", "依据官方发布")
    chief.click("input[name=_approve]")
    expect(chief.locator(".messagelist .success")).to_contain_text("审核通过，读者现在即可看到")
    assert Article.objects.get().editor_in_charge == "chief"
