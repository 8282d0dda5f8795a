"""The article page's reader tools: 字号 大/中/小, 打印, 分享到微信 (a QR code of the article's
address drawn on the server) and the address to copy; none adds a cookie, a request to
anyone else or a query."""

import re

from news.sharing import qr_svg

from .helpers import section, text_of


def test_the_article_page_carries_the_reader_tools(client, demo_tree, make_article):
    article = make_article(demo_tree["industry-planning"])
    address = f"http://testserver{article.get_absolute_url()}"

    response = client.get(article.get_absolute_url())
    page = response.content.decode()
    tools = section(page, "reader-tools", "div")

    assert text_of(tools).startswith("字号： 大 中 小 打印 分享到微信")
    for size in ("large", "medium", "small"):
        assert f'href="#text-{size}"' in tools
        assert f'id="text-{size}"' in page  # the size holds without script too
    image = f"{article.get_absolute_url()}qr.svg"
    assert f'<img src="{image}" loading="lazy" alt="本文地址的二维码"' in tools
    assert f'value="{address}"' in tools and f'data-copy="{address}"' in tools
    assert f"本文地址： {address}" in text_of(section(page, "print-only", "p"))
    assert not response.cookies


def test_the_qr_code_holds_the_address_and_costs_no_query(
    client, demo_tree, make_article, django_assert_num_queries
):
    article = make_article(demo_tree["industry-planning"])
    address = f"http://testserver{article.get_absolute_url()}"

    with django_assert_num_queries(0):
        response = client.get(f"{article.get_absolute_url()}qr.svg")

    assert response["Content-Type"] == "image/svg+xml"
    assert "public" in response["Cache-Control"]
    svg = response.content.decode()
    assert svg == qr_svg(address)
    # A white ground with the quiet zone a phone needs: 29 modules and 4 on each side.
    assert svg.startswith("<svg") and 'viewBox="0 0 37 37"' in svg and 'fill="white"' in svg
    assert client.post(f"{article.get_absolute_url()}qr.svg").status_code == 405


def test_the_tools_ask_nothing_of_another_site(client, demo_tree, make_article):
    article = make_article(demo_tree["industry-planning"])

    page = client.get(article.get_absolute_url()).content.decode()
    tools = section(page, "reader-tools", "div")

    addresses = re.findall(r'(?:src|href)="([^"]*)"', tools)
    assert addresses and all(a.startswith(("#", "data:", "/")) for a in addresses)
    assert '<script src="/static/js/reader_tools.js" defer></script>' in page
