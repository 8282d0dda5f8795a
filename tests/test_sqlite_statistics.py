"""SQLite's query planner gets its statistics (config.sqlite3), and with them walks the
keyword table's index for tag pages and related articles, and the home page's lists their
indexes, as PostgreSQL does; and the database runs in write-ahead-log mode."""

import sqlite3
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from config.sqlite3.base import DatabaseWrapper
from news.models import Article

from .helpers import hourly_articles

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner")


def test_closing_a_connection_gathers_statistics_of_the_tables_it_used(db, tmp_path):
    path = tmp_path / "site.sqlite3"
    site = DatabaseWrapper({**connection.settings_dict, "NAME": str(path)}, alias="statistics")
    with site.cursor() as cursor:
        cursor.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, kind INTEGER)")
        cursor.execute("CREATE INDEX item_kind ON item (kind)")
        cursor.executemany("INSERT INTO item (kind) VALUES (%s)", [(n % 5,) for n in range(500)])
        cursor.execute("SELECT id FROM item WHERE kind = %s", [3])
    site.close()

    stats = sqlite3.connect(path).execute("SELECT idx, stat FROM sqlite_stat1").fetchall()
    assert ("item_kind", "500 100") in stats  # 500 rows, 100 of each kind


@pytest.fixture
def analyzed():
    """The test database with its statistics, as a closed connection leaves them; forgotten
    after the test, so that other plan tests see none."""

    def analyze():
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    yield analyze
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sqlite_stat1")
        cursor.execute("ANALYZE sqlite_schema")  # reloads the (now empty) statistics


def plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " ".join(row[-1] for row in cursor.fetchall())


def test_with_statistics_tag_pages_and_related_articles_walk_the_keyword_index(
    demo_tree, make_article, analyzed
):
    columns = [demo_tree["industry-planning"], demo_tree["policy-interpretation"]]
    words = ["园区", "都市圈", "人才", "数字经济", "产业链", "双碳"]
    for n in range(60):
        make_article(columns[n % 2], keywords=f"{words[n % 6]},{words[(n + 1) % 6]}")
    article = Article.objects.with_keyword_ids().first()
    analyzed()
    public = Article.objects.published()

    tagged = public.tagged(article.keyword_ids[0])
    # A tag page's list, and one of an article's related walks (news.models.read_walks).
    for query_plan in (plan(tagged.teasers()[:20]), plan(tagged.values("pk")[:9])):
        assert "USING COVERING INDEX keyword_newest_first (keyword_id=?)" in query_plan
        assert "TEMP B-TREE" not in query_plan


def test_with_statistics_a_search_walks_the_date_index_testing_the_index_rows(demo_tree, analyzed):
    articles = [
        Article(
            column=demo_tree["industry-planning"],
            title=f"文章 {n}",
            body=f"<p>第 {n} 篇的正文</p>",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - timedelta(hours=n),
        )
        for n in range(1000)
    ]
    for article in articles:
        article.derive_fields(summary_was_derived=False)
    Article.objects.bulk_create(articles)  # every body holds 正文
    analyzed()

    query_plan = plan(Article.objects.published().search(["正文"], limit=1001))

    # Driven by the FTS5 table's list of rows, it would test and sort every row of a common
    # word; walking newest first, it stops at the limit (news.search_index.InFtsRows).
    assert "SEARCH U0 USING INDEX article_latest (status=? AND published_at<?)" in query_plan
    assert "SEARCH U0 USING INTEGER PRIMARY KEY" not in query_plan


def test_with_statistics_the_home_lists_rank_only_what_their_walks_found(demo_tree, analyzed):
    hourly_articles(
        demo_tree["industry-planning"],
        is_headline=lambda n: n % 50 == 0,
        is_recommended=lambda n: n % 30 == 0,  # and none in the slideshow: a walk finds nothing
    )
    analyzed()
    public = Article.objects.published()
    lists = {
        "article_is_slideshow": public.slideshow(),
        "article_is_headline": public.headlines(),
        "article_is_recommended": public.recommended(),
        "article_latest": public,
    }

    for index, articles in lists.items():
        query_plan = plan(articles.pinned_first(6))
        # The candidates ranked, read by id or along the flag's own index: not every public
        # article ranked by "pinned now".
        ranked = query_plan.split(" LIST SUBQUERY")[0]
        assert "INTEGER PRIMARY KEY" in ranked or (
            index != "article_latest" and f"INDEX {index} " in ranked
        ), query_plan
        assert f"INDEX {index} (status=? AND published_at<?)" in query_plan, query_plan
        assert " SCAN " not in f" {query_plan}", query_plan


def test_with_statistics_the_sitemap_index_walks_an_index_for_the_last_edit(demo_tree, analyzed):
    from news.sitemaps import ArticleSitemap

    hourly_articles(demo_tree["industry-planning"])
    analyzed()
    with CaptureQueriesContext(connection) as queries:
        ArticleSitemap().get_latest_lastmod()

    plans = []
    for query in queries:
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
            plans.append(" ".join(row[-1] for row in cursor.fetchall()))
    # Each a walk of an index to its first row: not an aggregate or a sort of every public
    # article (along the date index, which holds no edit time).
    assert any("INDEX article_updated (status=?)" in plan for plan in plans), plans
    assert not any("TEMP B-TREE" in plan for plan in plans), plans


def test_a_site_database_logs_ahead_and_commits_without_waiting_for_the_disk(db, tmp_path):
    path = tmp_path / "site.sqlite3"
    site = DatabaseWrapper({**connection.settings_dict, "NAME": str(path)}, alias="site")
    with site.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone() == (1,)  # NORMAL
    site.close()

    # Kept in the file: readers never wait for a writer, whoever opens it.
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_with_statistics_a_columns_count_reads_the_column_index_alone(client, demo_tree, analyzed):
    hourly_articles(demo_tree["industry-planning"])
    analyzed()

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/columns/news/").status_code == 200

    (count,) = [query["sql"] for query in queries if "COUNT(*)" in query["sql"]]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {count}")
        query_plan = " ".join(row[-1] for row in cursor.fetchall())
    # The index alone answers it: no article's row is read to test its expiry.
    assert "USING COVERING INDEX article_column_list" in query_plan, query_plan
