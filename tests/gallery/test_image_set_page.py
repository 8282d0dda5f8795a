"""A 图集 article's page shows its pictures as numbered figures in order, each a thumbnail
linking to the full picture with its caption, with no script needed; its files follow the
article's visibility (撤稿 takes them down, reinstating brings them back)."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from gallery.models import Picture

from ..buckets import readable
from ..helpers import section, text_of
from ..newsroom.test_takedown import withdraw
from ..test_query_counts import BUDGETS, queries_for

pytestmark = pytest.mark.django_db


def figures(page):
    """(link, thumbnail, alt, caption) of each figure of the page's image set, in order."""
    found = re.findall(
        r'<figure>\s*<a href="([^"]+)"><img src="([^"]+)"[^>]*alt="([^"]*)"[^>]*></a>\s*'
        r"<figcaption>(.*?)</figcaption>",
        section(page, "image-set", "section"),
        re.S,
    )
    return [(link, thumb, alt, text_of(caption)) for link, thumb, alt, caption in found]


def test_the_pictures_are_numbered_figures_in_order_with_captions(client, image_set):
    article = image_set()
    page = client.get(article.get_absolute_url()).content.decode()

    pictures = list(Picture.objects.filter(article=article))
    assert [f[0] for f in figures(page)] == [p.image.url for p in pictures]
    assert [f[1] for f in figures(page)] == [p.thumbnail.url for p in pictures]
    assert [(f[2], f[3]) for f in figures(page)] == [
        ("第 1 张图，查看原图", "1/3 园区大门"),
        ("第 2 张图，查看原图", "2/3 孵化楼 & 广场"),
        ("第 3 张图，查看原图", "3/3 夜景"),
    ]
    assert "图集：3 张图片" in text_of(section(page, "image-set", "section"))
    assert "孵化楼 &amp; 广场" in page  # captions escaped as text


def test_an_article_without_pictures_shows_no_image_set(client, reader_site):
    page = client.get(reader_site["urls"]["article"]).content.decode()
    assert 'class="image-set"' not in page


def test_the_english_page_says_it_in_english(client, image_set):
    article = image_set()
    page = client.get(f"/en{article.get_absolute_url()}").content.decode()
    assert "Image set: 3 pictures" in text_of(section(page, "image-set", "section"))
    assert figures(page)[0][2] == "Picture 1, full size"


def test_the_pictures_cost_the_page_no_query_of_their_own(
    client, image_set, reader_site, make_article
):
    """Read with the article itself: a 图集's first page view costs what any article's
    costs, within the article page's budget."""
    plain = make_article(reader_site["column"], title="没有图片的文章")
    pictured = image_set(column=reader_site["column"].slug)
    for _ in range(2):  # what every page reads once: the column tree, the reader lists
        queries_for(client, reader_site["urls"]["article"])

    counts = [queries_for(client, article.get_absolute_url()) for article in (plain, pictured)]

    assert counts[0] == counts[1] <= BUDGETS["article"]


def test_withdrawing_takes_the_pictures_down_and_reinstating_brings_them_back(
    media_storage, chief_client, image_set
):
    article = image_set()
    files = [
        url
        for picture in Picture.objects.filter(article=article)
        for url in (picture.image.url, picture.thumbnail.url)
    ]
    assert all(readable(url) for url in files)

    withdraw(chief_client, article)

    assert Client().get(article.get_absolute_url()).status_code == 410
    assert not any(readable(url) for url in files)

    chief_client.post(
        "/admin/news/article/",
        {"action": "reinstate", "_selected_action": [article.pk], "index": 0},
    )
    assert all(readable(url) for url in files)


def test_the_column_page_marks_image_sets(client, image_set, reader_site):
    column = reader_site["column"]
    image_set(column=column.slug, title="园区图集", published_at=timezone.now())

    page = client.get(column.get_absolute_url()).content.decode()

    titles = [text_of(t) for t in re.findall(r'<h2 class="item-title">.*?</h2>', page, re.S)]
    assert "图集 园区图集" in titles
    assert sum(title.startswith("图集 ") for title in titles) == 1
