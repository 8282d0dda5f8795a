from django.contrib.sitemaps import Sitemap
from django.db.models import Max

from .models import Topic


class TopicSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return Topic.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, topic):
        return topic.updated_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]
