from django.contrib.sitemaps import Sitemap

from categories.models import Category

from .models import Article


class ColumnSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return Category.objects.order_by("tree_id", "lft")

    def lastmod(self, column):
        return column.updated_at


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8
    limit = 5000

    def items(self):
        return Article.objects.published().only("pk", "updated_at").order_by("-pk")

    def lastmod(self, article):
        return article.updated_at


sitemaps = {"columns": ColumnSitemap, "articles": ArticleSitemap}
