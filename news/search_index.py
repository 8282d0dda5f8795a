"""The search index: the character bigrams of an article's searchable text, as CJK analyzers
(Lucene's CJKAnalyzer) make them, so that a two-character Chinese word, which has no trigram,
is still found through an index: a GIN index on PostgreSQL, an FTS5 table on SQLite.

A bigram is two adjacent letters or digits of one run (never across a space or punctuation),
case-folded. A word's bigrams are all in a text that contains the word, so they narrow the
search to a few rows, and the substring test (icontains) decides among those; a word that
is one bigram is decided by the index alone. Single characters get no entry: one-character
words are searched by the substring test, as before, and entries for them would mostly
repeat the bigrams'. The title's bigrams are also entries of their own, marked, so that the
index narrows the title matches that the search puts first.
"""

import re
from operator import add

from django.db import OperationalError, connections
from django.db.models import BooleanField, F, Func, Q, TextField
from django.db.models.expressions import RawSQL

RUN = re.compile(r"[^\W_]+")
FTS_TABLE = "news_article_search"
TITLE_MARK = "t"
_fts_ready = {}


def fold(text):
    # lower() maps each character on its own but for the Greek final sigma; folding that too
    # keeps a word's folded form a substring of the folded text it occurs in.
    return text.lower().replace("ς", "σ")


def grams(text):
    """The distinct case-folded bigrams of adjacent letters/digits in `text`."""
    found = set()
    for run in RUN.findall(text):
        run = fold(run)
        found.update(map(add, run, run[1:]))
    return found


def in_title(found):
    """The title's bigrams as entries of their own (a bigram has two characters, these three),
    so that the index also says which articles have a word in the title, and the planner
    knows how many do: the search takes those first."""
    return {TITLE_MARK + gram for gram in found}


def search_grams(title, summary, body_text):
    """What Article.search_grams stores: the bigrams of all three texts and, marked, those of
    the title; space-separated."""
    title_grams = grams(title)
    return " ".join(sorted(title_grams | grams(summary) | grams(body_text) | in_title(title_grams)))


def is_one_gram(word):
    """Whether the index alone decides that a text contains `word`: it is two letters/digits
    that fold to two characters, i.e. exactly one bigram."""
    return len(word) == 2 and RUN.fullmatch(word) is not None and len(fold(word)) == 2


class SearchGramsField(TextField):
    """The entries, space-separated; stored on PostgreSQL as a text[], which its GIN index
    reads as it is and a row's test reads without splitting a string."""

    def db_type(self, connection):
        return "text[]" if connection.vendor == "postgresql" else super().db_type(connection)

    def get_db_prep_value(self, value, connection, prepared=False):
        value = super().get_db_prep_value(value, connection, prepared)
        if connection.vendor == "postgresql" and isinstance(value, str):
            return array_literal(value)
        return value

    def from_db_value(self, value, expression, connection):
        return " ".join(value) if isinstance(value, list) else value

    def get_placeholder(self, value, compiler, connection):
        # Sent as one text[] literal: psycopg adapts a list element by element, 7 ms for an
        # article's 1,200 bigrams (most of an import's time), where the database reads the
        # literal at once. Having a placeholder also keeps bulk_create from PostgreSQL's
        # UNNEST form, which takes no arrays.
        return "%s::text[]" if connection.vendor == "postgresql" else "%s"


def array_literal(entries):
    """PostgreSQL's literal of the array of these space-separated entries, each quoted."""
    entries = " ".join(entries.split())
    if not entries:
        return "{}"
    escaped = entries.replace("\\", "\\\\").replace('"', '\\"')
    return '{"' + escaped.replace(" ", '","') + '"}'


class HasGrams(Func):
    """PostgreSQL: the row's entries include all of `wanted` (what the GIN index answers)."""

    output_field = BooleanField()
    template = "%(expressions)s @> %(wanted)s::text[]"

    def __init__(self, wanted):
        super().__init__(F("search_grams"))
        self.wanted = sorted(wanted)

    def as_sql(self, compiler, connection, **extra):
        sql, params = super().as_sql(compiler, connection, wanted="%s", **extra)
        return sql, (*params, self.wanted)


class InFtsRows(Func):
    """SQLite: the row is among those of the FTS5 table whose bigrams include all of `wanted`
    (each a quoted string of the query, double quotes doubled).

    The unary plus keeps the planner from driving the query from that list of rows: with its
    statistics (config.sqlite3) it would, then test and sort every row of a common word (270
    ms for two words at 100,000 articles). It walks the date index instead, testing each id
    against the list, and stops at the limit: 14 ms for those words, 12 ms at most for a
    rare one."""

    output_field = BooleanField()
    template = f"+%(expressions)s IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %%s)"

    def __init__(self, wanted):
        super().__init__(F("pk"))
        self.match = " AND ".join('"{}"'.format(gram.replace('"', '""')) for gram in sorted(wanted))

    def as_sql(self, compiler, connection, **extra):
        sql, params = super().as_sql(compiler, connection, **extra)
        return sql, (*params, self.match)


def fts_ready(connection):
    """Whether this SQLite database has the FTS5 index (its migration makes it when the SQLite
    library has FTS5); looked up once per database and process."""
    name = str(connection.settings_dict["NAME"])
    if name not in _fts_ready:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [FTS_TABLE]
            )
            _fts_ready[name] = cursor.fetchone() is not None
    return _fts_ready[name]


