"""The search index: the character bigrams of an article's searchable text, as CJK analyzers
(Lucene's CJKAnalyzer) make them, so that a two-character Chinese word, which has no trigram,
is still found through an index: a GIN index on PostgreSQL, an FTS5 table on SQLite.

A bigram is two adjacent letters or digits of one run (never across a space or punctuation),
case-folded. A word's bigrams are all in a text that contains the word, so they narrow the
search to a few rows, and the substring test (icontains) decides among those; a word that
is one bigram is decided by the index alone.

Single characters are entries too (unigrams beside the bigrams), so that a one-character
word (`鑫`, a surname, `A` in `A-B`) is looked up like a two-character one rather than
tested against every text: without them, a search of `鑫 淼` tested the text of every
article, seconds at 100,000 articles. The other way out, a rule that a one-character word
must come with a longer one, would refuse what a reader of Chinese may fairly search for,
and would not hold: with a common word (`鑫 发展`) the character would still be tested
against the text of every article holding that word.

The cost is the index's size. An article has fewer distinct characters than bigrams, but a
common character is in nearly every article, and its posting list is as long as the table:
in the benchmark's database (100,000 articles made of 20 phrases, so that every
character is common) the entries went from 194 to 372 a row and the GIN index from 33 to
77-95 MB (bench/README.md); a real archive, with more rare characters, grows less. A word
whose runs are all two or more characters long looks up only its bigrams: its characters
would narrow nothing more.

The title's entries are also entries of their own, marked, so that the index narrows the
title matches that the search puts first: a bigram as TITLE_MARK + bigram (three
characters), a character as TITLE_CHAR_MARK + character (three characters too, beginning
otherwise, so no entry stands for two things).
"""

import re
import time
from operator import add

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import OperationalError, connections
from django.db.models import BooleanField, F, Func, Q, TextField
from django.db.models.expressions import RawSQL

RUN = re.compile(r"[^\W_]+")
FTS_TABLE = "news_article_search"
TITLE_MARK = "t"
TITLE_CHAR_MARK = "ct"
_fts_ready = {}


def fold(text):
    # lower() maps each character on its own but for the Greek final sigma; folding that too
    # keeps a word's folded form a substring of the folded text it occurs in.
    return text.lower().replace("ς", "σ")


def runs(text):
    return [fold(run) for run in RUN.findall(text)]


def grams(text):
    """The distinct case-folded bigrams of adjacent letters/digits in `text`."""
    found = set()
    for run in runs(text):
        found.update(map(add, run, run[1:]))
    return found


def entries(text):
    """What the index holds for `text`: its bigrams and its letters/digits, case-folded."""
    return grams(text).union(*runs(text))


def word_entries(word):
    """The entries that every text containing `word` holds: its bigrams, and the character
    of each run of one (a longer run's characters are in its bigrams)."""
    return grams(word) | {run for run in runs(word) if len(run) == 1}


def in_title(found):
    """The title's entries marked as such, so that the index also says which articles have a
    word in the title, and the planner knows how many do: the search takes those first."""
    return {(TITLE_CHAR_MARK if len(entry) == 1 else TITLE_MARK) + entry for entry in found}


def search_grams(title, summary, body_text):
    """What Article.search_grams stores: the entries of all three texts and, marked, those of
    the title; space-separated."""
    title_entries = entries(title)
    found = title_entries | entries(summary) | entries(body_text) | in_title(title_entries)
    return " ".join(sorted(found))


def is_one_entry(word):
    """Whether the index alone decides that a text contains `word`: it is one or two
    letters/digits that fold to as many characters, i.e. exactly one entry."""
    return len(word) <= 2 and RUN.fullmatch(word) is not None and len(fold(word)) == len(word)


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
        self.match = fts_match(wanted)

    def as_sql(self, compiler, connection, **extra):
        sql, params = super().as_sql(compiler, connection, **extra)
        return sql, (*params, self.match)


def fts_match(wanted):
    """The FTS5 query of the rows holding all of `wanted`: each entry quoted, double quotes
    doubled."""
    return " AND ".join('"{}"'.format(gram.replace('"', '""')) for gram in sorted(wanted))


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


