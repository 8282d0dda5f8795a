"""The article list's line of each article's last 30 days: drawn on the server as SVG,
named with its total for those who do not see it, and read for the whole page in one
query, however many articles it shows."""

import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from readership.models import DailyViews

URL = "/admin/news/article/"


def sparklines(page):
    """{aria-label: polyline points} of each line on the page."""
    found = re.findall(
        r'<svg class="readership-sparkline" role="img" aria-label="([^"]*)".*?'
        r'<polyline points="([^"]*)"></polyline></svg>',
        page,
        re.S,
    )
    return dict(found)


def read(article, *days_ago_views):
    today = timezone.localdate()
    for days_ago, views in days_ago_views:
        DailyViews.objects.create(
            article=article, day=today - timedelta(days=days_ago), views=views
        )


def test_each_article_shows_its_last_30_days_with_the_total(chief_client, demo_tree, make_article):
    column = demo_tree["industry-planning"]
    read(make_article(column, title="读过的"), (0, 5), (1, 7), (29, 3), (30, 1000))
    make_article(column, title="没人读的")

    page = chief_client.get(URL).content.decode()
    lines = sparklines(page)

    assert "每日点击，最近 30 天：共 15 次" in lines
    assert "每日点击，最近 30 天：共 0 次" in lines
    points = lines["每日点击，最近 30 天：共 15 次"].split()
    assert len(points) == 30  # a point a day, the day 30 days ago left out
    assert points[-2].endswith(",1.0")  # the busiest day at the top
    assert "<title>每日点击，最近 30 天：共 15 次</title>" in page
    assert "<script" not in re.search(r'<table id="result_list">.*?</table>', page, re.S)[0]


def test_the_lines_of_a_page_are_read_in_one_query(chief_client, demo_tree, make_article):
    column = demo_tree["industry-planning"]

    def queries_for_the_list():
        chief_client.get(URL)  # the session's and the column tree's reads
        with CaptureQueriesContext(connection) as queries:
            assert chief_client.get(URL).status_code == 200
        return [q["sql"] for q in queries]

    read(make_article(column), (0, 1))
    few = queries_for_the_list()
    for n in range(12):
        read(make_article(column), (n, n + 1), (n + 2, 4))
    many = queries_for_the_list()

    assert len(many) == len(few)
    assert len([sql for sql in many if "readership_dailyviews" in sql]) == 1


def test_a_writer_sees_the_lines_of_their_own_articles_only(
    editor_client, editor, chief_editor, demo_tree, make_article
):
    column = demo_tree["industry-planning"]
    read(make_article(column, title="自己的", created_by=editor), (0, 4))
    read(make_article(column, title="主编的", created_by=chief_editor), (0, 9))

    lines = sparklines(editor_client.get(URL).content.decode())

    assert list(lines) == ["每日点击，最近 30 天：共 4 次"]


def test_the_english_list_capitalises_each_badge(chief_client, demo_tree, make_article):
    """ "Live", "Pinned", "Headline" beside "Draft", not "live" beside "Draft"."""
    column = demo_tree["industry-planning"]
    make_article(
        column, title="头条", is_headline=True, pinned_until=timezone.now() + timedelta(days=1)
    )
    make_article(column, title="草稿", status="draft")

    page = chief_client.get("/admin/news/article/", headers={"accept-language": "en"})

    badges = re.findall(r'<span class="badge badge-[\w-]+">([^<]+)</span>', page.content.decode())
    assert {"Live", "Pinned", "Headline", "Draft"} <= set(badges)
    assert all(badge[0].isupper() for badge in badges)
