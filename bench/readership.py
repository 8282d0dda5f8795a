"""The readership dashboard and the readers' 本周热门/本月热门 lists against a year of views
per day: builds the benchmark's articles (bench.build) if the database has another number
of them, gives each public article views on a share of the last 365 days (once), then times
each dashboard page's view as a superuser, and the reader lists'
queries (what a page reads when the cache does not hold them). The dashboard reads every
article's figures from the summaries of the settled days (readership.summaries), written
first for the whole year (`summarise_views`, timed), and the daily rows of yesterday and
today, and the most read in 7 and 30 days from each article's figures over the settled days
(readership.windows).

    DATABASE_URL=postgres://… python -m bench.readership [--articles N] [--share S] [--rounds R]
"""

import argparse
import statistics
import time
from datetime import timedelta


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--share", type=float, default=0.1, help="of the days an article is read")
    parser.add_argument(
        "--rounds", type=int, default=5, help="0: build the database only; else at least 2"
    )
    options = parser.parse_args()
    if options.rounds == 1 or options.rounds < 0:
        parser.error("--rounds: 0 (build only) or at least 2 (a first view and later ones)")
    from bench.run import configure_environment, prepare_database

    configure_environment()
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    prepare_database(options.articles, rebuild=False)
    rows = daily_rows(options.share)
    print(f"{rows:,} daily rows", flush=True)
    if options.rounds:
        measure(options.rounds)


def daily_rows(share):
    """Rows for the last 365 days, made once with PostgreSQL's generate_series: 1–50 views,
    by 1 to as many readers, and 0–3 crawlers' hits."""
    from django.db import connection
    from django.utils import timezone

    from readership.models import DailyViews

    if not DailyViews.objects.exists():
        today = timezone.localdate()
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO readership_dailyviews (article_id, day, views, readers, "
                "crawler_views, column_id) SELECT id, day, views, "
                "1 + floor(random() * views)::int, floor(random() * 4)::int, column_id "
                "FROM (SELECT a.id, a.column_id, d::date AS day, "
                "1 + floor(random() * 50)::int AS views "
                "FROM news_article a, generate_series(%s::date - 364, %s::date, '1 day') d "
                "WHERE a.status = 'published' AND random() < %s) AS days",
                [today, today, share],
            )
            cursor.execute("VACUUM ANALYZE readership_dailyviews")
    return DailyViews.objects.count()


def as_yesterdays_timer_left_it():
    """The day before yesterday not summarised, the windows a day behind, no cache."""
    from django.core.cache import cache

    from readership import summaries, windows
    from readership.models import ColumnDay, SiteDay

    settled = summaries.last_settled()
    ColumnDay.objects.filter(day=settled).delete()
    SiteDay.objects.filter(day=settled).delete()
    for kind in (windows.ARTICLES, windows.COLUMNS):
        for days in kind.windows:
            windows.roll(kind, days, settled - timedelta(days=1))
    cache.clear()