# A search sorts the index's candidates when there can be at most this many; otherwise it
# walks the newest public rows, at most WALKED of them, before it sorts them all.
SORTED = 10_000
WALKED = 1_000
# The same for title matches, walked in the titles' index (PG_TITLES_INDEX), where a row costs
# a few times less than a candidate read from the table: so more are walked, and only the
# candidates of rarer entries sorted.
TITLES_SORTED = 2_000
TITLES_WALKED = 3_000
# How long a process keeps the planner's statistics of the entries (ANALYZE renews them).
STATISTICS_SECONDS = 600
_statistics = {}


def newest_passing(rows, index, wanted, test, limit, titles=False, sorts=None):
    """The pks of the first `limit` rows of `rows` (a queryset), newest first, that hold the
    entries `wanted` (with `index`) and pass `test` (the substring test and the like).
    `titles`: `test` reads the title alone and decides by itself (the entries only narrow),
    so that on PostgreSQL the walk reads the titles' index and never the table.

    A sort of the index's candidates costs what they are, so it suits rare words; a walk
    newest first costs what it reads until the limit, so it suits common ones. PostgreSQL
    chose between them by an estimate that multiplies the entries' frequencies as if they
    were independent, and the entries of one word are not: a search of `代 务`, two
    characters of one word, walked the whole table (5.8 s at 100,000 articles) for the 9
    rows that held both. The choice is made here on a bound instead: no more rows hold all
    the entries than hold the rarest (most_candidates). Under SORTED, the candidates are read
    through the index (a bitmap scan, fenced by OFFSET 0 from any order, so that no walk is
    planned), sorted newest first and tested until the limit. Otherwise the newest WALKED
    public rows are walked, each tested in a subquery of its own row, until the limit; only
    if they held fewer (a word common in older news only) are all the candidates sorted and
    tested, in the same statement.

    Django's ORM has no subquery in FROM: this is the one place of raw SQL, written around
    the WHERE clause of `rows` and the conditions as the ORM compiles them (_Table).
    Elsewhere, and without a limit, a plain filter: SQLite walks its date index testing each
    row against the FTS table's list (InFtsRows).

    `sorts`: the choice between the two, when made already (candidate_sorts())."""
    if limit is None or connections[rows.db].vendor != "postgresql":
        narrowing = holding(index, wanted)
        return rows.filter(narrowing).filter(test).newest_first().values("pk")[:limit]
    table = _Table(rows)
    grams, grams_params = table.holding(wanted)
    held = f"SELECT {table.name}.id AS pk, {table.name}.published_at {table.rows} AND {grams}"
    held_params = (*table.params, *grams_params)
    held_test, held_test_params = table.passes(test)
    if sorts is None:
        sorts = bool(wanted) and _sorts(rows.db, wanted, titles)
    if sorts:
        return RawSQL(
            _sorted_and_tested(f"({held} OFFSET 0) AS held", "TRUE", held_test),
            (*held_params, *held_test_params, limit),
        )
    if titles:
        walked, walked_params = table.walked_titles(test)
    else:
        # The test first: a title's, when it has one, costs less than reading the entries.
        walked_test, walked_test_params = table.passes(test, (grams, grams_params))
        walked = (
            f"SELECT candidate.pk FROM ({table.newest('id AS pk', WALKED)}) AS candidate"
            f" WHERE ({walked_test})"
        )
        walked_params = (*table.params, *walked_test_params)
    return RawSQL(
        f"WITH walked AS MATERIALIZED ({walked} LIMIT %s)"
        " SELECT pk FROM walked UNION ALL SELECT pk FROM ("
        + _sorted_and_tested(
            f"({held} OFFSET 0) AS held", "(SELECT count(*) FROM walked) < %s", held_test
        )
        + ") AS rest",
        (
            *walked_params,
            limit,
            *held_params,
            limit,
            *held_test_params,
            limit,
        ),
    )


