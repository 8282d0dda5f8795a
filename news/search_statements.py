"""A search's ranked statement, composed by the ORM once per process for each shape of
search, then filled with each search's values (slotted_statements).

Building and compiling the ranked queryset (Article.objects.published().search()) cost a
fresh search ~3 ms of Python (bench/README.md), though from one search to the next of the
same shape only its values change: the time, the entries the index is asked for, and each
word's LIKE pattern. The shape is what changes the statement: the database and its index,
for each word whether the index alone decides it (is_one_entry) and whether it has a case
(icontains), how each walk reads its candidates (search_index.candidate_sorts), the bound
and the exact results. The ORM composes each shape for sentinel words of the same kinds.
"""

from datetime import UTC, datetime, timedelta
from functools import lru_cache, partial
from typing import NamedTuple

from django.db import connections
from django.utils import timezone

from . import search_index
from .models import Article
from .slotted_statements import SlottedStatement

# How many shapes of search a process keeps composed.
SHAPES_KEPT = 256


class Ranked(NamedTuple):
    """A statement of pks in their order, and the database it is written for."""

    sql: str
    params: list
    using: str


def ranked(words, bound, exact):
    """The pks of a search's first `bound` results, of which the first `exact` exact, among
    the public articles now: the statement of `Article.objects.published().search(words,
    limit=bound, exact=exact)`'s pks, as a Ranked."""
    using = Article.objects.db
    index = search_index.index_for(using)
    entries = wanted(words, index)
    kinds = tuple(kind(word, index) for word in words)
    sorts = search_index.candidate_sorts(using, entries)
    exact = bound if exact is None else min(exact, bound)
    statement = _statement(using, index, kinds, sorts, bound, exact)
    filled = statement.fill(values(timezone.now(), words, entries, index, using))
    return Ranked(statement.sql, filled, using)


# Each kind of word can follow each: the shapes a reader can ask for are many, the ones
# asked for at once few.
@lru_cache(maxsize=SHAPES_KEPT)
def _statement(using, index, kinds, sorts, bound, exact):
    compose_shape = partial(compose, sorts=sorts, bound=bound, exact=exact)
    return SlottedStatement(using, compose_shape, partial(sentinels, using, index, kinds))


def compose(now, words, sorts, bound, exact):
    public = Article.objects.published(now)
    found = public.search(words, limit=bound, exact=exact, sorts=sorts)
    return found.values_list("pk", flat=True)[:bound]


def wanted(words, index):
    """The entries the index is asked for: those of every word."""
    return set().union(*map(search_index.word_entries, words)) if index else set()


def kind(word, index):
    """What of a word shapes the statement: whether the index has entries for it, whether
    they alone decide it, whether it has a case."""
    entries = bool(index) and bool(search_index.word_entries(word))
    return entries, entries and search_index.is_one_entry(word), word.upper() != word.lower()


def values(now, words, entries, index, using):
    """What fills a search's statement: the time, the `entries` of its words (all, then the
    title's) as the index is asked for them, then each word's LIKE pattern (Django's contains
    lookups')."""
    asked = {
        "postgresql": lambda found: sorted(found),
        "fts5": search_index.fts_match,
    }.get(index, lambda found: None)
    ops = connections[using].ops
    return [
        now,
        *([asked(entries), asked(search_index.in_title(entries))] if entries else []),
        *(f"%{ops.prep_for_like_query(word)}%" for word in words),
    ]


def sentinels(using, index, kinds, offset):
    """compose()'s arguments and their values for words of `kinds` found nowhere else in a
    statement, and a time long past; `offset` gives another such set."""
    now = datetime(1901, 1, 1, tzinfo=UTC) + timedelta(hours=offset)
    words = [sentinel_word(kind, position + 10 * offset) for position, kind in enumerate(kinds)]
    return (now, words), values(now, words, wanted(words, index), index, using)


def sentinel_word(kind, n):
    """A word of the kind, its own for each `n`: letters with a case (two, or three when the
    index alone does not decide it), Chinese characters the same, or dashes, which have no
    entry."""
    entries, one_entry, cased = kind
    if cased:
        letters = chr(ord("a") + n // 26) + chr(ord("a") + n % 26)
        return letters if one_entry else "x" + letters
    if entries:
        return "".join(chr(0x4E00 + n * 3 + i) for i in range(2 if one_entry else 3))
    return "-" * (n + 1)
