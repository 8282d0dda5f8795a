"""The staff pages fit the screens they are read on, in Chinese and in English: on a phone
(390 px) the article list, the article form's attachments and its editor, a topic's sections,
a section's articles and the review queue stay within the screen, with no page or inline
scrolled sideways and each field of an inline's row named; on a laptop (1280 px) the audit
log shows each entry's origin whole. Screenshots of each page are left in the test's folder."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from auditlog.models import Action, Entry
from gallery.models import Picture
from news.attachments import Attachment
from news.models import Article
from newsroom import review
from topics.models import Topic

from ..conftest import staff_in_group
from ..helpers import AUDITORS
from .conftest import no_horizontal_overflow

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}
LANGUAGES = ["zh-CN", "en"]
EDITOR_READY = (
    "window.CKEDITOR && CKEDITOR.instances.id_body && CKEDITOR.instances.id_body.status === 'ready'"
)
# Whether the element's box lies within the window's width.
INSIDE = """el => {
  const box = el.getBoundingClientRect();
  return box.left >= 0 && box.right <= innerWidth;
}"""
# How many lines an element's text takes.
LINES = """el => {
  const range = document.createRange();
  range.selectNodeContents(el);
  return new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size;
}"""
# The elements within one that cut off what they hold, or scroll it sideways (but fields,
# whose text scrolls within them as it is typed).
CUT_OFF = """part => [part, ...part.querySelectorAll(':not(input, textarea, select)')]
  .filter(el => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible')
  .map(el => `${el.tagName.toLowerCase()}#${el.id}.${el.className}`)"""


def staff_page(browser, site, user, locale, viewport):
    page = browser.new_page(locale=locale, viewport=viewport)
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", user.get_username())
    page.fill("#id_password", f"{user.get_username()}-pass-1")
    page.click("input[type=submit]")
    expect(page).to_have_url(f"{site}/admin/")
    return page


@pytest.fixture
def article(demo_tree, make_article):
    article = make_article(
        demo_tree["industry-planning"],
        title="数字协作推动都市圈产业集群发展：六城携手共建产业集群，推动创新资源共享与开放合作",
        source="高新院 achie.org",
        keywords="数字经济,产业集群,都市圈,创新合作",
        is_headline=True,
        is_recommended=True,
    )
    Attachment.objects.create(
        article=article,
        title="2024年都市圈产业集群发展规划（征求意见稿）全文及附表",
        file=SimpleUploadedFile("guihua-zhengqiu-yijian-gao-quanwen.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    return article


@pytest.mark.parametrize("locale", LANGUAGES)
def test_the_article_list_fits_a_phone(browser, site, chief_editor, article, locale, tmp_path):
    page = staff_page(browser, site, chief_editor, locale, PHONE)
    page.goto(f"{site}/admin/news/article/")
    page.screenshot(path=tmp_path / f"article-list-{locale}.png", full_page=True)
    assert no_horizontal_overflow(page)
    assert page.locator("#changelist").evaluate(CUT_OFF) == []


@pytest.mark.parametrize("locale", LANGUAGES)
def test_the_article_form_fits_a_phone(browser, site, chief_editor, article, locale, tmp_path):
    page = staff_page(browser, site, chief_editor, locale, PHONE)
    page.goto(f"{site}/admin/news/article/{article.pk}/change/")
    page.wait_for_function(f"() => {EDITOR_READY}")
    page.screenshot(path=tmp_path / f"article-form-{locale}.png", full_page=True)
    assert no_horizontal_overflow(page)
    # The editor's row: it hides what overflows it, which would cut off the editor's border.
    for part in ("#cke_id_body", ".form-row.field-body", "#attachments-group"):
        element = page.locator(part)
        element.scroll_into_view_if_needed()
        element.screenshot(path=tmp_path / f"{part[1:].replace('.', '-')}-{locale}.png")
        assert element.evaluate(INSIDE), f"{part} leaves the screen"
        assert element.evaluate(CUT_OFF) == []
    # The editor's typing area is wide enough to write in.
    assert page.locator("#cke_id_body .cke_contents").bounding_box()["width"] > 300


@pytest.mark.parametrize("locale", LANGUAGES)
def test_the_audit_log_shows_each_origin_whole(browser, site, django_user_model, locale, tmp_path):
    origins = [
        "manage.py articles publish --column industry-planning (editor@newsroom-1)",
        "/admin/news/article/12345/history/67890/restore/",
    ]
    Entry.objects.bulk_create(
        Entry(action=Action.PUBLISH, username="chief", object_repr="园区调查", origin=origin)
        for origin in origins
    )
    auditor = staff_in_group(django_user_model, "auditor", AUDITORS)
    page = staff_page(browser, site, auditor, locale, LAPTOP)
    page.goto(f"{site}/admin/auditlog/entry/")
    page.screenshot(path=tmp_path / f"audit-log-{locale}.png", full_page=True)
    assert no_horizontal_overflow(page)
    assert page.locator("#changelist").evaluate(CUT_OFF) == []
    cells = page.locator("#result_list td.field-origin")
    expect(cells.first).to_be_visible()
    for cell in cells.all():
        assert cell.evaluate(INSIDE), f"{cell.inner_text()} is cut off"
        assert cell.evaluate("el => el.scrollWidth <= el.clientWidth")


def test_the_audit_logs_actions_are_read_whole_on_a_phone(
    browser, site, django_user_model, tmp_path
):
    """Each entry's action on one line, not a column of single characters; the list's
    columns past the screen's edge scroll within it, not the page."""
    Entry.objects.create(action=Action.RECOVER, username="chief", object_repr="园区调查")
    auditor = staff_in_group(django_user_model, "auditor", AUDITORS)
    page = staff_page(browser, site, auditor, "zh-CN", PHONE)
    page.goto(f"{site}/admin/auditlog/entry/")
    page.screenshot(path=tmp_path / "audit-log-phone.png", full_page=True)
    assert no_horizontal_overflow(page)
    action = page.locator("#result_list td.field-action", has_text="恢复已删除文章")
    expect(action).to_have_text("恢复已删除文章")
    assert action.evaluate(LINES) == 1


@pytest.mark.parametrize("locale", LANGUAGES)
def test_the_article_history_and_its_comparison_fit_a_phone(
    browser, site, chief_editor, article, jpeg_upload, locale, tmp_path
):
    Picture.objects.create(article=article, image=jpeg_upload("yuanqu.jpg"), caption="园区大门")
    chief_editor.last_name, chief_editor.first_name = "王", "大伟"
    chief_editor.save()
    page = staff_page(browser, site, chief_editor, locale, LAPTOP)
    page.goto(f"{site}/admin/news/article/{article.pk}/change/")
    page.fill("#id_title", article.title + "（修订）")
    page.fill("#id_original_title", "都市圈产业集群发展报告")
    page.click("input[name=_continue]")
    page.set_viewport_size(PHONE)
    page.goto(f"{site}/admin/news/article/{article.pk}/history/")
    page.screenshot(path=tmp_path / f"article-history-{locale}.png", full_page=True)
    expect(page.locator("#change-history tbody tr")).to_have_count(2)
    assert no_horizontal_overflow(page)
    assert page.locator("#content-main").evaluate(CUT_OFF) == []
    # Who saved each version, named whole: not 王大 above 伟.
    writer = page.locator("#change-history tbody td.user", has_text="王大伟").first
    assert writer.evaluate(LINES) == 1
    # The comparison with now: the title and the original title marked changed, beside
    # the image set's pictures.
    page.locator("#change-history tbody tr").nth(1).locator("td a").click()
    page.wait_for_load_state()  # with the image set's pictures
    expect(page.locator(".comparison tr.changed th").nth(1)).to_contain_text(
        "原标题" if locale == "zh-CN" else "Original title"
    )
    page.screenshot(path=tmp_path / f"article-compare-{locale}.png", full_page=True)
    assert no_horizontal_overflow(page)
    assert page.locator("#content-main").evaluate(CUT_OFF) == []


@pytest.mark.parametrize("locale", LANGUAGES)
def test_the_topic_list_fits_a_phone(browser, site, chief_editor, locale, tmp_path):
    """The topic list shows whole titles within the screen."""
    Topic.objects.create(title="长三角区域一体化发展专题", slug="yitihua")
    page = staff_page(browser, site, chief_editor, locale, PHONE)
    page.goto(f"{site}/admin/topics/topic/")
    page.screenshot(path=tmp_path / f"topic-list-{locale}.png", full_page=True)
    assert no_horizontal_overflow(page)
    assert page.locator("#changelist").evaluate(CUT_OFF) == []
    # A title, not a column of single characters.
    assert page.locator("#result_list .field-title").bounding_box()["width"] > 80


def inline_labels(page, group):
    """The name shown above (or beside) each field of the inline's first row."""
    return page.locator(f"{group} tr.has_original").first.evaluate(
        """row => [...row.querySelectorAll('td[data-label]')]
          .filter(td => td.offsetParent !== null
                  && getComputedStyle(td, '::before').display !== 'none')
          .map(td => td.dataset.label)"""
    )


@pytest.mark.parametrize("locale", LANGUAGES)
def test_a_topics_sections_and_a_sections_articles_fit_a_phone(
    browser, site, chief_editor, make_article, demo_tree, locale, tmp_path
):
    topic = Topic.objects.create(title="长三角区域一体化发展专题", slug="yitihua")
    section = topic.sections.create(name="数据要素市场建设与公共数据授权运营")
    section.entries.create(
        article=make_article(
            demo_tree["industry-planning"],
            title="数据要素|城市数据资源体系建设的实践与思考：公共数据授权运营探索加速",
        )
    )
    chinese = locale == "zh-CN"
    expected = {
        "sections": ["名称", "顺序", "文章排列", "删除？"]
        if chinese
        else ["Name", "Position", "Articles shown", "Delete?"],
        "entries": ["文章", "顺序", "删除？"] if chinese else ["Article", "Position", "Delete?"],
    }
    page = staff_page(browser, site, chief_editor, locale, PHONE)
    for address, group in (
        (f"/admin/topics/topic/{topic.pk}/change/", "#sections-group"),
        (f"/admin/topics/topicsection/{section.pk}/change/", "#entries-group"),
    ):
        page.goto(f"{site}{address}")
        name = group[1:].split("-")[0]
        page.screenshot(path=tmp_path / f"topic-{name}-{locale}.png", full_page=True)
        assert no_horizontal_overflow(page)
        inline = page.locator(group)
        assert inline.evaluate(INSIDE), f"{group} leaves the screen"
        assert inline.evaluate(CUT_OFF) == []
        assert inline_labels(page, group) == expected[name]


@pytest.mark.parametrize("locale", LANGUAGES)
def test_the_review_queue_fits_a_phone(
    browser, site, chief_editor, editor, make_article, demo_tree, locale, tmp_path
):
    """Each waiting article's title, writer, stage and time within the screen, with the
    count of what waits."""
    editor.last_name, editor.first_name = "欧阳", "小明"
    editor.save()
    for title in ("数字协作推动都市圈产业集群发展：六城携手共建产业集群", "园区调查"):
        draft = make_article(
            demo_tree["industry-planning"], title=title, status=Article.Status.DRAFT
        )
        review.submit(draft, editor)
    page = staff_page(browser, site, chief_editor, locale, PHONE)
    page.goto(f"{site}/admin/newsroom/submission/")
    page.screenshot(path=tmp_path / f"review-queue-{locale}.png", full_page=True)
    assert no_horizontal_overflow(page)
    assert page.locator("#changelist").evaluate(CUT_OFF) == []
    expect(page.locator(".paginator")).to_contain_text(
        "共 2 篇等待审核" if locale == "zh-CN" else "2 articles waiting"
    )
    # A writer's name on one line, not a column of single characters.
    writer = page.locator("#result_list td.field-writer").first
    expect(writer).to_have_text("欧阳小明")
    assert writer.evaluate(LINES) == 1


@pytest.mark.parametrize("locale", LANGUAGES)
def test_a_list_actions_confirmation_fits_a_phone(
    browser, site, chief_editor, article, locale, tmp_path
):
    """撤稿's reason, its help on a line of its own rather than wrapped around the field."""
    page = staff_page(browser, site, chief_editor, locale, PHONE)
    page.goto(f"{site}/admin/news/article/")
    page.locator("input.action-select").first.check()
    page.select_option("select[name=action]", "withdraw")
    page.click("button[name=index]")
    page.screenshot(path=tmp_path / f"withdraw-{locale}.png", full_page=True)
    assert no_horizontal_overflow(page)
    field, help_text = (page.locator(s).bounding_box() for s in ("textarea", ".helptext"))
    beside = (
        help_text["y"] < field["y"] + field["height"]
        and field["y"] < help_text["y"] + help_text["height"]
    )
    assert not beside, "the help runs beside the field"
