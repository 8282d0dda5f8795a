"""The readership dashboard in chromium, in Chinese, at a laptop's width and a phone's: the
charts drawn, their tables beside them, nothing wider than the screen, no CSP refusal."""

import pytest
from django.core.management import call_command

from .conftest import no_horizontal_overflow
from .test_content_security_policy import RECORD_VIOLATIONS
from .test_editor_flow import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("width", [1280, 390])
def test_dashboard_at_a_laptops_and_a_phones_width(page, site, chief_editor, width, tmp_path):
    call_command("load_demo", verbosity=0)  # 60 days of views
    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_init_script(RECORD_VIOLATIONS)
    log_in(page, site, "chief", "chief-pass-1")

    page.click("text=每日点击、点击排行、各栏目点击")
    page.click("text=90 天")

    chart = page.locator("svg.readership-chart")
    assert chart.get_attribute("role") == "img"
    assert chart.locator("title").first.text_content() == "每日点击，最近 90 天"
    assert chart.locator("rect").count() == 90
    box = chart.bounding_box()
    assert box["width"] > 300 and box["height"] > 80  # drawn, scaled to the screen
    assert page.locator("table caption", has_text="图中的数字").is_visible()
    assert page.locator("table caption", has_text="今天").is_visible()
    assert page.locator("table caption", has_text="各栏目点击").is_visible()
    assert no_horizontal_overflow(page)
    # 作者, 读者, 点击: each heading on one line, never a character a line.
    heading = page.locator(".readership-most-read thead th", has_text="读者").first
    assert heading.evaluate("th => th.getClientRects().length") == 1
    assert (
        heading.evaluate(
            "th => { const r = document.createRange(); r.selectNodeContents(th);"
            " return r.getClientRects().length; }"
        )
        == 1
    )
    # And a writer's name whole, not 周建 above 平.
    writers = page.locator(".readership-most-read td.writer")
    assert writers.count() > 0
    assert (
        writers.evaluate_all(
            "tds => tds.filter(td => { const r = document.createRange(); r.selectNodeContents(td);"
            " return new Set([...r.getClientRects()].map(b => Math.round(b.top))).size > 1; })"
            ".map(td => td.textContent)"
        )
        == []
    )
    assert page.evaluate("window.cspViolations") == []
    page.screenshot(path=tmp_path / f"dashboard-{width}.png", full_page=True)


def test_the_article_list_draws_each_articles_last_30_days(page, site, chief_editor, tmp_path):
    call_command("load_demo", verbosity=0)
    page.context.add_init_script(RECORD_VIOLATIONS)
    log_in(page, site, "chief", "chief-pass-1")

    page.goto(f"{site}/admin/news/article/")

    line = page.locator("#result_list svg.readership-sparkline").first
    assert line.get_attribute("aria-label").startswith("每日点击，最近 30 天：共 ")
    box = line.bounding_box()
    assert (box["width"], box["height"]) == (90, 20)
    # Drawn by the dashboard's stylesheet: a line, not a filled shape.
    style = line.locator("polyline").evaluate(
        "e => [getComputedStyle(e).fill, getComputedStyle(e).stroke]"
    )
    assert style[0] == "none" and style[1] != "none"
    assert page.evaluate("window.cspViolations") == []
    page.screenshot(path=tmp_path / "article-list.png", full_page=True)