class _Table:
    """The statements of a search on PostgreSQL, written here from `rows` (a queryset of the
    article table alone) compiled once: its WHERE clause, and each condition on its own.
    Building each part as a queryset and compiling it took ~2 ms more Python a search
    (bench/README.md)."""

    def __init__(self, rows):
        query = rows.query
        if len(query.alias_map) > 1 or query.extra or query.annotations:
            raise ValueError("A search reads the rows of the article table alone.")
        self.model, self.db = rows.model, rows.db
        compiler = query.get_compiler(using=rows.db)
        self.connection = compiler.connection
        self.name = self.connection.ops.quote_name(rows.model._meta.db_table)
        where, params = _sql(query.where, compiler)
        self.rows = f"FROM {self.name} WHERE ({where})"
        self.params = tuple(params)

    def holding(self, wanted):
        """The condition that a row's entries include all of `wanted` (HasGrams)."""
        if not wanted:
            return "TRUE", ()
        return f"{self.name}.search_grams @> %s::text[]", (sorted(wanted),)

    def condition(self, condition):
        """The SQL of `condition` (a Q) on the table's columns."""
        query = self.model._base_manager.using(self.db).all().query
        return _sql(query.build_where(condition), query.get_compiler(using=self.db))

    def passes(self, condition, also=("TRUE", ())):
        """A scalar subquery: whether the candidate row meets `condition` and `also` (SQL)."""
        sql, params = self.condition(condition)
        if sql == also[0] == "TRUE":
            return "TRUE", ()
        return (
            f"SELECT ({sql} AND {also[0]}) FROM {self.name} WHERE {self.name}.id = candidate.pk",
            (*params, *also[1]),
        )

    def newest(self, columns, count):
        """The first `count` rows newest first, with `columns` (SQL), fenced by OFFSET 0 (its
        parameters: self.params)."""
        return (
            f"SELECT {columns} {self.rows} ORDER BY {self.name}.published_at DESC,"
            f" {self.name}.id DESC LIMIT {int(count)} OFFSET 0"
        )

    def walked_titles(self, condition):
        """The newest TITLES_WALKED public rows that pass `condition`, a condition on the
        title: read from the titles' index alone (an index-only scan, PG_TITLES_INDEX), the
        condition tested on each entry as it comes. The walked rows are named as the table,
        so that the condition compiled for the table reads their title."""
        newest = self.newest(f"{self.name}.id, {self.name}.title", TITLES_WALKED)
        sql, params = self.condition(condition)
        return (
            f"SELECT {self.name}.id AS pk FROM ({newest}) AS {self.name} WHERE {sql}",
            (*self.params, *params),
        )


def _sql(where, compiler):
    """The SQL of a WHERE node (TRUE when it holds for every row, FALSE for none)."""
    try:
        return compiler.compile(where) if where else ("TRUE", ())
    except FullResultSet:
        return "TRUE", ()
    except EmptyResultSet:
        return "FALSE", ()


def candidate_sorts(using, wanted):
    """(for title matches, for all matches): whether a search of the entries `wanted` with a
    limit sorts the index's candidates rather than walks the newest rows (newest_passing);
    None where it does neither (no limit's walk but on PostgreSQL)."""
    if index_for(using) != "postgresql" or not wanted:
        return None
    return _sorts(using, in_title(wanted), True), _sorts(using, wanted, False)


def _sorts(using, wanted, titles):
    """Whether the candidates of `wanted` are to be sorted rather than the newest rows walked:
    when they are few by the statistics' bound, or, for title matches, whose walk costs little
    but finds nothing when they are rare, when an entry is rarer than the statistics list."""
    if titles:
        return most_candidates(using, wanted) <= TITLES_SORTED or unlisted(using, wanted)
    return most_candidates(using, wanted) <= SORTED


def _sorted_and_tested(rows, condition, test):
    """The first of `rows` (pk, published_at), newest first, that pass `test`, if
    `condition` holds (a gate PostgreSQL checks once, before reading any row)."""
    return (
        f"SELECT candidate.pk FROM (SELECT pk FROM {rows} ORDER BY published_at DESC, pk DESC"
        f" OFFSET 0) AS candidate WHERE {condition} AND ({test}) LIMIT %s"
    )


