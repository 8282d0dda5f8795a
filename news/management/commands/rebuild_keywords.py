from django.core.management.base import BaseCommand

from news.keywords import ArticleKeyword
from news.models import Article

BATCH = 2000


class Command(BaseCommand):
    help = (
        "Rewrite the keyword table (tag pages, related articles) from every article's "
        "keywords, after bulk inserts or SQL that bypassed Article.save()."
    )

    def handle(self, **options):
        articles = Article.objects.only("pk", "keywords", "published_at").order_by("pk")
        last_pk, count = 0, 0
        while batch := list(articles.filter(pk__gt=last_pk)[:BATCH]):
            ArticleKeyword.objects.replace_for(batch)
            last_pk, count = batch[-1].pk, count + len(batch)
        self.stdout.write(self.style.SUCCESS(f"Keyword rows rewritten for {count} articles."))
