"""A column's list reads the articles of its whole subtree, however many columns that is,
with one statement text: on PostgreSQL the columns' ids are one array value
(news.lookups), where `IN (…)` gave each id a placeholder to compile and adapt."""

from django.db import connection

from news.models import Article


def statement(column_ids):
    return Article.objects.published().in_columns(column_ids).query.sql_with_params()


def test_a_list_of_one_column_or_of_three_hundred_is_one_statement(db):
    one_sql, one_params = statement([1])
    many_sql, many_params = statement(range(1, 301))

    if connection.vendor == "postgresql":
        assert many_sql == one_sql
        assert len(many_params) == len(one_params)
    else:  # SQLite: IN (…), as Django writes it.
        assert many_sql.count("%s") == one_sql.count("%s") + 299


def test_a_subtree_lists_exactly_its_columns_articles(demo_tree, make_article):
    news, planning = demo_tree["news"], demo_tree["industry-planning"]
    in_news = make_article(news)
    in_planning = make_article(planning)
    make_article(demo_tree["research"])  # another tree
    make_article(planning, status=Article.Status.DRAFT)

    subtree = news.get_descendants(include_self=True).values_list("pk", flat=True)
    listed = Article.objects.published().in_columns(list(subtree)).newest_first()

    assert list(listed) == [in_news, in_planning]
    assert list(Article.objects.published().in_columns([planning.pk])) == [in_planning]
    assert not Article.objects.in_columns([])
