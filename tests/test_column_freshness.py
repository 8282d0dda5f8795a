"""Columns' update cycles: the admin's home page lists the columns with no public article
within their cycle, and those with none at all; a column's articles include its
descendants'."""

from datetime import timedelta

import pytest
from django.utils import timezone

from categories.models import Category
from inspection.freshness import columns_behind
from news.models import Article


@pytest.fixture
def columns(db):
    parent = Category.objects.create(name="政务公开", slug="gov")
    child = Category.objects.create(name="政策文件", slug="policy", parent=parent)
    quiet = Category.objects.create(name="工作动态", slug="work", update_cycle_days=7)
    empty = Category.objects.create(name="专题", slug="topics")
    return {"parent": parent, "child": child, "quiet": quiet, "empty": empty}


def test_columns_behind_their_cycle_and_empty_ones(columns, make_article):
    now = timezone.now()
    columns["parent"].update_cycle_days = 7
    columns["parent"].save()
    make_article(columns["child"], published_at=now - timedelta(days=3))
    make_article(columns["quiet"], published_at=now - timedelta(days=8))
    make_article(columns["quiet"], published_at=now - timedelta(days=1), status="draft")
    make_article(columns["empty"], published_at=now + timedelta(days=1))  # not public yet

    overdue, empty = columns_behind()

    assert [(column.slug, latest.date()) for column, latest in overdue] == [
        ("work", (now - timedelta(days=8)).date())
    ]
    assert [column.slug for column in empty] == ["topics"]


def test_a_column_with_a_cycle_and_no_article_comes_first(columns, make_article):
    columns["empty"].update_cycle_days = 30
    columns["empty"].save()
    make_article(columns["quiet"], published_at=timezone.now() - timedelta(days=8))

    overdue, _ = columns_behind()

    assert [(column.slug, latest is None) for column, latest in overdue] == [
        ("topics", True),
        ("work", False),
    ]


def test_the_admin_home_page_lists_them(admin_client, columns, make_article):
    make_article(columns["quiet"], published_at=timezone.now() - timedelta(days=8))

    page = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    work = Category.objects.get(slug="work").pk
    link = f'<a href="/admin/categories/category/{work}/change/">工作动态</a>'
    assert f"{link}: every 7 days, last article" in page
    assert "Empty columns" in page and ">专题</a>" in page and ">政务公开</a>" in page


def test_the_cycle_is_set_in_the_column_form(admin_client, columns):
    from .test_admin_columns import column_form

    column = columns["quiet"]
    admin_client.post(
        f"/admin/categories/category/{column.pk}/change/",
        column_form(column, update_cycle_days="14"),
    )

    assert Category.objects.get(pk=column.pk).update_cycle_days == 14


def test_staff_without_the_right_see_no_column_list(client, django_user_model, columns):
    user = django_user_model.objects.create_user("reader", password="x-pass-1", is_staff=True)
    client.force_login(user)

    assert "Site inspection" not in client.get("/admin/").content.decode()
    assert not Article.objects.exists()


def test_the_columns_behind_are_one_query(columns, make_article, django_assert_num_queries):
    for column in columns.values():
        make_article(column)

    with django_assert_num_queries(1):
        columns_behind()
