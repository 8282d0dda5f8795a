"""The column a day's views count in (readership.day_columns): the article's at its last hit
of the day, so that an article moved to another column takes the day's views with it at its
next hit and leaves its earlier days where they were; the dashboard's figures per column read
the same whether a day is live or summarised."""

import importlib
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from news import counter
from readership import figures, summaries
from readership.models import ColumnDay, DailyViews, SiteDay

from .helpers import migrate_to_latest
from .test_most_read import LAST_SECOND, NEXT_DAY, on_day  # noqa: F401 (on_day: a fixture)

YESTERDAY, TODAY = date(2026, 3, 10), date(2026, 3, 11)


def column_of_day(article, day):
    return DailyViews.objects.get(article=article, day=day).column_id


def read_in_the_days_last_second(demo_tree, make_article, on_day, hits):  # noqa: F811
    """An article of one column read `hits` times in yesterday's last second: the article,
    that column and another to move it to."""
    before, after = demo_tree["tenders"], demo_tree["data-elements"]
    article = make_article(before)
    on_day(LAST_SECOND)
    for _ in range(hits):
        counter.hit(article)
    return article, before, after


def move(article, column):
    article.column = column
    article.save()


def test_a_moved_article_takes_the_days_views_along_at_its_next_hit(
    counter_backend,
    demo_tree,
    make_article,
    on_day,  # noqa: F811
):
    article, before, after = read_in_the_days_last_second(demo_tree, make_article, on_day, 1)
    on_day(NEXT_DAY)
    counter.hit(article)
    counter.flush()
    move(article, after)

    assert column_of_day(article, TODAY) == before.pk  # not read since the move
    counter.hit(article)
    counter.flush()
    assert column_of_day(article, TODAY) == after.pk
    assert column_of_day(article, YESTERDAY) == before.pk
    assert DailyViews.objects.get(article=article, day=TODAY).views == 2


def per_column(days):
    """{column id: views of its own articles} over the last `days` days, as a chief
    editor's dashboard reads them, and as the daily rows alone give them."""
    rows = DailyViews.objects.all()
    cache.clear()  # the live days' figures are kept a minute
    return (
        figures.summed(rows, days, figures.COLUMN, figures.EVERY_ARTICLE),
        figures.summed(rows, days, figures.COLUMN, None),
    )


def test_a_days_figure_per_column_stays_once_the_day_is_summarised(
    demo_tree,
    make_article,
    on_day,  # noqa: F811
):
    article, before, after = read_in_the_days_last_second(demo_tree, make_article, on_day, 3)
    on_day(NEXT_DAY)
    move(article, after)
    counter.hit(article)

    live = per_column(7)
    assert live[0] == live[1] == {before.pk: 3, after.pk: 1}
    on_day(NEXT_DAY + timedelta(days=2))  # the 10th and 11th summarised
    summarised = per_column(7)
    assert summarised[0] == summarised[1] == {before.pk: 3, after.pk: 1}
    assert ColumnDay.objects.get(day=YESTERDAY).column_id == before.pk


def test_rows_written_without_a_column_take_their_articles_when_read(
    demo_tree,
    make_article,
    on_day,  # noqa: F811
):
    on_day(NEXT_DAY)
    article = make_article(demo_tree["tenders"])
    DailyViews.objects.bulk_create(
        [
            DailyViews(article=article, day=TODAY - timedelta(days=5), views=4),
            DailyViews(article=article, day=TODAY, views=2),
        ]
    )

    assert per_column(7) == ({article.column_id: 6}, {article.column_id: 6})
    assert not DailyViews.objects.filter(column__isnull=True).exists()


def test_a_deleted_columns_views_stay_in_the_sites_figures(
    demo_tree,
    make_article,
    on_day,  # noqa: F811
):
    on_day(NEXT_DAY)
    gone, kept = demo_tree["tenders"], demo_tree["data-elements"]
    article = make_article(gone)
    settled = summaries.last_settled()
    DailyViews.objects.create(article=article, day=settled, views=7, column=gone)
    move(article, kept)
    gone.delete()

    summaries.fill(settled, settled)

    assert SiteDay.objects.get(day=settled).views == 7
    assert not ColumnDay.objects.filter(day=settled).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_gives_each_row_its_articles_column(demo_tree, make_article, monkeypatch):
    # A batch of two rows at a time, so that the rows take several.
    migration = importlib.import_module("readership.migrations.0006_column_of_the_day")
    monkeypatch.setattr(migration, "BATCH", 2)
    articles = [make_article(demo_tree[slug]) for slug in ("tenders", "data-elements")]
    executor = MigrationExecutor(connection)
    executor.migrate([("readership", "0005_windows")])
    old = executor.loader.project_state([("readership", "0005_windows")]).apps
    OldDailyViews = old.get_model("readership", "DailyViews")
    for article in articles:
        for n in range(3):
            OldDailyViews.objects.create(article_id=article.pk, day=TODAY - timedelta(n), views=1)

    migrate_to_latest()

    assert {(row.article_id, row.column_id) for row in DailyViews.objects.all()} == {
        (article.pk, article.column_id) for article in articles
    }
    assert DailyViews.objects.count() == 6
