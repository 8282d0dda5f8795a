"""An article page's link walks read by a statement that the ORM composes once per process
for each shape of walks, then filled with each page's values.

The ORM's UNION of the walks (read_walks: previous, next, the column's newest, one walk per
keyword) took about a third of a rendered article page's time to build and compile, though
from one page to the next only its values change. The shape is what changes the statement:
the database, and the kind and limit of each walk in their order. For each shape the ORM
composes the statement (walks_union) once, for an article of sentinel values
(slotted_statements).
"""

from datetime import UTC, datetime, timedelta
from functools import partial

from django.utils import timezone

from .models import Article, walks_union
from .slotted_statements import SlottedStatement

_statements = {}


def read(article, limits):
    """The links that the article's walks named in `limits` ({name: limit}, as link_limits
    gives) find among the public articles now, by name: read_walks' links, as its query."""
    found = {name: [] for name in limits}
    if limits:
        alias = Article.objects.db
        kinds = tuple((name.partition(":")[0], limit) for name, limit in limits.items())
        statement = _statements.get((alias, kinds))
        if statement is None:
            statement = _statements[alias, kinds] = SlottedStatement(
                alias, compose, partial(sentinels, kinds)
            )
        for link in statement.instances(page_values(timezone.now(), article, limits)):
            found[link.walk].append(link)
    return found


def compose(now, article, limits):
    """The ORM's UNION of the walks named in `limits` from the article, among the articles
    public at `now`; each link with its walk's name as `walk`."""
    public = Article.objects.published(now)
    return walks_union(
        {name: (partial(public.link_walk, article, name), n) for name, n in limits.items()}
    )


def page_values(now, article, limits):
    """What fills a page's statement: the public time and the article's date, its id, its
    column (the column walk's, as link_limits names it), each keyword walk's keyword, then each
    walk's name."""
    keywords = [int(name.partition(":")[2]) for name in limits if name.startswith("keyword:")]
    return [now, article.published_at, article.pk, article.column_id, *keywords, *limits]


def sentinels(kinds, offset):
    """compose()'s arguments and their page values for a time, an article and walk names of
    values found nowhere else in a statement: a date long past, ids beyond any table's;
    `offset` gives another such set."""
    base = 2_000_000_000 + 100 * offset
    now = datetime(1901, 1, 1, tzinfo=UTC) + timedelta(hours=offset)
    article = Article(pk=base, column_id=base + 1, published_at=now + timedelta(days=1))
    keywords = iter(range(base + 2, base + 100))
    names = {
        "previous": lambda: "previous",
        "next": lambda: "next",
        "column": lambda: f"column:{article.column_id}",
        "keyword": lambda: f"keyword:{next(keywords)}",
    }
    limits = {names[kind](): limit for kind, limit in kinds}
    return (now, article, limits), page_values(now, article, limits)