def measure(rounds):
    """Each page rendered by its view (the admin's middleware left out: the superuser of the
    benchmark has no second factor), beside the floor (a trivial view) timed the same way,
    and the reader lists computed as a page that misses the cache does.

    A page's first round is timed twice: as the first view of a day without the timer (the
    state yesterday's `summarise_views` left: the day before yesterday not summarised, the
    most read windows a day behind, nothing kept in the cache), then as the first view of a
    day after `summarise_views` (run by a timer after midnight), which summarised the day,
    rolled the windows and kept the figures of the settled days. Its later rounds find what
    the earlier ones kept, and are timed again with the most read lists to compute. Each page
    is also requested once with its queries recorded (connection.queries, as
    django-debug-toolbar shows them): their number and the slowest."""
    from django.contrib import admin
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from bench.urls import floor
    from categories.models import Category
    from categories.tree import ColumnTree
    from news.models import Article
    from readership import dashboard, lists
    from readership.models import DailyViews
    from sitecache import versions

    started = time.perf_counter()
    call_command("summarise_views", verbosity=0)
    print(f"summaries of a year written in {time.perf_counter() - started:.1f} s", flush=True)
    user, _ = get_user_model().objects.get_or_create(
        username="bench-chief", defaults={"is_staff": True, "is_superuser": True}
    )
    tree = ColumnTree.load()
    read = DailyViews.objects.filter(day=timezone.localdate()).values("article").first()
    article = read["article"] if read else Article.objects.values_list("pk", flat=True)[0]
    views = {
        "floor (a trivial view)": (lambda request, site: floor(request), ""),
        "floor with a query (content versions)": (
            lambda request, site: (versions.current(), floor(request))[1],
            "",
        ),
        "dashboard, 30 days, columns 7": (dashboard.dashboard, ""),
        "dashboard, 90 days, columns 30": (dashboard.dashboard, "days=90&period=30"),
        "dashboard, 365 days, columns 365": (dashboard.dashboard, "days=365&period=365"),
        "dashboard, 30 days, columns today": (dashboard.dashboard, "period=1"),
        "dashboard, 30 days, columns 90": (dashboard.dashboard, "period=90"),
        "views per day CSV, 365": (dashboard.site_csv, "days=365"),
        "most read CSV, today": (dashboard.most_read_csv, "days=1"),
        "most read CSV, 30": (dashboard.most_read_csv, "days=30"),
        "columns CSV, 365": (dashboard.columns_csv, "period=365"),
        "an article's CSV": (
            lambda request, site: dashboard.article_csv(request, site, article),
            "",
        ),
    }
    most_read_keys = [
        f"readership:most-read-readers:all:{days}:10:{timezone.localdate()}"
        for days in dashboard.MOST_READ_DAYS
    ]
    news = tree.subtree_ids(Category.objects.get(slug="news"))
    scopes = {"site": None, "新闻中心": news}
    names = [f"reader lists{step}, {scope}" for scope in scopes for step in ("", " after an edit")]
    timings = {name: [] for name in [*views, *names]}
    recomputed = {name: [] for name in views}
    first_of_day, queries = {}, {}

    def timed(name, view, query):
        request = RequestFactory().get("/admin/readership/?" + query)
        request.user, request.columns = user, tree
        started = time.perf_counter()
        response = view(request, admin.site)
        if hasattr(response, "render"):
            response.render()
        assert response.status_code == 200, (name, response.status_code)
        return time.perf_counter() - started

    for round_ in range(rounds):
        for name, (view, query) in views.items():
            if round_ == 0:
                as_yesterdays_timer_left_it()
                first_of_day[name] = timed(name, view, query)
                as_yesterdays_timer_left_it()
                call_command("summarise_views", verbosity=0)  # after midnight, by a timer
            timings[name].append(timed(name, view, query))
        if round_:
            for name, (view, query) in views.items():
                cache.delete_many(most_read_keys)
                recomputed[name].append(timed(name, view, query))
            timed("dashboard", dashboard.dashboard, "")  # the most read kept again
        else:
            for name, (view, query) in views.items():
                with CaptureQueriesContext(connection) as captured:
                    timed(name, view, query)
                slowest = max((float(q["time"]) for q in captured), default=0)
                queries[name] = (len(captured), slowest * 1000)
        for scope, ids in scopes.items():
            # Cold: both windows ranked, then their public articles; after an edit, the
            # rankings are kept and only the public articles are read.
            started = time.perf_counter()
            rankings = lists.rankings(ids)
            ranked = time.perf_counter()
            lists.reader_lists(rankings)
            done = time.perf_counter()
            timings[f"reader lists, {scope}"].append(done - started)
            timings[f"reader lists after an edit, {scope}"].append(done - ranked)
    for name, times in timings.items():
        first, later = times[0] * 1000, statistics.median(times[1:]) * 1000
        line = f"{name:37s} first {first:7.1f} ms, then median {later:7.1f} ms"
        if name in views:
            count, slowest = queries[name]
            line += (
                f", most read again {statistics.median(recomputed[name]) * 1000:7.1f} ms"
                f", first of a day without summarise_views {first_of_day[name] * 1000:7.1f} ms"
                f"; {count} queries, the slowest {slowest:.1f} ms"
            )
        print(line, flush=True)


if __name__ == "__main__":
    main()
