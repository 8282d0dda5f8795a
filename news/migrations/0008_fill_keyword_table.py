from django.db import migrations

from news.text import split_keywords

BATCH = 2000


def fill(apps, schema_editor):
    """Keyword rows for the articles saved before the table existed."""
    Article = apps.get_model("news", "Article")
    Keyword = apps.get_model("news", "Keyword")
    ArticleKeyword = apps.get_model("news", "ArticleKeyword")
    articles = Article.objects.exclude(keywords="").only("pk", "keywords", "published_at")
    last_pk = 0
    while batch := list(articles.filter(pk__gt=last_pk).order_by("pk")[:BATCH]):
        last_pk = batch[-1].pk
        names = {name for article in batch for name in split_keywords(article.keywords)}
        Keyword.objects.bulk_create([Keyword(name=n) for n in names], ignore_conflicts=True)
        ids = dict(Keyword.objects.filter(name__in=names).values_list("name", "pk"))
        ArticleKeyword.objects.bulk_create(
            [
                ArticleKeyword(article_id=a.pk, keyword_id=ids[n], published_at=a.published_at)
                for a in batch
                for n in split_keywords(a.keywords)
            ],
            ignore_conflicts=True,
        )


class Migration(migrations.Migration):
    dependencies = [("news", "0007_keyword_table")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
