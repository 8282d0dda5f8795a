import html
import re
from datetime import timedelta

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from news.models import Article

CLOSED_PORT_REDIS = "redis://127.0.0.1:9/2"  # the discard port: nothing listens there
# The staff groups, as migrations name them: reporters write and submit, chief editors publish.
EDITORS = "编辑"
CHIEF_EDITORS = "主编"


def hourly_articles(column, count=1000, **flags):
    """`count` public articles of the column titled 文章 0, 文章 1, …, an hour apart, newest
    first; each flag a function of n."""
    Article.objects.bulk_create(
        Article(
            column=column,
            title=f"文章 {n}",
            body="<p>正文</p>",
            status=Article.Status.PUBLISHED,
            published_at=timezone.now() - timedelta(hours=n),
            **{name: flag(n) for name, flag in flags.items()},
        )
        for n in range(count)
    )


def text_of(markup):
    """The text a reader sees in a piece of HTML, whitespace folded."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def section(markup, css_class, tag):
    """The first <tag class="css_class">…</tag> of the page (not nested in itself)."""
    match = re.search(rf'<{tag} class="{css_class}"[^>]*>.*?</{tag}>', markup, re.S)
    assert match, f"no {tag}.{css_class} on the page"
    return match.group(0)


def tree_is_valid(columns):
    """Each tree's lft/rght values are exactly 1..2n, as django-mptt requires."""
    trees = {}
    for column in columns:
        trees.setdefault(column.tree_id, []).extend([column.lft, column.rght])
    return all(sorted(v) == list(range(1, len(v) + 1)) for v in trees.values())


def article_form(column, article=None, **overrides):
    """Everything the admin's article add/change form posts, with an empty attachments inline;
    given the article being changed, the form is as opened on it now (status and version)."""
    data = {
        "title": "数字经济赋能产业集群",
        "summary": "",
        "body": "<p>第一段正文。</p>",
        "column": column.pk,
        "status": "draft",
        "published_at_0": "2024-01-05",
        "published_at_1": "10:00:00",
        "source": "高新院",
        "source_url": "",
        "author": "",
        "keywords": "数字经济,产业集群",
        "pin": "",
        "pinned_until_0": "",
        "pinned_until_1": "",
        "expires_at_0": "",
        "expires_at_1": "",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    if article is not None:
        data.update(status=article.status, opened_version=article.version)
    data.update(overrides)
    return data


def news_app_at(migration):
    """Migrate the news app alone (the others stay as they are) to `migration`; return the
    models as they were then, for tests of data migrations."""
    executor = MigrationExecutor(connection)
    others = [node for node in executor.loader.graph.leaf_nodes() if node[0] != "news"]
    target = [("news", migration), *others]
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def migrate_to_latest():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def column_in(apps):
    """A column made with the models of an older state."""
    return apps.get_model("categories", "Category").objects.create(
        name="栏目", slug="column", lft=1, rght=2, tree_id=1, level=0
    )
