"""A search's ranked pks and the articles of the page asked for, in one statement.

The ranking gives the pks of the first results (how many there are is the count); the page
shows some of them as list items. Read apart, they were two round trips and a second
statement to plan, with the ORM compiling an `in_bulk` each time (~0.7 ms of Python,
bench/README.md). Here the ranked pks are numbered in their order and the article table is
joined to the places of the page only; each row that comes with its columns becomes an
article as the ORM would make it (its columns those of `teasers()`, its values converted).
"""

from functools import cache

from django.db import connections

from .models import Article
from .slotted_statements import converted


def ranked_with_page(ranked, start, size):
    """(pks, {pk: article}): the pks that `ranked` (search_statements.Ranked) gives and the
    articles, as `Article.objects.teasers()` reads them, at places start to start + size."""
    ranked_sql, ranked_params, using = ranked
    columns, attnames, converters = _teaser_columns(using)
    connection = connections[using]
    table = connection.ops.quote_name(Article._meta.db_table)
    sql = (
        f"SELECT ranked.pk, {columns} FROM"
        f" (SELECT pk, row_number() OVER () AS place FROM ({ranked_sql}) AS found) AS ranked"
        f" LEFT JOIN {table} ON {table}.id = ranked.pk"
        " AND ranked.place > %s AND ranked.place <= %s ORDER BY ranked.place"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*ranked_params, start, start + size))
        rows = cursor.fetchall()
    pks = [row[0] for row in rows]
    shown = [row[1:] for row in rows if row[1] is not None]  # the pk column, NULL elsewhere
    if converters:
        shown = converted(shown, converters, connection)
    articles = (Article.from_db(using, attnames, values) for values in shown)
    return pks, {article.pk: article for article in articles}


def ranked_pks(ranked):
    """The pks that `ranked` (search_statements.Ranked) gives."""
    with connections[ranked.using].cursor() as cursor:
        cursor.execute(ranked.sql, ranked.params)
        return [pk for (pk,) in cursor.fetchall()]


@cache
def _teaser_columns(using):
    """The SQL of the columns `teasers()` reads, their attnames, and the converters the
    database's values go through (SQLite's dates, for one), in the ORM's order; made once per
    process and database (compiling them cost a search ~1 ms)."""
    compiler = Article.objects.using(using).teasers().query.get_compiler(using=using)
    compiler.setup_query()
    expressions = [column for column, _sql, _alias in compiler.select]
    sql = ", ".join(compiler.compile(expression)[0] for expression in expressions)
    converters = list(compiler.get_converters(expressions).items())
    # The converters' positions are in the rows of teasers' columns: the same here.
    return sql, [expression.target.attname for expression in expressions], converters
