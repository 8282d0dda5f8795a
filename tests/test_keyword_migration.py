"""The data migration gives articles saved before the keyword table their rows."""

import pytest

from .helpers import column_in, migrate_to_latest, news_app_at


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_articles_get_their_keyword_rows():
    old = news_app_at("0007_keyword_table")
    column = column_in(old)
    Article = old.get_model("news", "Article")
    tagged = Article.objects.create(
        title="甲", column=column, body="<p>正文</p>", keywords="园区,协同"
    )
    Article.objects.create(title="乙", column=column, body="<p>正文</p>", keywords="")

    new = news_app_at("0008_fill_keyword_table")
    rows = new.get_model("news", "ArticleKeyword").objects.order_by("keyword__name")

    assert [(row.article_id, row.keyword.name) for row in rows] == [
        (tagged.pk, "协同"),
        (tagged.pk, "园区"),
    ]
    assert {row.published_at for row in rows} == {tagged.published_at}
    migrate_to_latest()