def holding(index, wanted):
    """A condition for the rows whose entries include all of `wanted`, with `index`."""
    if not wanted:
        return Q()
    if index == "postgresql":
        return Q(HasGrams(wanted))
    return Q(InFtsRows(wanted))


def newest_passing(candidates, test, limit):
    """The pks of the first `limit` rows of `candidates` (a queryset, newest first) that pass
    `test` (a Q on the same model): those the index narrowed, then the substring test.

    PostgreSQL estimates a bigram condition by multiplying the bigrams' frequencies, and a
    substring test as few rows, so the plain filter made it expect a handful of rows and test
    every candidate of a common word (tens of thousands, reading their texts), then sort them.
    Here the candidates are ordered in a subquery that OFFSET 0 fences from the test, so the
    planner weighs only the bigram condition, walking the date index for a common word and
    sorting the few candidates of a rare one; the test is a scalar subquery per candidate row
    above it (never turned into a join, which would plan the candidates for all rows), and
    stops at the limit. The subquery's order reaches the LIMIT unchanged: no ORDER BY above
    it, which would again plan the candidates for all rows. Django's ORM has no subquery in
    FROM: this is the one place of raw SQL, built from the ORM's own compiled queries."""
    if not test:
        return candidates.values("pk")[:limit]
    if connections[candidates.db].vendor != "postgresql":
        return candidates.filter(test).values("pk")[:limit]
    ids, ids_params = _compiled(candidates.values("pk"))
    passes, passes_params = _compiled(
        candidates.model._base_manager.using(candidates.db)
        .filter(pk=RawSQL("candidate.pk", ()))
        .order_by()
        .annotate(passes=test)
        .values("passes")
    )
    bound, bound_params = ("LIMIT %s", [limit]) if limit is not None else ("", [])
    return RawSQL(
        f"SELECT candidate.pk FROM ({ids} OFFSET 0) AS candidate WHERE ({passes}) {bound}",
        (*ids_params, *passes_params, *bound_params),
    )


def _compiled(queryset):
    return queryset.query.get_compiler(using=queryset.db).as_sql()


def index_for(using):
    """'postgresql', 'fts5' or None: which index the database `using` offers the search."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        return "postgresql"
    if connection.vendor == "sqlite" and fts_ready(connection):
        return "fts5"
    return None


# PostgreSQL: a GIN index on the text[] of entries (array_ops): neither the text-search parser
# nor the database's locale takes part.
PG_INDEX = "news_article_search_grams"
PG_CREATE_INDEX = f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON news_article USING gin (search_grams)"
PG_DROP_INDEX = f"DROP INDEX IF EXISTS {PG_INDEX}"


# SQLite: an FTS5 table over news_article.search_grams (external content: the bigrams are stored
# once, in the article table), one token per bigram: the ascii tokenizer splits on the spaces
# only (bigrams have no ASCII punctuation) and changes no non-ASCII character; detail=none
# because only whether a row has a bigram is asked.
SQLITE_CREATE_TABLE = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(search_grams, content='news_article', "
    "content_rowid='id', tokenize='ascii', detail='none')"
)
_DELETE_OLD = (
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_grams) "
    "VALUES ('delete', old.id, old.search_grams);"
)
_INSERT_NEW = f"INSERT INTO {FTS_TABLE}(rowid, search_grams) VALUES (new.id, new.search_grams);"
SQLITE_TRIGGERS = {
    f"{FTS_TABLE}_insert": f"AFTER INSERT ON news_article BEGIN {_INSERT_NEW} END",
    f"{FTS_TABLE}_delete": f"AFTER DELETE ON news_article BEGIN {_DELETE_OLD} END",
    f"{FTS_TABLE}_update": (
        "AFTER UPDATE OF search_grams ON news_article "
        f"WHEN old.search_grams IS NOT new.search_grams BEGIN {_DELETE_OLD} {_INSERT_NEW} END"
    ),
}


def create_sqlite_index(connection):
    """Make the FTS5 table, fill it from the articles, and the triggers that keep it in step.
    Does nothing when the SQLite library has no FTS5: the search then tests every row."""
    _fts_ready.clear()
    with connection.cursor() as cursor:
        try:
            cursor.execute(SQLITE_CREATE_TABLE)
        except OperationalError as error:
            if "fts5" not in str(error):
                raise
            return
    ensure_sqlite_triggers(connection)


def ensure_sqlite_triggers(connection):
    """Put back any missing trigger and, if one was, fill the index again from the articles.
    Run after every migrate: to alter a table Django's SQLite backend makes a new one and
    drops the old one, and its triggers with it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'news_article'"
        )
        missing = set(SQLITE_TRIGGERS) - {name for (name,) in cursor.fetchall()}
        for name in sorted(missing):
            cursor.execute(f"CREATE TRIGGER {name} {SQLITE_TRIGGERS[name]}")
        if missing:
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def drop_sqlite_index(connection):
    _fts_ready.clear()
    with connection.cursor() as cursor:
        for name in SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def repair_after_migrate(using, **kwargs):
    """post_migrate: on SQLite with the FTS5 index, keep its triggers in place."""
    connection = connections[using]
    if connection.vendor == "sqlite" and fts_ready(connection):
        ensure_sqlite_triggers(connection)
