"""What the 编辑 group (reporters; made by a data migration) lets its members do in the admin."""

import pytest

from news.models import Article


def test_editor_opens_article_add_page_and_changelist(editor_client, demo_tree, make_article):
    make_article(demo_tree["industry-planning"], title="编辑可见的文章")

    add_page = editor_client.get("/admin/news/article/add/")
    changelist = editor_client.get("/admin/news/article/")

    assert add_page.status_code == 200
    assert 'name="title"' in add_page.content.decode()
    assert changelist.status_code == 200
    assert "编辑可见的文章" in changelist.content.decode()


def test_editor_opens_article_change_page_but_not_delete(editor_client, demo_tree, make_article):
    article = make_article(demo_tree["industry-planning"])

    assert editor_client.get(f"/admin/news/article/{article.pk}/change/").status_code == 200
    assert editor_client.get(f"/admin/news/article/{article.pk}/delete/").status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()


def test_editor_views_column_changelist_read_only(editor_client, demo_tree):
    response = editor_client.get("/admin/categories/category/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "产业规划" in page
    # A view-only changelist has no editable "shown in navigation" boxes.
    assert 'name="form-0-is_visible"' not in page


@pytest.mark.parametrize(
    "path",
    [
        "/admin/categories/category/add/",
        "/admin/categories/category/{pk}/delete/",
    ],
)
def test_editor_cannot_add_or_delete_columns(editor_client, demo_tree, path):
    column = demo_tree["industry-planning"]

    response = editor_client.get(path.format(pk=column.pk))

    assert response.status_code == 403


def test_editor_cannot_change_a_column(editor_client, demo_tree):
    column = demo_tree["industry-planning"]

    page = editor_client.get(f"/admin/categories/category/{column.pk}/change/")
    posted = editor_client.post(
        f"/admin/categories/category/{column.pk}/change/",
        {"name": "改名", "slug": "renamed", "parent": "", "is_visible": "on"},
    )

    # A view-only user sees the column read-only and a POST changes nothing.
    assert page.status_code == 200
    assert 'name="name"' not in page.content.decode()
    assert posted.status_code == 403
    column.refresh_from_db()
    assert (column.name, column.slug) == ("产业规划", "industry-planning")


def test_editor_cannot_move_a_column_in_the_tree(editor_client, demo_tree):
    cut, target = demo_tree["industry-planning"], demo_tree["research"]

    editor_client.post(
        "/admin/categories/category/",
        {"cmd": "move_node", "cut_item": cut.pk, "pasted_on": target.pk, "position": "last-child"},
    )

    cut.refresh_from_db()
    assert cut.parent_id == demo_tree["news"].pk


def test_editor_cannot_open_user_admin(editor_client):
    assert editor_client.get("/admin/auth/user/").status_code == 403
    assert editor_client.get("/admin/auth/group/").status_code == 403


def test_editors_group_permissions(editor):
    assert editor.has_perm("news.add_article")
    assert editor.has_perm("news.change_article")
    assert editor.has_perm("news.view_article")
    assert editor.has_perm("categories.view_category")
    assert not editor.has_perm("news.delete_article")
    assert not editor.has_perm("categories.add_category")
    assert not editor.has_perm("categories.change_category")
    assert not editor.has_perm("categories.delete_category")
    assert not editor.has_perm("auth.change_user")
    assert not editor.has_perm("auth.view_user")
