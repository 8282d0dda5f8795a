"""The data migration gives articles saved before the keyword table their rows."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("news", "0007_keyword_table")
FILLED = ("news", "0008_fill_keyword_table")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_articles_get_their_keyword_rows():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    # Other apps stay as they are: only news goes back to before the keyword table.
    others = [node for node in latest if node[0] != "news"]
    executor.migrate([BEFORE, *others])
    old = executor.loader.project_state([BEFORE, *others]).apps
    column = old.get_model("categories", "Category").objects.create(
        name="栏目", slug="column", lft=1, rght=2, tree_id=1, level=0
    )
    Article = old.get_model("news", "Article")
    tagged = Article.objects.create(
        title="甲", column=column, body="<p>正文</p>", keywords="园区,协同"
    )
    Article.objects.create(title="乙", column=column, body="<p>正文</p>", keywords="")

    executor = MigrationExecutor(connection)
    executor.migrate([FILLED, *others])
    new = executor.loader.project_state([FILLED, *others]).apps
    rows = new.get_model("news", "ArticleKeyword").objects.order_by("keyword__name")

    assert [(row.article_id, row.keyword.name) for row in rows] == [
        (tagged.pk, "协同"),
        (tagged.pk, "园区"),
    ]
    assert {row.published_at for row in rows} == {tagged.published_at}
    MigrationExecutor(connection).migrate(latest)
