"""The readership figures read from the views per day (DailyViews)."""

from django.db.models import Sum

from .models import DailyViews


def before_statistics(article):
    """The article's views counted before its days were kept (an older total, an imported
    one): its total beyond the sum of its days. Both move in one step (news.counter), so
    this figure stays what it was when statistics began."""
    counted = DailyViews.objects.filter(article=article).aggregate(views=Sum("views"))["views"]
    return article.view_count - (counted or 0)
