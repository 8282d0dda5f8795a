import ast
import html
import re
import threading
import urllib.request
from datetime import timedelta

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from news.models import Article
from readership.models import DailyViews
from uploads.documents import KINDS

CLOSED_PORT_REDIS = "redis://127.0.0.1:9/2"  # the discard port: nothing listens there
# The staff groups, as migrations name them: reporters write and submit, chief editors publish.
EDITORS = "编辑"
CHIEF_EDITORS = "主编"
AUDITORS = "审计员"

# The statements a hit of a reader on the `db` counter adds for its day: none on PostgreSQL
# (the one statement counts all), two on SQLite: the reader seen, the day (news.counter).
DAY_STATEMENTS = 0 if connection.vendor == "postgresql" else 2


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


# Words a Chinese interface keeps as they are: names of standards, formats and products.
ALLOWED_WORDS = {
    "ICP",  # the ICP filing number (ICP备案号)
    "SEO",  # search-engine fields, as DedeCMS names them (SEO标题)
    "IP",  # an IP address (IP 地址)
    "ID",  # a DedeCMS record's number (织梦 ID)
    "RSS",  # the feeds, in the footer of the error pages
    "CSV",  # the audit log's download (下载 CSV)
    *("HTML", "SVG", "JPEG", "PNG", "GIF", "WebP"),  # formats, in the upload checks' messages
    *(kind.label for kind in KINDS.values()),  # attachments' kinds: PDF, Word, Excel…
    "DedeCMS",  # the system sites are imported from
    "CKEditor",  # the body editor
    *("Control", "Command", "Mac"),  # keys as printed on them (Django's translations)
    "LDAP",  # a directory service (Django's help on a user's password)
    "TOTP",  # time-based one-time codes, the standard of two-step login's apps
    *("KB", "MB", "GB", "TB", "PB"),  # file sizes
    "chanyeguihua",  # pinyin: the column slug's help shows 产业规划's
}
# Addresses are not words of the interface.
ADDRESS = re.compile(r"(?:https?|mailto):\S*")
# A run of Latin letters, digits and the signs that join them: a word, or a name (md5, a file
# name, a path, a masked hash, IPv4) when anything but letters stands inside it.
LATIN_RUN = re.compile(r"[A-Za-z0-9_*./@:%+-]+")


def english_words(text):
    """The English words of a text, but those in ALLOWED_WORDS."""
    words = []
    for run in LATIN_RUN.findall(ADDRESS.sub(" ", text)):
        word = run.strip(".:%+-")
        if re.fullmatch(r"[A-Za-z]+(?:-[A-Za-z]+)*", word):
            words += [part for part in word.split("-") if part not in ALLOWED_WORDS]
    return words


def po_entries(path):
    """(msgid, msgstr, flags, msgid_plural) for each entry of a .po file, header and obsolete
    ones left out; an entry with a context has the compiled catalogue's key for its msgid,
    "context\x04msgid"."""
    text = path.read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        lines = [line for line in block.strip().splitlines() if not line.startswith("#~")]
        if not any(line.startswith("msgid ") for line in lines):
            continue
        flags = " ".join(line for line in lines if line.startswith("#,"))
        fields, current = {}, None
        for line in lines:
            match = re.match(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[0\])?) (\".*\")$", line)
            if match:
                current = match.group(1).replace("[0]", "")
                fields[current] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        if fields.get("msgid"):
            key = "\x04".join(filter(None, [fields.get("msgctxt"), fields["msgid"]]))
            yield key, fields.get("msgstr", ""), flags, fields.get("msgid_plural")


def text_of(markup):
    """The text a reader sees in a piece of HTML, whitespace folded."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def section(markup, css_class, tag):
    """The first <tag class="css_class">…</tag> of the page (not nested in itself)."""
    match = re.search(rf'<{tag} class="{css_class}"[^>]*>.*?</{tag}>', markup, re.S)
    assert match, f"no {tag}.{css_class} on the page"
    return match.group(0)


def content_of(article):
    """The article's text and date as its form shows them, so that a form sent unchanged
    changes nothing."""
    names = ("title", "summary", "body", "source", "source_url", "author", "keywords")
    date = timezone.localtime(article.published_at)
    return {
        **{name: getattr(article, name) for name in names},
        "published_at_0": date.strftime("%Y-%m-%d"),
        "published_at_1": date.strftime("%H:%M:%S.%f"),
    }


def published_through_the_form(client, column, **fields):
    """An article a chief editor (the client) wrote and published with the add form."""
    client.post("/admin/news/article/add/", article_form(column, button="_publish", **fields))
    return Article.objects.get(title=fields["title"])


def unpublish(client, article, follow=False):
    """The article list's 撤回 action on one article, confirmed on the page it asks on."""
    data = {"action": "unpublish", "_selected_action": [article.pk], "index": 0, "apply": "1"}
    return client.post("/admin/news/article/", data, follow=follow)


