"""Keywords in their own table: what tag pages and related articles read.

`Article.keywords` stays the editor's text (and the import format's field); on every save the
article's rows here are rewritten from it. Each row carries the article's publication date,
so that a tag page walks the index (keyword, date) newest first and stops at its page.
"""

from django.db import models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .aggregates import JSONList
from .text import split_keywords


class Keyword(models.Model):
    name = models.CharField(_("keyword"), max_length=200, unique=True)

    class Meta:
        verbose_name = _("keyword")
        verbose_name_plural = _("keywords")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("tag", kwargs={"keyword": self.name})


class ArticleKeywordQuerySet(models.QuerySet):
    def replace_for(self, articles):
        """Rewrite the rows of these saved articles from their `keywords` text."""
        articles = list(articles)
        names = {name for article in articles for name in split_keywords(article.keywords)}
        with transaction.atomic():
            Keyword.objects.bulk_create(
                [Keyword(name=name) for name in names], ignore_conflicts=True
            )
            ids = dict(Keyword.objects.filter(name__in=names).values_list("name", "pk"))
            self.filter(article__in=[article.pk for article in articles]).delete()
            self.bulk_create(
                ArticleKeyword(
                    article_id=article.pk, keyword_id=ids[name], published_at=article.published_at
                )
                for article in articles
                for name in split_keywords(article.keywords)
            )


class ArticleKeyword(models.Model):
    article = models.ForeignKey(
        "news.Article", on_delete=models.CASCADE, related_name="keyword_rows", db_index=False
    )
    keyword = models.ForeignKey(Keyword, on_delete=models.CASCADE, related_name="+", db_index=False)
    # Both foreign keys lead the two indexes below, so neither needs one of its own.
    # The article's own date, copied: ordering a tag's articles needs no join before the limit.
    published_at = models.DateTimeField()

    objects = ArticleKeywordQuerySet.as_manager()

    class Meta:
        verbose_name = _("article keyword")
        verbose_name_plural = _("article keywords")
        constraints = [
            models.UniqueConstraint(fields=["article", "keyword"], name="article_keyword_once")
        ]
        indexes = [
            models.Index(
                fields=["keyword", "-published_at", "-article"], name="keyword_newest_first"
            )
        ]

    def __str__(self):
        return f"{self.article_id}: {self.keyword_id}"


def ids_with_article():
    """The article's keyword ids as one JSON value of its own row (see Article.keyword_ids)."""
    rows = (
        ArticleKeyword.objects.filter(article=models.OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(ids=JSONList("keyword_id"))
        .values("ids")
    )
    return models.Subquery(rows, output_field=models.JSONField())
