"""The plans and times of the search page's queries on the benchmark's database.

    python -m bench.explain_search      (DATABASE_URL as for make bench; build it first)

For each search of the benchmark (bench/run.py), the query of its first page (the pks of
the first 101 results, of which the page's 20 exact, with the page's articles), with
PostgreSQL's EXPLAIN (ANALYZE, BUFFERS), or on SQLite its query plan and the time it took.
"""

import time

from bench.run import configure_environment

SEARCHES = (
    "产业",
    "石墨烯薄膜",
    "产业 园区 创新 数字 经济 规划 协同 发展",
    "智慧城市 都市圈",
    "政策 发展",
    "代 务",  # two characters of one word (现代服务业), which titles alone hold
    "鑫 淼",  # two characters no article has
)


def main():
    configure_environment()
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from news import search_statements
    from news.models import Article
    from news.views import SEARCH_PAGE_SIZE, RankedPaginator, RankedResults, search_time_limit

    print(f"{Article.objects.count():,} articles, {connection.vendor}")
    for words in SEARCHES:
        bound = RankedPaginator.MAX_ITEMS + 1  # as the search page asks
        # The first page's: its results exact, the count up to the bound.
        ranked = search_statements.ranked(words.split(), bound, SEARCH_PAGE_SIZE)
        found = RankedResults(ranked, page_start=0)
        paginator = RankedPaginator(found, SEARCH_PAGE_SIZE)
        with search_time_limit():  # and its settings, as the search page runs it
            with CaptureQueriesContext(connection) as queries:
                list(paginator.page(1))
            for query in queries:
                print(f"\n## {words}: {query['sql'][:160]}…\n")
                print(explain(connection, query["sql"]))


def explain(connection, sql):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            return "\n".join(line for (line,) in cursor.fetchall())
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
        started = time.perf_counter()
        cursor.execute(sql)
        cursor.fetchall()
        return f"{plan}\nExecution Time: {(time.perf_counter() - started) * 1000:.1f} ms"


if __name__ == "__main__":
    main()
