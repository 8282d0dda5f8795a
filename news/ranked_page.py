"""A search's ranked pks and the articles of the page asked for, in one statement.

The ranking gives the pks of the first results (how many there are is the count); the page
shows some of them as list items. Read apart, they were two round trips and a second
statement to plan, with the ORM compiling an `in_bulk` each time (~0.7 ms of Python,
bench/README.md). Here the ranked pks are numbered in their order and the article table is
joined to the places of the page only; each row that comes with its columns becomes an
article as the ORM would make it (its columns those of `teasers()`, its values converted).
"""

from functools import cache

from .models import Article


def ranked_with_page(ranked, start, size):
    """(pks, {pk: article}): the pks of `ranked` (a sliced queryset of pks, in order) and the
    articles, as `Article.objects.teasers()` reads them, at places start to start + size."""
    compiler = ranked.query.get_compiler(using=ranked.db)
    ranked_sql, ranked_params = compiler.as_sql()
    columns, attnames, converters = _teaser_columns(ranked.db)
    table = compiler.connection.ops.quote_name(Article._meta.db_table)
    sql = (
        f"SELECT ranked.pk, {columns} FROM"
        f" (SELECT pk, row_number() OVER () AS place FROM ({ranked_sql}) AS found) AS ranked"
        f" LEFT JOIN {table} ON {table}.id = ranked.pk"
        " AND ranked.place > %s AND ranked.place <= %s ORDER BY ranked.place"
    )
    with compiler.connection.cursor() as cursor:
        cursor.execute(sql, (*ranked_params, start, start + size))
        rows = cursor.fetchall()
    pks = [row[0] for row in rows]
    shown = [row[1:] for row in rows if row[1] is not None]  # the pk column, NULL elsewhere
    if converters:
        shown = compiler.apply_converters(shown, converters)
    articles = (Article.from_db(ranked.db, attnames, values) for values in shown)
    return pks, {article.pk: article for article in articles}


@cache
def _teaser_columns(using):
    """The SQL of the columns `teasers()` reads, their attnames, and the converters the
    database's values go through (SQLite's dates, for one), in the ORM's order; made once per
    process and database (compiling them cost a search ~1 ms)."""
    compiler = Article.objects.using(using).teasers().query.get_compiler(using=using)
    compiler.setup_query()
    expressions = [column for column, _sql, _alias in compiler.select]
    sql = ", ".join(compiler.compile(expression)[0] for expression in expressions)
    converters = compiler.get_converters(expressions)
    # apply_converters reads positions in the rows it is given: the same here.
    return sql, [expression.target.attname for expression in expressions], converters
