"""A reader on the keyboard: the skip link comes first and works, and focus is always visible."""

import pytest

# Like the other browser tests: the live server needs a transactional database, and the
# serialized rollback puts back what migrations created (groups, content types) for the next.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FOCUSED_OUTLINE = """() => {
  const style = getComputedStyle(document.activeElement);
  return style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth);
}"""


def test_skip_link_shows_on_first_tab_and_leads_into_the_content(
    page, site, make_article, demo_tree
):
    article = make_article(demo_tree["industry-planning"], title="键盘读者的文章")
    page.goto(site + "/columns/industry-planning/")

    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert skip.inner_text() == "跳到正文"
    assert skip.bounding_box()["y"] >= 0  # on screen, not parked above it
    assert page.evaluate(FOCUSED_OUTLINE) >= 2

    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
    assert page.evaluate("document.activeElement.closest('.main-nav') === null")
    assert article.title in page.evaluate("document.querySelector('main').innerText")


def test_every_control_in_the_header_shows_its_focus(page, site, demo_tree):
    page.goto(site + "/")

    seen = 0
    for _ in range(12):
        page.keyboard.press("Tab")
        if not page.evaluate("document.activeElement.closest('header') !== null"):
            continue
        seen += 1
        name = page.evaluate("document.activeElement.outerHTML.slice(0, 60)")
        assert page.evaluate(FOCUSED_OUTLINE) >= 2, name
    assert seen >= 5  # the brand, the search box and button, a language, the menu
