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
from readership import day_columns, figures, summaries, windows
from readership.models import ColumnDay, DailyViews, SiteDay, WindowMark

from .helpers import add_days
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
    """Both find the days without a summary, then both write them: the second one's rows
    are left out (its statements wait for the first one's to be committed)."""
    both_found = threading.Barrier(2, timeout=30)
    fill = day_columns.fill

    def after_both_found():
        both_found.wait()
        return fill()

    monkeypatch.setattr(day_columns, "fill", after_both_found)
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


def read_over_40_days(make_article, column, count, seed, readers, spare_views):
    """`count` articles of the column, each read on each of the last 40 days by
    `readers(rng, n)` readers (not at all when 0) with up to `spare_views` views more."""
    rng = random.Random(seed)
    for n in range(count):
        article = make_article(column, title=f"文章{n}")
        DailyViews.objects.bulk_create(
            DailyViews(
                article=article,
                day=TODAY - timedelta(days=days_ago),
                views=day_readers + rng.randint(0, spare_views),
                readers=day_readers,
            )
            for days_ago in range(40)
            if (day_readers := readers(rng, n))
        )


@pytest.fixture
def read_unevenly(demo_tree, make_article, on_day):  # noqa: F811
    """Eight articles read on most of the last 40 days by uneven numbers of readers."""
    on_day(NEXT_DAY)
    read_over_40_days(
        make_article, demo_tree["tenders"], 8, 26, lambda rng, n: rng.randint(0, 9 * (n % 3 + 1)), 3
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


@pytest.fixture
def read_by_many(demo_tree, make_article, on_day):  # noqa: F811
    """Forty articles read on some of the last 40 days, a few of them by many readers at
    once (some only yesterday or today), most by few: the windows' held rows and the days
    they lack both decide the list."""
    on_day(NEXT_DAY)

    def readers(rng, _n):
        return rng.random() < 0.3 and int(rng.paretovariate(1.2)) * rng.choice((1, 1, 1, 10))

    read_over_40_days(make_article, demo_tree["tenders"], 40, 2026, readers, 5)


@pytest.mark.parametrize("days", windows.DAYS)
def test_many_articles_rank_as_the_daily_rows_do_day_after_day(read_by_many, on_day, days):  # noqa: F811
    for day in range(4):
        on_day(NEXT_DAY + timedelta(days=day))
        for _moment in ("before the timer", "after"):
            for count in (1, 3, 10):
                assert windows.ranking(days, count) == ranked_from_daily_rows(days, count)
            windows.roll(windows.ARTICLES, days, summaries.last_settled())


def both_from_daily_rows(count):
    return {days: ranked_from_daily_rows(days, count) for days in windows.DAYS}


@pytest.mark.parametrize("timer", ["both windows", "the week's alone", "the month's alone"])
def test_both_windows_ranked_in_one_statement_rank_as_the_daily_rows_do(
    read_by_many,
    on_day,  # noqa: F811
    timer,
):
    """Each window's list from its own figures of the days lacked, also when the two
    windows' rows hold different days (one rolled by the timer, the other a day behind)."""
    rolled = {"both windows": windows.DAYS, "the week's alone": (7,), "the month's alone": (30,)}
    for day in range(4):
        on_day(NEXT_DAY + timedelta(days=day))
        for _moment in ("before the timer", "after"):
            for count in (1, 3, 10):
                assert windows.rankings(count) == both_from_daily_rows(count)
            for days in rolled[timer]:
                windows.roll(windows.ARTICLES, days, summaries.last_settled())


def test_each_window_keeps_its_own_list_when_one_statement_ranks_both(
    demo_tree,
    make_article,
    on_day,  # noqa: F811
):
    """An article read 20 days ago leads the month and is not in the week; one read only
    seven days ago, the day the week's rows hold beyond it when they are a day behind, is
    in the month alone too."""
    column = demo_tree["tenders"]
    month_only = make_article(column)
    add_days(month_only, TODAY, d20=500)
    left_the_week = make_article(column)
    add_days(left_the_week, TODAY, d7=400)
    both = make_article(column)
    add_days(both, TODAY, d2=100, d0=50)
    on_day(NEXT_DAY - timedelta(days=1))
    for days in windows.DAYS:
        windows.roll(windows.ARTICLES, days, summaries.last_settled())
    on_day(NEXT_DAY)  # the windows a day behind

    ranked = windows.rankings(3)
    assert [pk for pk, _readers, _views in ranked[7]] == [both.pk]
    assert [pk for pk, _readers, _views in ranked[30]] == [month_only.pk, left_the_week.pk, both.pk]
    assert ranked == both_from_daily_rows(3)


def held_rows(make_article, column, days, *figures):
    """An article per (held readers, readers yesterday, readers today) of `figures` (each
    as add_days takes it), the windows rolled to hold the first: the day before yesterday,
    the latest settled day."""
    articles = []
    for held, yesterday, today in figures:
        article = make_article(column)
        days_ago = {"d2": held, "d1": yesterday, "d0": today}
        add_days(article, TODAY, **{day: read for day, read in days_ago.items() if read})
        articles.append(article)
    windows.roll(windows.ARTICLES, days, summaries.last_settled())
    return articles


@pytest.mark.parametrize("days", windows.DAYS)
def test_articles_of_the_days_the_windows_lack_overtake_their_first(
    demo_tree,
    make_article,
    on_day,  # noqa: F811
    days,
):
    on_day(NEXT_DAY)
    first, second, *_, read_today, rising, beside, edge = held_rows(
        make_article,
        demo_tree["tenders"],
        days,
        (100, 0, 0),
        (90, 0, 0),
        (80, 0, 0),
        (12, 0, 0),
        (10, 0, 0),
        # Read by few on the held day, by the most today: none of the held rows' first.
        (5, 0, 200),
        # Half way down the held rows, carried past the third by yesterday's readers.
        (50, 45, 0),
        # With the third at 95 readers, and at most 100 held and 200 lacking, the held rows
        # are read down to 31 readers and the lacking days' down to 65: these two, 95 each
        # too, stand at either edge.
        (30, 0, 65),
        (31, 64, 0),
    )

    for count in range(1, 8):
        assert windows.ranking(days, count) == ranked_from_daily_rows(days, count)
    ranked = [pk for pk, _readers, _views in windows.ranking(days, 6)]
    assert ranked == [read_today.pk, first.pk, edge.pk, beside.pk, rising.pk, second.pk]


@pytest.mark.parametrize("days", windows.DAYS)
def test_a_tie_at_the_last_place_goes_to_more_views_then_the_latest_article(
    demo_tree,
    make_article,
    on_day,  # noqa: F811
    days,
):
    on_day(NEXT_DAY)
    first, second, caught_up, fewer_views, latest = held_rows(
        make_article,
        demo_tree["tenders"],
        days,
        ((100, 100), 0, 0),
        ((90, 90), 0, 0),
        # 80 readers and 85 views each, the first with ten readers today.
        ((70, 70), 0, (15, 10)),
        ((80, 80), 0, 0),
        ((85, 80), 0, 0),
    )

    assert windows.ranking(days, 3) == ranked_from_daily_rows(days, 3)
    assert [pk for pk, _readers, _views in windows.ranking(days, 5)] == [
        first.pk,
        second.pk,
        latest.pk,
        caught_up.pk,
        fewer_views.pk,
    ]
    assert windows.ranking(days, 4) == ranked_from_daily_rows(days, 4)


@pytest.mark.parametrize("days", windows.DAYS)
def test_the_windows_move_at_midnight_beijing_time(demo_tree, make_article, on_day, days):  # noqa: F811
    column = demo_tree["tenders"]
    for readers in (100, 90, 80):
        add_days(make_article(column), TODAY, d3=readers)
    # The first day of the window until 23:59:59 on the 10th, out of it at 00:00.
    leaving = make_article(column)
    add_days(leaving, TODAY, **{f"d{days}": 300})
    # A row of the 11th, counted from 00:00 on.
    arriving = make_article(column)
    add_days(arriving, TODAY, d0=250)
    on_day(LAST_SECOND)
    windows.roll(windows.ARTICLES, days, summaries.last_settled())  # the 10th's timer

    assert windows.ranking(days, 2)[0][0] == leaving.pk
    assert windows.ranking(days, 3) == ranked_from_daily_rows(days, 3)
    on_day(NEXT_DAY)  # the windows a day behind
    assert windows.ranking(days, 2)[0][0] == arriving.pk
    assert leaving.pk not in [pk for pk, _readers, _views in windows.ranking(days, 10)]
    assert windows.ranking(days, 3) == ranked_from_daily_rows(days, 3)
    windows.roll(windows.ARTICLES, days, summaries.last_settled())
    assert windows.ranking(days, 3) == ranked_from_daily_rows(days, 3)


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
    # read of today, then the marks of the 7- and 30-day windows and both rankings in one
    # statement; the columns' window (its mark, whether summarised, its rows with the days
    # they lack), the live days by column, each day's row given its column first if it has
    # none (an update of none). The first also summarises the day before yesterday (the
    # same update, its rows read, two inserts), and writes no window row: it reads them
    # beside the days they lack.
    assert len(after) == 11
    assert len(first) == 11 + 4
    assert not [sql for sql in first if re.match(r"(INSERT|UPDATE|DELETE).*window", sql)]
