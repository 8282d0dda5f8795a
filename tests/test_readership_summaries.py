"""The summaries of the days that are over (readership.summaries), which the dashboard
reads for every article's figures: they give what the daily rows give, a day is summarised
only once it is older than yesterday (Beijing days), and a row that changes a settled day
afterwards (a flush held up, a row saved by hand, an import) is not left out for good."""

import random
import re
import threading
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news import counter
from readership import figures, summaries, windows
from readership.models import ColumnDay, DailyViews, SiteDay, WindowMark

from .test_most_read import LAST_SECOND, NEXT_DAY, on_day  # noqa: F401 (on_day: a fixture)

# Just after midnight: yesterday is the 10th, the latest settled day the 9th.
TODAY = date(2026, 3, 11)


@pytest.fixture
def read(demo_tree, make_article, on_day):  # noqa: F811
    """Articles in three columns read on known days, from today back to 100 days ago."""
    on_day(NEXT_DAY)
    articles = [
        make_article(demo_tree[slug], title=slug)
        for slug in ("data-elements", "tenders", "industry-planning")
    ]
    for n, article in enumerate(articles, start=1):
        for days_ago in (0, 1, 2, 3, 9, 40, 100):
            DailyViews.objects.create(
                article=article, day=TODAY - timedelta(days=days_ago), views=n * (days_ago + 1)
            )
    return articles


def every_article(days):
    """Every article's views per day and per column, as a chief editor's dashboard reads
    them (from the summaries), and as the daily rows alone give them."""
    rows = DailyViews.objects.all()
    return (
        figures.per_day(rows, days, figures.EVERY_ARTICLE),
        figures.summed(rows, days, "article__column", figures.EVERY_ARTICLE),
    ), (
        figures.per_day(rows, days),
        figures.summed(rows, days, "article__column", None),
    )


@pytest.mark.parametrize("days", [7, 30, 365])
def test_the_summaries_give_what_the_daily_rows_give(read, days):
    summarised, live = every_article(days)

    assert summarised == live
    assert summarised[0][-1] == (TODAY, 6)  # today: 1 + 2 + 3


def test_only_days_older_than_yesterday_are_summarised(read, monkeypatch):
    every_article(30)

    assert SiteDay.objects.latest("day").day == date(2026, 3, 9)
    assert SiteDay.objects.get(day=date(2026, 3, 9)).views == 3 * (1 + 2 + 3)
    assert ColumnDay.objects.filter(day=date(2026, 3, 9)).count() == 3
    monkeypatch.setattr(timezone, "now", lambda: LAST_SECOND)  # 23:59:59 on the 10th
    assert summaries.last_settled() == date(2026, 3, 8)


def test_a_late_flush_into_yesterday_shows_and_is_summarised_with_it(read, monkeypatch):
    every_article(30)  # the settled days are summarised
    article = read[0]

    counter.apply_batch("late", {article.pk: 5}, {(article.pk, date(2026, 3, 10)): (5, 1, 0)})
    cache.clear()  # a minute later: the columns' live figures are kept that long

    summarised, live = every_article(30)
    assert summarised == live
    assert summarised[0][-2] == (date(2026, 3, 10), 2 * 6 + 5)
    monkeypatch.setattr(timezone, "now", lambda: NEXT_DAY + timedelta(days=1))  # 10th settled
    summarised, live = every_article(30)
    assert summarised == live
    assert SiteDay.objects.get(day=date(2026, 3, 10)).views == 2 * 6 + 5


def test_a_flush_held_up_for_days_corrects_the_summaries(read):
    every_article(30)
    article = read[0]
    late_day = TODAY - timedelta(days=3)

    counter.apply_batch("held-up", {article.pk: 100}, {(article.pk, late_day): (100, 1, 0)})

    summarised, live = every_article(30)
    assert summarised == live
    assert dict(summarised[0])[late_day] == 4 * (1 + 2 + 3) + 100


