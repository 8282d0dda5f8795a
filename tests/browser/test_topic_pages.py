"""A special topic's page in chromium: it fits a phone and a desktop screen, and its section
links lead to the sections."""

import pytest
from playwright.sync_api import expect

from topics.models import Topic, TopicArticle, TopicSection

from .conftest import no_horizontal_overflow

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.mark.parametrize("width", [390, 1280])
def test_a_topic_fits_the_screen_and_its_section_links_lead_to_the_sections(
    page, site, demo_tree, make_article, jpeg_upload, tmp_path, width
):
    column = demo_tree["industry-planning"]
    topic = Topic.objects.create(
        title="长三角区域一体化发展专题",
        slug="yitihua",
        lead="区域协同的报道与研究。\n第二段。",
        cover=jpeg_upload(size=(1200, 400)),
        status=Topic.Status.PUBLISHED,
    )
    for position, name in enumerate(("政策解读", "各地动态", "专家观点")):
        section = TopicSection.objects.create(topic=topic, name=name, position=position)
        for place in range(4):
            article = make_article(column, title=f"{name}：都市圈产业协作观察之{place}")
            TopicArticle.objects.create(section=section, article=article, position=place)
    page.set_viewport_size({"width": width, "height": 900})

    page.goto(f"{site}/topics/yitihua/")
    page.get_by_role("navigation", name="专题分区").get_by_role("link", name="专家观点").click()

    expect(page.locator("#section-3")).to_be_in_viewport()
    breadcrumb = "当前位置: 主页 > 专题 > 长三角区域一体化发展专题 >"
    expect(page.locator("nav.breadcrumb")).to_have_text(breadcrumb)
    page.screenshot(path=tmp_path / f"topic-{width}.png", full_page=True)
    assert no_horizontal_overflow(page)
    page.goto(f"{site}/topics/")
    assert no_horizontal_overflow(page)
