from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef

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


class ArticleSitemap(LatestUpdateMixin, Sitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = 5000

    def items(self):
        return Article.objects.published().only("pk", "updated_at").order_by("-pk")


class TagSitemap(Sitemap):
    """Keywords that lead to at least one public article (a tag page of none is a 404)."""

    changefreq = "daily"
    priority = 0.4
    limit = 5000

    def items(self):
        public = Article.objects.published().filter(keyword_rows__keyword=OuterRef("pk"))
        return Keyword.objects.filter(Exists(public)).order_by("name")


sitemaps = {"columns": ColumnSitemap, "articles": ArticleSitemap, "tags": TagSitemap}