def decide(client, submission, button="_approve", comment=""):
    """A stage's decision on the review page ("_approve" or "_send_back"), sent as the page
    the client opens sends it (with what the page showed, its `reviewed` token)."""
    address = f"/admin/newsroom/submission/{submission.pk}/change/"
    shown = re.search(r'name="reviewed" value="([^"]*)"', client.get(address).content.decode())
    data = {button: "1", "comment": comment, "reviewed": shown.group(1) if shown else ""}
    return client.post(address, data)


def changelist_rows(markup):
    """The text of each row of an admin list's results, in order."""
    table = re.search(r'<table id="result_list">.*?</table>', markup, re.S)
    assert table, "no results table on the page"
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(0).split("</thead>")[-1], re.S)
    return [text_of(row) for row in rows]


def tree_is_valid(columns):
    """Each tree's lft/rght values are exactly 1..2n, as django-mptt requires."""
    trees = {}
    for column in columns:
        trees.setdefault(column.tree_id, []).extend([column.lft, column.rght])
    return all(sorted(v) == list(range(1, len(v) + 1)) for v in trees.values())


def article_form(column, article=None, button="_save", **overrides):
    """Everything the admin's article add/change form posts, with empty attachments and
    pictures inlines, sent with one of the form's buttons (newsroom.workflow.Intent: "_save",
    "_submit", "_publish"); given the article being changed, the form is as
    opened on it now (its version)."""
    data = {
        "title": "数字经济赋能产业集群",
        "summary": "",
        "body": "<p>第一段正文。</p>",
        "column": column.pk,
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
        "pictures-TOTAL_FORMS": "0",
        "pictures-INITIAL_FORMS": "0",
        "pictures-MIN_NUM_FORMS": "0",
        "pictures-MAX_NUM_FORMS": "1000",
        button: "1",
    }
    if article is not None:
        data.update(opened_version=article.version)
    data.update(overrides)
    return data


def news_app_at(migration):
    """Migrate the news app (and the apps whose records refer to articles, the newsroom,
    the inspection, the readership, the gallery and the topics, back to before their first
    migration; the other apps stay as they are) to `migration`; return the models as they were
    then, for tests of data migrations."""
    executor = MigrationExecutor(connection)
    referring = ("newsroom", "inspection", "readership", "gallery", "topics")
    others = [
        node for node in executor.loader.graph.leaf_nodes() if node[0] not in ("news", *referring)
    ]
    target = [("news", migration), *others]
    executor.migrate([*target, *((app, None) for app in referring)])
    return executor.loader.project_state(target).apps


def migrate_to_latest():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def column_in(apps):
    """A column made with the models of an older state."""
    return apps.get_model("categories", "Category").objects.create(
        name="栏目", slug="column", lft=1, rght=2, tree_id=1, level=0
    )


def add_days(article, today, **days_ago):
    """Rows of views per day: days_ago={"d0": 5, "d8": (100, 2)} means 5 views by 5 readers
    today, 100 views by 2 readers eight days ago."""
    for key, figures in days_ago.items():
        views, readers = figures if isinstance(figures, tuple) else (figures, figures)
        day = today - timedelta(days=int(key[1:]))
        DailyViews.objects.create(article=article, day=day, views=views, readers=readers)


def concurrent_hits(url, agents, hits_each):
    """A GET of `url` by a first reader, then `hits_each` by each User-Agent of `agents`, a
    thread each, all at once; the errors met. The first reader renders the page and keeps
    it, as on a site already up: the tests' SQLite database in memory answers "table is
    locked" (not waiting) to the writers of many first renderings at once."""
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
    failures = []

    def read_many(agent):
        request = urllib.request.Request(url, headers={"User-Agent": agent})
        for _ in range(hits_each):
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    response.read()
            except OSError as error:
                failures.append(error)

    workers = [threading.Thread(target=read_many, args=[agent]) for agent in agents]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return failures