def test_a_row_saved_by_hand_corrects_the_summaries(read):
    every_article(365)
    row = DailyViews.objects.get(article=read[2], day=TODAY - timedelta(days=40))
    row.views = 1000
    row.save()
    DailyViews.objects.create(article=read[0], day=TODAY - timedelta(days=50), views=9)

    summarised, live = every_article(365)
    assert summarised == live
    assert dict(summarised[0])[TODAY - timedelta(days=40)] == 41 + 82 + 1000


def test_writing_a_day_twice_keeps_one_summary(read):
    days = [TODAY - timedelta(days=3), TODAY - timedelta(days=9)]
    summaries.write(days)
    summaries.write(days)  # as a second reader at the same time would

    assert SiteDay.objects.count() == 2
    assert ColumnDay.objects.count() == 6
    assert every_article(30)[0] == every_article(30)[1]


def test_the_command_writes_the_summaries_and_again_after_an_import(read, capsys):
    call_command("summarise_views")
    assert SiteDay.objects.count() == summaries.KEPT_DAYS
    assert "2026-03-09" in capsys.readouterr().out

    # Rows imported in bulk send no signal: the command writes their days again.
    DailyViews.objects.bulk_create(
        [DailyViews(article=read[0], day=TODAY - timedelta(days=20), views=50)]
    )
    call_command("summarise_views", "--from", (TODAY - timedelta(days=30)).isoformat())

    summarised, live = every_article(30)
    assert summarised == live
    assert dict(summarised[0])[TODAY - timedelta(days=20)] == 50


@pytest.mark.parametrize("first", ["yesterday", "2026-13-01", "2026-03-10"])
def test_the_command_refuses_a_day_it_cannot_summarise(read, first):
    with pytest.raises(CommandError):
        call_command("summarise_views", "--from", first)


def test_the_dashboard_reads_a_year_in_as_many_queries_as_a_week(chief_client, read):
    call_command("summarise_views")
    chief_client.get("/admin/readership/")  # the session and the column tree read once
    counts = []
    for query in ("?days=30&period=7", "?days=365&period=365"):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert chief_client.get("/admin/readership/" + query).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite lets one writer at a time")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_views_summarising_the_same_days_at_once_both_answer(read, monkeypatch):
    """Both read the daily rows, then both write: the second one's rows are left out."""
    both_read = threading.Barrier(2, timeout=30)
    write = ColumnDay.objects.bulk_create

    def after_both_read(*args, **kwargs):
        both_read.wait()
        return write(*args, **kwargs)

    monkeypatch.setattr(ColumnDay.objects, "bulk_create", after_both_read)
    failures = []

    def view():
        try:
            summaries.fill(TODAY - timedelta(days=100), TODAY)
        except Exception as error:  # reported by the assertion below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=view) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert SiteDay.objects.count() == 99  # the 100 days to the 9th, each once
    summarised, live = every_article(90)
    assert summarised == live


def ranked_from_daily_rows(days, count):
    """(article id, readers, views) of the most read in the last `days` days, as the daily
    rows alone rank them."""
    first = timezone.localdate() - timedelta(days=days - 1)
    totals = {}
    for row in DailyViews.objects.filter(day__gte=first, day__lte=timezone.localdate()):
        readers, views = totals.get(row.article_id, (0, 0))
        totals[row.article_id] = (readers + row.readers, views + row.views)
    ranked = sorted(
        ((pk, *figures) for pk, figures in totals.items()),
        key=lambda row: (row[1], row[2], row[0]),
        reverse=True,
    )
    return ranked[:count]


