"""The demo's readership: 60 days of plausible daily views, so that the dashboard and the
readers' lists are alive at `make run`."""

import math
import random
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from news.models import Article

from . import summaries
from .models import DailyViews

DEMO_DAYS = 60


def ensure_demo_views(days=DEMO_DAYS):
    """Give each public article views on each day of the last `days` since its publication:
    a start that fades over about two weeks, a long tail, quieter weekends, today so far;
    most views from distinct readers, a few crawlers' hits.
    Only into a site with no views per day yet (so loading again adds nothing, and a site
    with real figures gets none); each article's total grows by its days, as a hit's would.
    Returns how many rows were made."""
    today = timezone.localdate()
    with transaction.atomic():
        if DailyViews.objects.exists():
            return 0
        rows = []
        for article in Article.objects.published().only("pk", "published_at"):
            rows += article_days(article, today, days)
        DailyViews.objects.bulk_create(rows, batch_size=1000)
        summaries.forget({row.day for row in rows})
        totals = {}
        for row in rows:
            hits = row.views + row.crawler_views
            totals[row.article_id] = totals.get(row.article_id, 0) + hits
        for pk, views in totals.items():
            Article.objects.filter(pk=pk).update(view_count=F("view_count") + views)
    return len(rows)


def article_days(article, today, days):
    rng = random.Random(article.pk)  # the same figures on every fresh load
    published = timezone.localdate(article.published_at)
    interest = rng.uniform(20, 300)
    first = max(published, today - timedelta(days=days - 1))
    rows = []
    for offset in range((today - first).days + 1):
        day = first + timedelta(days=offset)
        age = (day - published).days
        expected = interest * math.exp(-age / 14) + rng.uniform(0, 4)
        if day.weekday() >= 5:
            expected *= 0.6
        if day == today:
            now = timezone.localtime()
            expected *= (now.hour * 60 + now.minute + 1) / (24 * 60)
        views = round(expected * rng.uniform(0.7, 1.3))
        if views:
            readers = max(1, round(views * rng.uniform(0.55, 0.85)))
            crawlers = rng.randint(0, 3)
            rows.append(
                DailyViews(
                    article_id=article.pk,
                    day=day,
                    views=views,
                    readers=readers,
                    crawler_views=crawlers,
                )
            )
    return rows
