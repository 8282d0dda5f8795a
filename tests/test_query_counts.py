"""Queries per page stay the same whatever the size of the site (DESIGN.md budgets)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from categories.models import Category
from news.models import PIN_FOREVER, Article

BUDGETS = {"article": 6, "column": 5, "home": 8, "search": 5}


def grow_site(demo_tree, articles, columns):
    parent = demo_tree["news"]
    extra = [
        Category.objects.create(name=f"扩展栏目{n}", slug=f"extra-{n}", parent=parent)
        for n in range(columns)
    ]
    targets = [demo_tree["industry-planning"], demo_tree["data-elements"], *extra]
    Article.objects.bulk_create(
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
    )


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def page_queries(client):
    # Each process reads the column tree once per version of the columns, not per request.
    client.get("/")
    article = Article.objects.published().filter(column__slug="industry-planning").first()
    return {
        "article": queries_for(client, article.get_absolute_url()),
        "column": queries_for(client, "/columns/news/?page=2"),
        "home": queries_for(client, "/"),
        "search": queries_for(client, "/search/?q=区域协同"),
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

    assert page_queries(client) == small
    for page, budget in BUDGETS.items():
        assert small[page] <= budget, f"{page}: {small[page]} queries"