@pytest.fixture
def read_unevenly(demo_tree, make_article, on_day):  # noqa: F811
    """Eight articles read on most of the last 40 days by uneven numbers of readers."""
    on_day(NEXT_DAY)
    rng = random.Random(26)
    for n in range(8):
        article = make_article(demo_tree["tenders"], title=f"文章{n}")
        DailyViews.objects.bulk_create(
            DailyViews(
                article=article,
                day=TODAY - timedelta(days=days_ago),
                views=readers + rng.randint(0, 3),
                readers=readers,
            )
            for days_ago in range(40)
            if (readers := rng.randint(0, 9 * (n % 3 + 1)))
        )


@pytest.mark.parametrize("days", windows.DAYS)
def test_the_most_read_windows_rank_as_the_daily_rows_do_day_after_day(read_unevenly, on_day, days):  # noqa: F811
    for day in range(4):
        on_day(NEXT_DAY + timedelta(days=day))
        # The first view of the day, the windows as the day before left them; then after
        # the timer rolled them to the settled days.
        for _moment in ("before the timer", "after"):
            for count in (3, 10):
                assert windows.ranking(days, count) == ranked_from_daily_rows(days, count)
            windows.roll(windows.ARTICLES, days, summaries.last_settled())


def through(name):
    return WindowMark.objects.get(name=name).through


def test_the_windows_lag_a_day_at_most(read_unevenly, on_day):  # noqa: F811
    windows.ranking(30, 10)
    assert through("articles-30") == summaries.last_settled()

    on_day(NEXT_DAY + timedelta(days=1))
    windows.ranking(30, 10)  # read beside the rows of the days they lack
    assert through("articles-30") == summaries.last_settled() - timedelta(days=1)
    on_day(NEXT_DAY + timedelta(days=2))
    windows.ranking(30, 10)  # two days behind: rolled first
    assert through("articles-30") == summaries.last_settled()


@pytest.mark.parametrize("days", windows.COLUMNS.windows)
def test_the_columns_periods_sum_as_the_daily_rows_do_day_after_day(read, on_day, days):  # noqa: F811
    for day in range(4):
        on_day(NEXT_DAY + timedelta(days=day))
        for _moment in ("before the timer", "after"):
            cache.clear()  # the live days' figures are kept a minute
            summarised, live = every_article(days)
            assert summarised == live
            windows.roll(windows.COLUMNS, days, summaries.last_settled())


def test_a_settled_day_changed_afterwards_is_ranked_with_its_new_figures(read_unevenly):
    windows.ranking(30, 10)
    row = DailyViews.objects.filter(day=TODAY - timedelta(days=10)).first()
    row.readers = 1000
    row.save()

    assert windows.ranking(30, 10)[0] == (row.article_id, *ranked_from_daily_rows(30, 1)[0][1:])
    assert windows.ranking(30, 10) == ranked_from_daily_rows(30, 10)


def readership_queries(client, query):
    """The statements on the readership's tables of a chief editor's view of the dashboard."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/admin/readership/" + query).status_code == 200
    return [entry["sql"] for entry in queries if "readership_" in entry["sql"]]


def test_the_days_first_view_reads_the_windows_as_the_timer_left_them(chief_client, read, on_day):  # noqa: F811
    on_day(NEXT_DAY - timedelta(days=1))
    call_command("summarise_views")  # yesterday's timer
    on_day(NEXT_DAY)  # today, before the timer
    chief_client.get("/admin/")  # the session read once
    cache.clear()

    first = readership_queries(chief_client, "?days=365&period=365")
    call_command("summarise_views")
    cache.clear()
    after = readership_queries(chief_client, "?days=365&period=365")

    # Both: the site's settled days (whether summarised, then read), the live days; the most
    # read of today, then for 7 and 30 days each its window's mark and ranking; the columns'
    # window (its mark, whether summarised, its rows with the days they lack), the live days
    # by column. The first also summarises the day before yesterday (read, two inserts), and
    # writes no window row: it reads them beside the days they lack.
    assert len(after) == 12
    assert len(first) == 12 + 3
    assert not [sql for sql in first if re.match(r"(INSERT|UPDATE|DELETE).*window", sql)]
