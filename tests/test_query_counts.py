"""Queries per page stay the same whatever the size of the site (DESIGN.md budgets).

A request right after a write (cold) also reads what the write made stale: the column tree,
the schedule of coming changes, counts and most viewed lists (news.caching); every later
request (warm) reads only what it must. Both stay flat; the budgets are for warm requests,
and a cold one may read at most COLD_EXTRA more.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from categories.models import Category
from news.models import PIN_FOREVER, Article
from sitecache import versions

from .helpers import DAY_STATEMENTS

BUDGETS = {"article": 4 + DAY_STATEMENTS, "column": 5, "home": 8, "search": 5}
# The readers' lists 本周热门 and 本月热门 (readership.lists): their rankings (one statement
# for both windows), kept for the cache's time limit, and their public articles, read once per
# generation.
READER_LISTS = 2
# The salt of the readers' hashes (readership.readers): read by each process on the first
# hit of a day; the first process of the day makes it and forgets the day before's.
DAYS_SALT = 5
COLD_EXTRA = 4 + READER_LISTS + DAYS_SALT


def grow_site(demo_tree, articles, columns):
    parent = demo_tree["news"]
    extra = [
        Category.objects.create(name=f"扩展栏目{n}", slug=f"extra-{n}", parent=parent)
        for n in range(columns)
    ]
    targets = [demo_tree["industry-planning"], demo_tree["data-elements"], *extra]
    new = [
        Article(
            title=f"批量文章 {n} 区域协同",
            column=targets[n % len(targets)],
            body=f"<p>正文 {n}</p>",
            summary=f"摘要 {n}",
            keywords="园区,协同" if n % 2 else "数字经济",
            status=Article.Status.PUBLISHED,
            pinned_until=PIN_FOREVER if n % 50 == 0 else None,
            is_headline=n % 40 == 0,
            is_recommended=n % 30 == 0,
            view_count=n,
        )
        for n in range(articles)
    ]
    for article in new:
        article.derive_fields(summary_was_derived=False)  # what search finds
    Article.objects.bulk_create(new)
    # bulk_create sends no signals: say what changed, as every other write does.
    versions.bump(versions.ARTICLES)
    versions.bump(versions.COLUMNS)


def queries_for(client, url):
    # SQLite's JSON support is probed once per connection, by whichever page asks first.
    assert connection.features.supports_json_field
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    # Savepoints are the test's own transaction showing through a view's atomic block.
    return len([q for q in queries if "SAVEPOINT" not in q["sql"]])


def page_queries(client):
    """{page: (queries of the first request, of the next one)}."""
    article = Article.objects.published().filter(column__slug="industry-planning").first()
    urls = {
        "article": article.get_absolute_url(),
        "column": "/columns/news/?page=2",
        "home": "/",
        "search": "/search/?q=区域协同",
    }
    return {
        page: (queries_for(client, url), queries_for(client, url)) for page, url in urls.items()
    }


@pytest.mark.parametrize(
    ("articles", "columns"),
    [(2_000, 0), (40, 500), (2_000, 500)],
    ids=["articles", "columns", "both"],
)
def test_query_counts_do_not_grow_with_the_site(client, demo_tree, articles, columns):
    grow_site(demo_tree, 45, 0)
    small = page_queries(client)

    grow_site(demo_tree, articles, columns)

    large = page_queries(client)
    for page, budget in BUDGETS.items():
        assert large[page] <= small[page], f"{page}: {large[page]} queries, was {small[page]}"
        cold, warm = small[page]
        assert warm <= budget, f"{page}: {warm} queries"
        assert cold <= budget + COLD_EXTRA, f"{page}: {cold} queries on a cold request"
