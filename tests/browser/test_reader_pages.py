"""Reader pages in chromium, at phone and desktop widths."""

from io import BytesIO

import pytest
from PIL import Image
from playwright.sync_api import expect

from categories.models import Category

from .conftest import no_horizontal_overflow

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = {"phone": 390, "desktop": 1280}


def test_column_page_shows_breadcrumb_and_sidebar(page, site, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site}/columns/industry-planning/")

    expect(page.locator("nav.breadcrumb")).to_have_text("当前位置: 主页 > 新闻中心 > 产业规划 >")
    sidebar = page.locator("aside.sidebar")
    expect(sidebar).to_be_visible()
    expect(sidebar.locator("li")).to_have_count(13)
    expect(sidebar.locator("li.current")).to_have_text("产业规划")
    page.screenshot(path=tmp_path / "column-page.png", full_page=True)
    assert (tmp_path / "column-page.png").stat().st_size > 0


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_pages_fit_the_screen(page, site, demo_tree, make_article, jpeg_upload, tmp_path, width):
    column = demo_tree["industry-planning"]
    article = make_article(
        column,
        title="产业集群|创新合作动能澎湃 六城携手打造产业集群都市圈",
        source="高新院 achie.org",
        is_headline=True,
        is_slideshow=True,
        cover=jpeg_upload(),
        body="<p><strong>开展数字协作<br>共促协同发展格局</strong></p>" + "<p>正文段落。</p>" * 8,
        keywords="产业集群,都市圈",
    )
    for n in range(30):
        make_article(column, title=f"都市圈产业协作观察之{n}", keywords="都市圈")
    page.set_viewport_size({"width": width, "height": 900})

    for name, path in {
        "home": "/",
        "column": "/columns/industry-planning/",
        "article": article.get_absolute_url(),
    }.items():
        page.goto(site + path)
        page.screenshot(path=tmp_path / f"{name}-{width}.png", full_page=True)
        assert no_horizontal_overflow(page), f"{name} overflows at {width}px"


def test_view_count_goes_up_by_one_on_reload(page, site, demo_tree, make_article):
    article = make_article(demo_tree["industry-planning"])
    page.goto(site + article.get_absolute_url())
    first = int(page.locator(".view-count").inner_text())

    page.reload()

    assert int(page.locator(".view-count").inner_text()) == first + 1


def column_bar_pixels(page):
    """The luminance of the column bar at its left edge, middle and right edge, above the
    names."""
    shot = Image.open(BytesIO(page.locator(".main-nav").screenshot())).convert("L")
    return tuple(shot.getpixel((x, 2)) for x in (0, shot.width // 2, shot.width - 1))


def test_the_phone_navigation_shows_that_it_scrolls(page, site, demo_tree, tmp_path):
    for n in range(3):
        Category.objects.create(name=f"更多栏目{n}")
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{site}/search/?q=产业")  # no column in the bar is the current one
    bar = page.locator(".main-nav ul")
    assert bar.evaluate("list => list.scrollWidth > list.clientWidth")

    left, plain, right = column_bar_pixels(page)
    page.screenshot(path=tmp_path / "navigation-start-390.png")
    bar.evaluate("list => { list.scrollLeft = list.scrollWidth }")
    left_at_end, _, right_at_end = column_bar_pixels(page)
    page.screenshot(path=tmp_path / "navigation-end-390.png")

    # More to the right at first: a shade there; at the end, on the left instead.
    assert left == plain and right < plain - 20
    assert left_at_end < plain - 20 and right_at_end == plain
