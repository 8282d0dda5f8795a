"""The readers' lists 本周热门 (7 days) and 本月热门 (30 days): by readers (views breaking
ties) in the window of Beijing days, site-wide on the home page, per column with its
descendants in the column and article sidebars, public articles only."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from news.models import Article
from readership.models import DailyViews

from .helpers import add_days, text_of

# 23:59:59 on 10 March and 00:00:00 on 11 March, Beijing time.
LAST_SECOND = datetime(2026, 3, 10, 15, 59, 59, tzinfo=UTC)
NEXT_DAY = datetime(2026, 3, 10, 16, 0, 0, tzinfo=UTC)
TODAY = date(2026, 3, 10)


@pytest.fixture
def on_day(monkeypatch):
    def move(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    move(LAST_SECOND)
    return move


def views(article, **days_ago):
    add_days(article, TODAY, **days_ago)


def listed(page, name):
    match = re.search(
        rf'<section class="most-read" aria-labelledby="most-read-{name}">.*?</section>', page, re.S
    )
    if match is None:
        return None
    return re.findall(r"<li><a [^>]*>([^<]*)</a></li>", match.group(0))


def heading(page, name):
    match = re.search(rf'<h2 id="most-read-{name}"[^>]*>(.*?)</h2>', page, re.S)
    return text_of(match.group(1))


def test_home_lists_the_week_and_the_month_by_views_in_the_window(
    client, demo_tree, make_article, on_day
):
    today_only = make_article(demo_tree["industry-planning"], title="今天读得多")
    long_ago = make_article(demo_tree["tenders"], title="上周读得多")
    six_days = make_article(demo_tree["data-elements"], title="六天前")
    views(today_only, d0=5)
    views(long_ago, d8=100, d0=1)
    views(six_days, d6=3, d30=1000)  # 30 days ago: outside both windows

    page = client.get("/").content.decode()

    assert heading(page, "week") == "本周热门"
    assert heading(page, "month") == "本月热门"
    assert listed(page, "week") == ["今天读得多", "六天前", "上周读得多"]
    assert listed(page, "month") == ["上周读得多", "今天读得多", "六天前"]


def test_the_lists_rank_by_readers_and_a_loop_of_requests_buys_no_place(
    client, demo_tree, make_article, on_day
):
    looped = make_article(demo_tree["industry-planning"], title="一人反复刷新")
    read = make_article(demo_tree["industry-planning"], title="多人阅读")
    tied = make_article(demo_tree["industry-planning"], title="读者相同点击较少")
    views(looped, d0=(500, 1), d1=(300, 1))
    views(read, d0=(12, 9))
    views(tied, d2=(10, 9))

    page = client.get("/").content.decode()

    assert listed(page, "week") == ["多人阅读", "读者相同点击较少", "一人反复刷新"]


def test_the_week_moves_on_at_midnight_beijing_time(client, demo_tree, make_article, on_day):
    oldest_day = make_article(demo_tree["industry-planning"], title="七天前")
    views(oldest_day, d6=9)

    assert listed(client.get("/").content.decode(), "week") == ["七天前"]
    on_day(NEXT_DAY)
    page = client.get("/").content.decode()
    assert listed(page, "week") is None  # no article read in the window: no list
    assert listed(page, "month") == ["七天前"]


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.WITHDRAWN},
        {"published_at": NEXT_DAY + timedelta(days=1)},
        {"expires_at": LAST_SECOND - timedelta(hours=1)},
    ],
    ids=["draft", "withdrawn", "scheduled", "expired"],
)
def test_an_article_that_is_not_public_is_never_listed(
    client, demo_tree, make_article, on_day, fields
):
    hidden = make_article(demo_tree["industry-planning"], title="不公开的文章", **fields)
    public = make_article(demo_tree["industry-planning"], title="公开的文章")
    views(hidden, d0=1000)
    views(public, d0=1)

    for address in (
        "/",
        demo_tree["industry-planning"].get_absolute_url(),
        public.get_absolute_url(),
    ):
        page = client.get(address).content.decode()
        assert listed(page, "week") == ["公开的文章"], address
        assert "不公开的文章" not in page


def test_a_column_lists_its_own_and_its_descendants_articles(
    client, demo_tree, make_article, on_day
):
    child = make_article(demo_tree["data-elements"], title="数据要素文章")
    own = make_article(demo_tree["digital-economy"], title="数字经济文章")
    elsewhere = make_article(demo_tree["tenders"], title="招标文章")
    views(child, d1=4)
    views(own, d2=2)
    views(elsewhere, d0=50)

    column_page = client.get(demo_tree["digital-economy"].get_absolute_url()).content.decode()
    article_page = client.get(child.get_absolute_url()).content.decode()

    assert listed(column_page, "week") == ["数据要素文章", "数字经济文章"]
    assert listed(column_page, "month") == ["数据要素文章", "数字经济文章"]
    assert listed(article_page, "week") == ["数据要素文章"]  # its column: 数据要素


def test_an_edit_takes_an_article_off_the_lists_without_ranking_again(
    client, demo_tree, make_article, on_day
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = make_article(demo_tree["industry-planning"], title="第一")
    second = make_article(demo_tree["industry-planning"], title="第二")
    views(first, d0=9)
    views(second, d0=3)
    assert listed(client.get("/").content.decode(), "week") == ["第一", "第二"]

    first.status = Article.Status.DRAFT
    first.save()
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/").content.decode()

    assert listed(page, "week") == ["第二"]
    assert not [q for q in queries if "readership_dailyviews" in q["sql"]]  # ranking kept


def test_the_lists_link_to_the_articles_in_the_pages_language_and_version(
    client, demo_tree, make_article, on_day
):
    # The lists are kept with their links made: one page's must not show on another's.
    column = demo_tree["industry-planning"]
    article = make_article(column, title="读得多")
    views(article, d0=5)
    path, column_path = article.get_absolute_url(), column.get_absolute_url()

    for prefix in ("", "/en", "/care", "/care/en"):
        for page in (prefix + "/", prefix + column_path, prefix + path):
            html = client.get(page).content.decode()
            week = re.search(r'aria-labelledby="most-read-week">.*?</section>', html, re.S)
            assert re.findall(r'href="([^"]*)"', week.group(0)) == [prefix + path], page


def test_the_lists_show_titles_escaped_and_marked_in_the_sites_language(
    client, demo_tree, make_article, on_day
):
    # The items are kept as HTML: the title escaped once, and on a page in another
    # language marked as the site's (a screen reader reads it in its own voice).
    article = make_article(demo_tree["industry-planning"], title="读得多 <b>1 & 2</b>")
    views(article, d0=5)
    path = article.get_absolute_url()

    for page, link in (
        ("/", f'<a href="{path}">读得多 &lt;b&gt;1 &amp; 2&lt;/b&gt;</a>'),
        ("/en/", f'<a href="/en{path}" lang="zh-hans">读得多 &lt;b&gt;1 &amp; 2&lt;/b&gt;</a>'),
    ):
        html = client.get(page).content.decode()
        week = re.search(r'aria-labelledby="most-read-week">.*?</section>', html, re.S)
        assert f"<li>{link}</li>" in week.group(0), page


def test_an_article_only_crawlers_read_is_in_no_readers_list(
    client, demo_tree, make_article, on_day
):
    """A spider's hits count apart from the readers' (DailyViews.crawler_views): an article
    that no reader opened is not among the most read, as on the dashboard."""
    read = make_article(demo_tree["industry-planning"], title="有人读")
    crawled = make_article(demo_tree["industry-planning"], title="只有爬虫来过")
    views(read, d0=1)
    DailyViews.objects.create(article=crawled, day=TODAY, crawler_views=40)

    home = client.get("/").content.decode()
    column = client.get(demo_tree["industry-planning"].get_absolute_url()).content.decode()

    for page in (home, column):
        assert listed(page, "week") == ["有人读"]
        assert listed(page, "month") == ["有人读"]
