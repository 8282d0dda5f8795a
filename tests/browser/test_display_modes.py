"""The display modes in chromium: the mourning mode greys the whole page, images included;
the 关怀版 is larger and still fits a phone's screen."""

from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from sitesettings.models import SiteSettings

from .conftest import no_horizontal_overflow

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_mourning_mode_greys_the_page(page, site, demo_tree, make_article, jpeg_upload):
    make_article(demo_tree["industry-planning"], is_slideshow=True, cover=jpeg_upload())
    SiteSettings.objects.update_or_create(
        pk=1, defaults={"mourning_starts_at": timezone.now() - timedelta(minutes=1)}
    )

    page.goto(f"{site}/")

    assert page.evaluate("getComputedStyle(document.documentElement).filter") == "grayscale(1)"
    # The blue header and the blue cover are drawn grey: red, green and blue alike.
    shot = page.screenshot(clip={"x": 0, "y": 0, "width": 300, "height": 40})
    pixel = Image.open(BytesIO(shot)).convert("RGB").getpixel((290, 5))
    assert max(pixel) - min(pixel) <= 2, pixel


@pytest.mark.parametrize("width", [375, 1280])
def test_the_care_version_is_larger_and_fits_the_screen(page, site, make_article, demo_tree, width):
    article = make_article(demo_tree["industry-planning"], title="都市圈产业协作观察")
    page.set_viewport_size({"width": width, "height": 900})

    page.goto(f"{site}{article.get_absolute_url()}")
    standard = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    page.get_by_role("link", name="关怀版").click()

    expect(page).to_have_url(f"{site}/care{article.get_absolute_url()}")
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 1.25 * standard
    assert no_horizontal_overflow(page), f"the 关怀版 overflows at {width}px"
    page.get_by_role("link", name="标准版").click()
    expect(page).to_have_url(f"{site}{article.get_absolute_url()}")
