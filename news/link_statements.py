"""An article page's link walks read by a statement that the ORM composes once per process
for each shape of walks, then filled with each page's values.

The ORM's UNION of the walks (read_walks: previous, next, the column's newest, one walk per
keyword) took about a third of a rendered article page's time to build and compile, though
from one page to the next only its values change. The shape is what changes the statement:
the database, and the kind and limit of each walk in their order. For each shape the ORM
composes the statement (walks_union) for an article of sentinel values, and where each
sentinel lands among the statement's parameters tells which of a page's values fills it.
"""

from datetime import UTC, datetime, timedelta
from functools import partial

from django.db import connections
from django.utils import timezone

from .models import Article, walks_union

# The public time and the article's date (adapted as dates), its id, its column, then each
# keyword walk's keyword and each walk's name: what fills a statement, in this order.
DATES = 2
_statements = {}


def read(article, limits):
    """The links that the article's walks named in `limits` ({name: limit}, as link_limits
    gives) find among the public articles now, by name: read_walks' links, as its query."""
    found = {name: [] for name in limits}
    if limits:
        alias = Article.objects.db
        shape = (alias, tuple((name.partition(":")[0], limit) for name, limit in limits.items()))
        statement = _statements.get(shape)
        if statement is None:
            statement = _statements[shape] = Statement(*shape)
        for link in statement.links(page_values(timezone.now(), article, limits)):
            found[link.walk].append(link)
    return found


def page_values(now, article, limits):
    """What fills a page's statement; the column walk's column is the article's, as
    link_limits names it."""
    keywords = [int(name.partition(":")[2]) for name in limits if name.startswith("keyword:")]
    return [now, article.published_at, article.pk, article.column_id, *keywords, *limits]


def sentinels(kinds, offset):
    """A time, an article and walk names of values found nowhere else in a statement: a date
    long past, ids beyond any table's; `offset` gives another such set."""
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
    return now, article, {names[kind](): limit for kind, limit in kinds}


class Statement:
    """The walks' UNION of one shape, as the ORM writes it, with the slot of each parameter:
    the index of the page's value that fills it, or None and the ORM's constant."""

    def __init__(self, alias, kinds):
        self.alias = alias
        compiler, sql, params, values = self.compile(kinds, 1)
        index = {value: position for position, value in enumerate(self.adapted(values))}
        if len(index) != len(values):
            raise AssertionError("Two sentinels of a link statement are equal.")
        self.sql = sql
        self.slots = [(index.get(param), param) for param in params]
        # The ORM's statement for other values must be this one, filled with them.
        _, other_sql, other_params, other_values = self.compile(kinds, 2)
        if (other_sql, list(other_params)) != (sql, self.fill(other_values)):
            raise AssertionError(f"The link statement of {kinds} is not filled by slots.")
        select, klass_info = compiler.select, compiler.klass_info
        fields = klass_info["select_fields"]
        self.model_columns = slice(fields[0], fields[-1] + 1)
        self.init_list = [column[0].target.attname for column in select[self.model_columns]]
        self.annotations = list(compiler.annotation_col_map.items())
        self.width = compiler.col_count if compiler.has_extra_select else None
        converters = compiler.get_converters([column[0] for column in select[: compiler.col_count]])
        self.converters = list(converters.items())

    def compile(self, kinds, offset):
        """The compiler, SQL and parameters of the ORM's statement for a set of sentinels, and
        those sentinels as a page's values."""
        now, article, limits = sentinels(kinds, offset)
        public = Article.objects.published(now)
        walks = {name: (partial(public.link_walk, article, name), n) for name, n in limits.items()}
        compiler = walks_union(walks).query.get_compiler(using=self.alias)
        sql, params = compiler.as_sql()
        return compiler, sql, params, page_values(now, article, limits)

    def adapted(self, values):
        adapt = connections[self.alias].ops.adapt_datetimefield_value
        return [adapt(value) for value in values[:DATES]] + values[DATES:]

    def fill(self, values):
        values = self.adapted(values)
        return [constant if slot is None else values[slot] for slot, constant in self.slots]

    def links(self, values):
        """The links that the statement finds for a page's values, as the ORM makes them
        (ModelIterable): deferred articles, with their walk's name as `walk`."""
        connection = connections[self.alias]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.fill(values))
            rows = cursor.fetchall()
        for row in rows:
            row = list(row[: self.width])
            for position, (converters, expression) in self.converters:
                for converter in converters:
                    row[position] = converter(row[position], expression, connection)
            link = Article.from_db(self.alias, self.init_list, row[self.model_columns])
            for name, position in self.annotations:
                setattr(link, name, row[position])
            yield link
