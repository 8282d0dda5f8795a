"""The article page: the seed's meta line, breadcrumb, sidebar, body, previous/next, related."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from news.models import Article

from .helpers import hourly_articles, section, text_of

SEED_TITLE = "产业集群|创新合作动能澎湃 六城携手打造产业集群都市圈"


def seed_article(column):
    return Article.objects.create(
        column=column,
        title=SEED_TITLE,
        source="高新院 achie.org",
        published_at=datetime(2023, 1, 5, 10, tzinfo=ZoneInfo("Asia/Shanghai")),
        body="<p>导语。</p><p><strong>开展数字协作<br>共促协同发展格局</strong></p><p>正文。</p>",
        keywords="产业集群,都市圈",
        status=Article.Status.PUBLISHED,
        view_count=41,
    )


def test_article_page_renders_seed_meta_line_breadcrumb_and_sidebar(client, demo_tree):
    article = seed_article(demo_tree["industry-planning"])

    page = client.get(f"/articles/{article.pk}/").content.decode()

    assert text_of(section(page, "breadcrumb", "nav")) == "当前位置: 主页 > 新闻中心 > 产业规划 >"
    assert re.search(r'<h1 class="article-title">产业集群\|创新合作动能澎湃', page)
    assert text_of(section(page, "article-meta", "p")) == (
        "来源: 高新院 achie.org 日期: 2023-01-05 点击: 42 次"
    )
    sidebar = section(page, "sidebar", "aside")
    columns = sidebar.split('<section class="most-read"')[0]  # the reader lists follow
    assert len(re.findall(r"<li", columns)) == 13
    # The article's column is where the reader is, not the page itself.
    assert 'aria-current="true">产业规划</a>' in sidebar
    assert 'aria-current="page"' not in page
    assert 'aria-current="true">新闻中心</a>' in section(page, "main-nav", "nav")
    body = section(page, "article-body", "div")
    assert "<strong>开展数字协作<br>共促协同发展格局</strong>" in body


def test_source_is_linked_when_it_has_a_url(client, demo_tree, make_article):
    article = make_article(
        demo_tree["industry-planning"], source="经济日报", source_url="https://www.ce.cn/"
    )

    meta = section(client.get(article.get_absolute_url()).content.decode(), "article-meta", "p")

    assert re.search(r'<a href="https://www.ce.cn/"[^>]*>经济日报</a>', meta)


def test_breadcrumb_of_a_three_level_column(client, demo_tree, make_article):
    article = make_article(demo_tree["data-elements"])

    page = client.get(article.get_absolute_url()).content.decode()

    assert text_of(section(page, "breadcrumb", "nav")) == (
        "当前位置: 主页 > 专题专栏 > 数字经济 > 数据要素 >"
    )


def test_previous_and_next_stay_in_the_column(client, demo_tree, make_article):
    column = demo_tree["industry-planning"]
    # make_article dates each new article an hour before the previous one.
    newer, middle, _older = (make_article(column, title=t) for t in ("新文", "中文", "旧文"))
    make_article(demo_tree["park-planning"], title="别栏目的文章")

    nav = section(client.get(middle.get_absolute_url()).content.decode(), "prev-next", "nav")

    # 上一篇 is the older article, as on the original site.
    assert text_of(nav) == "上一篇: 旧文 下一篇: 新文"
    newest = section(client.get(newer.get_absolute_url()).content.decode(), "prev-next", "nav")
    assert text_of(newest) == "上一篇: 中文 下一篇: 没有了"


def test_related_articles_share_keywords_then_column_never_self(client, demo_tree, make_article):
    planning, park = demo_tree["industry-planning"], demo_tree["park-planning"]
    article = make_article(planning, keywords="都市圈,数字经济")
    sharing = make_article(park, title="共享关键词的文章", keywords="数字经济")
    same_column = make_article(planning, title="同栏目的文章", keywords="无关")
    make_article(park, title="毫不相关的文章", keywords="无关")

    related = section(client.get(article.get_absolute_url()).content.decode(), "related", "section")

    titles = re.findall(r'<a href="/articles/\d+/">([^<]+)</a>', related)
    assert titles == [sharing.title, same_column.title]


def test_related_articles_are_at_most_eight(client, demo_tree, make_article):
    column = demo_tree["industry-planning"]
    article = make_article(column, keywords="园区")
    for _ in range(12):
        make_article(column, keywords="园区")

    related = section(client.get(article.get_absolute_url()).content.decode(), "related", "section")

    assert len(re.findall(r"<li>", related)) == 8


def test_cover_is_shown_and_in_open_graph(client, demo_tree, make_article, jpeg_upload):
    article = make_article(demo_tree["industry-planning"], cover=jpeg_upload())

    page = client.get(article.get_absolute_url()).content.decode()

    # Sized, so that the text below keeps its place while the image loads.
    assert f'<img src="{article.cover.url}" alt="{article.title}" width="800" height="600">' in page
    assert re.search(
        rf'<meta property="og:image" content="http://testserver{article.cover.url}"', page
    )


def test_seo_tags_come_from_the_article(client, demo_tree, make_article):
    article = make_article(demo_tree["industry-planning"], summary="一段摘要", keywords="园区,规划")

    page = client.get(article.get_absolute_url()).content.decode()

    assert f"<title>{article.title} - 产业规划 -" in page
    assert '<meta name="description" content="一段摘要">' in page
    assert '<meta name="keywords" content="园区,规划">' in page
    assert f'<link rel="canonical" href="http://testserver/articles/{article.pk}/">' in page
    assert '<meta property="og:type" content="article">' in page


def test_english_interface(client, demo_tree, make_article):
    article = make_article(demo_tree["industry-planning"], source="高新院")

    page = client.get(f"/en{article.get_absolute_url()}").content.decode()

    assert (
        text_of(section(page, "breadcrumb", "nav")) == "You are here: Home > 新闻中心 > 产业规划 >"
    )
    assert "Source: 高新院" in text_of(section(page, "article-meta", "p"))
    assert "Views: 1" in text_of(section(page, "article-meta", "p"))


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner, without statistics")
def test_previous_next_and_column_articles_walk_the_column_index_unsorted(demo_tree, make_article):
    column = demo_tree["industry-planning"]
    article = make_article(column)
    public = Article.objects.published()

    for nearest in (public.before(article), public.after(article)):
        sql, params = nearest.teasers()[:1].query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(row[-1] for row in cursor.fetchall())
        assert "USING INDEX article_column_list (column_id=? AND status=?" in plan
        assert "TEMP B-TREE" not in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's EXPLAIN ANALYZE")
def test_previous_and_next_start_at_the_article_however_long_its_column(demo_tree):
    hourly_articles(demo_tree["industry-planning"], count=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE news_article")
    middle = Article.objects.get(title="文章 1000")
    public = Article.objects.published()

    for nearest in (public.before(middle), public.after(middle)):
        plan = nearest.links()[:1].explain(analyze=True)
        # The article itself at most: not the thousand newer (or older) ones before it.
        assert all(int(rows) <= 1 for rows in re.findall(r"Rows Removed by Filter: (\d+)", plan))
