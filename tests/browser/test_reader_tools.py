"""The article page's reader tools in chromium: the text size kept in the browser without a
cookie, the page printed without its navigation, sidebar and footer but with its address,
the QR code shown, nothing asked of another site."""

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def body_size(page):
    return page.evaluate("getComputedStyle(document.querySelector('.article-body')).fontSize")


def test_text_size_print_and_share(page, site, demo_tree, make_article):
    article = make_article(demo_tree["industry-planning"])
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site + article.get_absolute_url())
    medium = body_size(page)

    page.click(".text-size >> text=大")
    large = body_size(page)
    page.reload()

    assert float(large[:-2]) > float(medium[:-2])
    assert body_size(page) == large  # kept in this browser
    assert page.context.cookies() == []
    assert not [url for url in requested if url.endswith("qr.svg")]  # not before it is shown
    page.click("text=分享到微信")
    qr = page.locator(".wechat-share img")
    qr.wait_for()
    expect(qr).to_have_js_property("complete", True)
    assert qr.evaluate("image => image.naturalWidth") > 0  # drawn
    assert qr.bounding_box()["width"] >= 150
    assert page.locator("button", has_text="复制链接").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".sidebar").is_visible()
    assert not page.locator(".site-footer").is_visible()
    assert not page.locator(".reader-tools").is_visible()
    assert page.locator(".print-only").is_visible()
    assert page.locator(".article-meta").is_visible()  # the source and the date
    assert any(url.endswith("qr.svg") for url in requested)
    assert all(url.startswith((site, "data:")) for url in requested)
