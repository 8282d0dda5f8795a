"""Summaries of the days that are over: the site's views per day (SiteDay) and each
column's (ColumnDay), so that the dashboard sums a few rows per day instead of every
article's (at 100,000 articles, a year of daily rows is 3.6 M of them).

A day is summarised once it is settled: older than yesterday. Today's rows grow with every
hit, and yesterday's may still grow just after midnight, when the counter's Redis buffer is
flushed with the hits of the last minute of the day; both are always read from the daily
rows. The summaries are written lazily, by the first reader that finds settled days
without one (`fill`): usually one day, the day before yesterday, on the first dashboard
view of a day; two readers at once write the same figures, and the second one's are left
out (one row per day and column). A settled day's rows change only through a write that is
not a hit: a flush held up for more than a day, or a row saved by hand or imported; those
forget the day's summaries (`forget`), which the next reader writes again.
`manage.py summarise_views` writes them all ahead of the first view and, with `--from`,
again from a day on.

A summary is history: a past day's views stay with the column they were counted in
(readership.day_columns), and in the site's figures after the article is deleted."""

import secrets
from datetime import timedelta

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone

from categories.models import Category

from . import day_columns
from .models import ColumnDay, DailyViews, DayFigures, SiteDay, WindowMark

# Every figure a summary holds (DayFigures' fields), summed from the daily rows.
FIGURES = [field.name for field in DayFigures._meta.local_fields]
# The longest period the dashboard shows: the days kept summarised.
KEPT_DAYS = 365
# What is read from the summaries or ranked from the settled days is kept this long, or
# until those days' rows change (forget, rewrite: a new generation).
KEPT_SECONDS = 24 * 3600
GENERATION = "readership:settled-generation"


def last_settled(today=None):
    """The latest settled day: the day before yesterday."""
    return (today or timezone.localdate()) - timedelta(days=2)


def sums():
    return {name: Sum(name) for name in FIGURES}


def fill(first, last):
    """Summarise each settled day from `first` to `last` that has no summary yet."""
    last = min(last, last_settled())
    if first > last:
        return
    done = set(SiteDay.objects.filter(day__range=(first, last)).values_list("day", flat=True))
    missing = [
        day
        for day in (first + timedelta(n) for n in range((last - first).days + 1))
        if day not in done
    ]
    if missing:
        write(missing)


def write(days):
    """Summaries of `days` from their daily rows, beside those another reader may have
    written meanwhile (the same figures: the days are settled). The columns' rows are
    summed and written by the database in one statement, not read into a thousand model
    instances and written back (most of a first view's summary: bench/README.md)."""
    day_columns.fill()
    quote = connection.ops.quote_name
    names = ", ".join(FIGURES)
    dates = [connection.ops.adapt_datefield_value(day) for day in sorted(set(days))]
    with transaction.atomic():
        with connection.cursor() as cursor:
            # A deleted column's views count in the site's figures alone.
            cursor.execute(
                f"INSERT INTO {quote(ColumnDay._meta.db_table)} (day, column_id, {names}) "
                f"SELECT day, column_id, {', '.join(f'SUM({name})' for name in FIGURES)} "
                f"FROM {quote(DailyViews._meta.db_table)} "
                f"WHERE day IN ({', '.join(['%s'] * len(dates))}) AND column_id IN "
                f"(SELECT id FROM {quote(Category._meta.db_table)}) "
                "GROUP BY day, column_id ON CONFLICT DO NOTHING",
                dates,
            )
        site = DailyViews.objects.filter(day__in=days).values("day").annotate(**sums()).order_by()
        found = {row.pop("day"): row for row in site}
        SiteDay.objects.bulk_create(
            [SiteDay(day=day, **found.get(day, {})) for day in sorted(set(days))],
            ignore_conflicts=True,
        )


def forget(days):
    """Drop the summaries of those of `days` that are settled: their daily rows changed."""
    settled = [day for day in set(days) if day <= last_settled()]
    if settled:
        ColumnDay.objects.filter(day__in=settled).delete()
        SiteDay.objects.filter(day__in=settled).delete()
        WindowMark.objects.update(through=None)  # the most read windows' made again
        renew()


def renew():
    """A new generation: what was kept of the settled days is not read again."""
    cache.set(GENERATION, secrets.token_hex(8), None)


def kept(name, first, last, compute):
    """What `compute()` gives of the settled days from `first` to `last`, kept for
    KEPT_SECONDS under the generation (a fresh one if the cache lost it)."""
    cache.add(GENERATION, secrets.token_hex(8), None)
    key = f"readership:settled:{cache.get(GENERATION)}:{name}:{first}:{last}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, KEPT_SECONDS)
    return found


def rewrite(first):
    """Summarise again every settled day from `first` (after an import into the daily rows)
    up to KEPT_DAYS back; how many days were written."""
    last = last_settled()
    first = max(first, last - timedelta(days=KEPT_DAYS - 1))
    with transaction.atomic():
        ColumnDay.objects.filter(day__gte=first).delete()
        SiteDay.objects.filter(day__gte=first).delete()
        WindowMark.objects.update(through=None)
        fill(first, last)
    renew()
    return max((last - first).days + 1, 0)


def site_days(first, last):
    """{day: views} of the settled days from `first` to `last`."""

    def read():
        fill(first, last)
        return dict(SiteDay.objects.filter(day__range=(first, last)).values_list("day", "views"))

    return kept("site", first, last, read)