def most_candidates(using, wanted):
    """At most how many articles hold all of `wanted`, by PostgreSQL's statistics (ANALYZE's,
    kept STATISTICS_SECONDS): the articles × the frequency of the rarest entry. An entry the
    statistics do not list is rarer than those they do; with no statistics, every article."""
    rows, frequencies, floor = _entry_statistics(using)
    return rows * min(frequencies.get(entry, floor) for entry in wanted)


def unlisted(using, wanted):
    """Whether the statistics leave out an entry of `wanted` while listing others: it is rarer
    than every entry they list (in a real archive, rarer by far). Their bound then says only
    that it is below the rarest listed (3 % of the articles in the benchmark's database, where
    every character is common), so `most_candidates` cannot tell `鑫` from a common entry."""
    frequencies = _entry_statistics(using)[1]
    return bool(frequencies) and any(entry not in frequencies for entry in wanted)


def _entry_statistics(using):
    """(articles, {entry: frequency}, frequency of the rarest listed) from PostgreSQL's
    statistics, kept STATISTICS_SECONDS."""
    read_at, rows, frequencies, floor = _statistics.get(using, (None, 0, {}, 1.0))
    if read_at is None or time.monotonic() - read_at > STATISTICS_SECONDS:
        with connections[using].cursor() as cursor:
            cursor.execute(
                "SELECT c.reltuples, s.most_common_elems::text::text[], s.most_common_elem_freqs"
                " FROM pg_class c LEFT JOIN pg_stats s"
                " ON s.schemaname = c.relnamespace::regnamespace::text"
                " AND s.tablename = c.relname AND s.attname = 'search_grams'"
                " WHERE c.oid = 'news_article'::regclass"
            )
            rows, entries, freqs = cursor.fetchone()
        entries = entries or []
        rows = float("inf") if rows < 0 else rows  # never counted (no VACUUM nor ANALYZE yet)
        frequencies = dict(zip(entries, (freqs or [])[: len(entries)], strict=True))
        # After the entries' frequencies come their minimum, maximum and the nulls' share.
        floor = freqs[len(entries)] if entries else 1.0
        _statistics[using] = (time.monotonic(), rows, frequencies, floor)
    return rows, frequencies, floor


FILL_BATCH = 1_000


def fill(Article, connection):
    """Store the entries of every article (`Article`: a migration's historical model), batch
    by batch of ids, so that memory stays bounded whatever the number of articles."""
    rows = Article.objects.order_by("pk").values_list("pk", "title", "summary", "body_text")
    field = Article._meta.get_field("search_grams")
    last = 0
    with connection.cursor() as cursor:
        while batch := list(rows.filter(pk__gt=last)[:FILL_BATCH]):
            cursor.executemany(
                "UPDATE news_article SET search_grams = %s WHERE id = %s",
                [
                    (field.get_db_prep_value(search_grams(*texts), connection), pk)
                    for pk, *texts in batch
                ],
            )
            last = batch[-1][0]


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
# PostgreSQL: the public order of the articles with their titles (and what decides whether one
# is public), so that a walk for title matches reads this index alone (_walked_titles): about
# 14 MB at 100,000 articles, where the rows it would otherwise read are ~4 KB each.
PG_TITLES_INDEX = "article_public_titles"
PG_CREATE_TITLES_INDEX = (
    f"CREATE INDEX IF NOT EXISTS {PG_TITLES_INDEX} ON news_article"
    " (status, published_at DESC, id DESC) INCLUDE (expires_at, title)"
)
PG_DROP_TITLES_INDEX = f"DROP INDEX IF EXISTS {PG_TITLES_INDEX}"


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


def keep_search_triggers(apps, schema_editor):
    """A migration's step after (and, unapplied, before) an operation that SQLite does by
    making the article table anew, which drops the index's triggers with the old table."""
    repair_after_migrate(schema_editor.connection.alias)


def repair_after_migrate(using, **kwargs):
    """post_migrate: on SQLite with the FTS5 index, keep its triggers in place."""
    connection = connections[using]
    if connection.vendor == "sqlite" and fts_ready(connection):
        ensure_sqlite_triggers(connection)
