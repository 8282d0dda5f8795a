from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Max, OuterRef, Subquery
from django.utils.functional import cached_property

from categories.models import Category

from .keywords import Keyword
from .models import Article


class LatestUpdateMixin:
    """The sitemap index's lastmod for a section, from one aggregate instead of every item."""

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]

    def lastmod(self, item):
        return item.updated_at


class ColumnSitemap(LatestUpdateMixin, Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return Category.objects.order_by("tree_id", "lft")


class IdRangePaginator(Paginator):
    """Pages of ids: page N holds the items whose ids are in ((N - 1) × per_page, N × per_page].

    A page is one walk of the primary key's index, as cheap at the last page as at the first,
    with nothing counted (an offset would walk every item before the page, and the count every
    item); and a page keeps its items as new ones are added, since they go to the last page,
    so a crawler finds the older pages unchanged. A page may hold fewer than per_page items
    (ids of drafts and deleted articles), or none."""

    @cached_property
    def count(self):
        """The highest id of all items, listed or not: the pages are the ranges up to it. (Of
        the listed ones only, SQLite's planner would sort them all to find it.) So the last
        page lists none while its range holds only drafts."""
        everything = self.object_list.model._default_manager
        return everything.order_by("-pk").values_list("pk", flat=True).first() or 0

    def page(self, number):
        number = self.validate_number(number)
        first = (number - 1) * self.per_page
        ids = {"pk__gt": first, "pk__lte": first + self.per_page}
        return self._get_page(self.object_list.filter(**ids).order_by("pk"), number, self)


class ArticleSitemap(LatestUpdateMixin, Sitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = 1000

    def items(self):
        return Article.objects.published().only("pk", "updated_at")

    def get_latest_lastmod(self):
        """The last change of the listed articles: the last edit of a published one, or the
        last publication, since a scheduled article goes public with no edit. Each is one
        walk of an index (of the public articles only, SQLite's planner would sort them all
        to find the last edit)."""
        published = Article.objects.filter(status=Article.Status.PUBLISHED)
        edited = published.order_by("-updated_at").values_list("updated_at", flat=True)
        went_public = self.items().newest_first().values_list("published_at", flat=True)
        return max(filter(None, (edited.first(), went_public.first())), default=None)

    @property
    def paginator(self):
        return IdRangePaginator(self.items(), self.limit)


class TagSitemap(Sitemap):
    """Keywords that lead to at least one public article (a tag page of none is a 404)."""

    changefreq = "daily"
    priority = 0.4
    limit = 5000

    def items(self):
        # A scalar subquery, one short walk of the keyword's index to its newest public
        # article: PostgreSQL plans EXISTS as one join of every keyword row with every public
        # article (130 ms at 100,000 articles).
        newest = Article.objects.published().tagged(OuterRef("pk")).values("pk")[:1]
        return (
            Keyword.objects.alias(newest_public=Subquery(newest))
            .filter(newest_public__isnull=False)
            .order_by("name")
        )


sitemaps = {"columns": ColumnSitemap, "articles": ArticleSitemap, "tags": TagSitemap}
