"""With media in a bucket: an image uploaded through the admin's editor in chromium is stored
in the bucket, and the reader's page shows it from there."""

import pytest
from PIL import Image
from playwright.sync_api import expect

from news.models import Article

from ..buckets import fetched_anonymously
from .test_editor_flow import EDITOR_READY, log_in, public_address, upload_image

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_image_uploaded_in_the_editor_is_shown_from_the_bucket(
    page, site, demo_tree, chief_editor, media_bucket, s3_endpoint, tmp_path
):
    image = tmp_path / "园区.png"
    Image.new("RGB", (320, 200), (20, 120, 60)).save(image)
    log_in(page, site, "chief", "chief-pass-1")
    page.goto(f"{site}/admin/news/article/add/")
    page.fill("#id_title", "园区全景")
    page.select_option("#id_column", value=str(demo_tree["industry-planning"].pk))
    page.wait_for_function(f"() => {EDITOR_READY}")

    staff_address = upload_image(page, image)
    page.click("input[name=_publish]")
    expect(page.locator(".messagelist .success")).to_be_visible()

    image_url = public_address(staff_address)
    assert image_url.startswith(f"{s3_endpoint}/{media_bucket}/uploads/")
    assert fetched_anonymously(image_url)[0] == 200
    article = Article.objects.get(title="园区全景")
    reader = page.context.browser.new_page(locale="zh-CN")
    reader.goto(site + article.get_absolute_url())
    picture = reader.locator(".article-body img")
    expect(picture).to_have_attribute("src", image_url)
    picture.evaluate("img => img.decode()")  # fails if the bucket or the page's CSP refuses it
    assert picture.evaluate("img => img.naturalWidth") == 320
