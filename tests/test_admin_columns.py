"""The column admin (django-mptt's DraggableMPTTAdmin): counts, moves, deletes, slugs and
forms refused when the column changed after they were opened."""

import html
import json
import re
from itertools import groupby

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format

from categories.models import Category
from news.models import Article

CHANGELIST_URL = "/admin/categories/category/"


def change_url(column):
    return f"{CHANGELIST_URL}{column.pk}/change/"


def delete_url(column):
    return f"{CHANGELIST_URL}{column.pk}/delete/"


def tree_snapshot():
    return sorted(
        Category.objects.values_list("pk", "tree_id", "lft", "rght", "level", "parent_id")
    )


def with_dense_tree_ids(snapshot):
    """django-mptt may leave gaps between tree ids (a root moved under another node keeps no
    tree of its own); rebuild() numbers the trees 1..k in the same order. Compare by rank."""
    rank = {tree_id: n for n, tree_id in enumerate(sorted({row[1] for row in snapshot}), 1)}
    return sorted((pk, rank[tree_id], *rest) for pk, tree_id, *rest in snapshot)


def assert_tree_is_consistent():
    """lft/rght of each tree are exactly 1..2n, and equal to what a rebuild from the parent
    links produces (so levels, nesting and sibling order all agree with the parents)."""
    before = tree_snapshot()
    by_tree = sorted(before, key=lambda row: row[1])
    for tree_id, rows in groupby(by_tree, key=lambda row: row[1]):
        rows = list(rows)
        bounds = sorted([row[2] for row in rows] + [row[3] for row in rows])
        assert bounds == list(range(1, 2 * len(rows) + 1)), f"tree {tree_id}: {rows}"
    Category.objects.rebuild()
    assert with_dense_tree_ids(tree_snapshot()) == with_dense_tree_ids(before)


def row_cells(response):
    """{column pk: article count cell} for the rows of the column changelist."""
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", response.content.decode(), re.S):
        pk = re.search(r'data-pk="(\d+)"', row)
        count = re.search(r'<td class="field-article_count">(.*?)</td>', row, re.S)
        if pk and count:
            rows[int(pk.group(1))] = count.group(1).strip()
    return rows


# The changelist


def test_changelist_shows_cumulative_article_counts(admin_client, demo_tree, make_article):
    make_article(demo_tree["industry-planning"])
    make_article(demo_tree["industry-planning"])
    make_article(demo_tree["policy-interpretation"])
    make_article(demo_tree["news"])
    make_article(demo_tree["data-elements"])

    response = admin_client.get(CHANGELIST_URL)

    assert response.status_code == 200
    counts = row_cells(response)
    assert len(counts) == len(demo_tree)
    assert counts[demo_tree["industry-planning"].pk] == "2"
    assert counts[demo_tree["policy-interpretation"].pk] == "1"
    assert counts[demo_tree["news"].pk] == "4"
    assert counts[demo_tree["data-elements"].pk] == "1"
    assert counts[demo_tree["digital-economy"].pk] == "1"
    assert counts[demo_tree["topics"].pk] == "1"
    assert counts[demo_tree["research"].pk] == "0"


def changelist_queries(client):
    client.get(CHANGELIST_URL)  # warm process-wide caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(CHANGELIST_URL)
    assert response.status_code == 200
    return response, [q["sql"] for q in queries.captured_queries]


def test_changelist_query_count_does_not_grow_with_columns(admin_client, demo_tree, make_article):
    make_article(demo_tree["industry-planning"])
    small, small_queries = changelist_queries(admin_client)
    assert len(row_cells(small)) == len(demo_tree)

    parents = [demo_tree["news"], demo_tree["industry-planning"], demo_tree["research"]]
    for n in range(200):
        column = Category.objects.create(name=f"子栏目 {n}", parent=parents[n % 3])
        if n % 10 == 0:
            make_article(column)
    large, large_queries = changelist_queries(admin_client)

    assert len(row_cells(large)) == len(demo_tree) + 200
    assert len(large_queries) == len(small_queries), "\n".join(large_queries)


def test_hiding_a_column_from_the_changelist_keeps_the_tree(admin_client, demo_tree):
    hidden = demo_tree["park-planning"]
    formset = admin_client.get(CHANGELIST_URL).context["cl"].formset
    data = {
        "form-TOTAL_FORMS": len(formset.forms),
        "form-INITIAL_FORMS": len(formset.forms),
        "form-MIN_NUM_FORMS": 0,
        "form-MAX_NUM_FORMS": 1000,
        "_save": "Save",
    }
    for n, form in enumerate(formset.forms):
        data[f"form-{n}-id"] = form.instance.pk
        if form.instance.pk != hidden.pk:
            data[f"form-{n}-is_visible"] = "on"
    before = tree_snapshot()

    response = admin_client.post(CHANGELIST_URL, data)

    assert response.status_code == 302
    assert list(Category.objects.filter(is_visible=False)) == [hidden]
    assert tree_snapshot() == before


# Moving columns with the drag-and-drop endpoint


@pytest.fixture
def drag_client(admin_user):
    """A client that checks CSRF as the browser's does; moves are posted like the admin's
    JavaScript posts them: the changelist URL, with the token in the X-CSRFToken header."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    client.get(CHANGELIST_URL)

    def move(cut, pasted_on, position):
        return client.post(
            CHANGELIST_URL,
            {
                "cmd": "move_node",
                "position": position,
                "cut_item": cut.pk,
                "pasted_on": pasted_on.pk,
            },
            headers={
                "X-CSRFToken": client.cookies["csrftoken"].value,
                "X-Requested-With": "XMLHttpRequest",
            },
        )

    client.move = move
    return client


def children_slugs(slug):
    return [c.slug for c in Category.objects.get(slug=slug).get_children()]


def test_moves_through_admin_keep_tree_consistent(drag_client, demo_tree, make_article):
    t = demo_tree
    make_article(t["industry-planning"])
    moves = [
        (t["industry-planning"], t["reports"], "last-child"),  # into another tree
        (t["park-planning"], t["policy-interpretation"], "left"),  # reorder siblings
        (t["data-elements"], t["institute-news"], "right"),  # across trees, as a sibling
        (t["notices"], t["topics"], "last-child"),  # a root with a child under another root
        (t["white-papers"], t["news"], "right"),  # a child becomes a root
    ]

    for cut, pasted_on, position in moves:
        response = drag_client.move(cut, pasted_on, position)
        assert response.status_code == 200
        assert response.content == b"OK, moved."

    assert children_slugs("reports") == ["industry-planning"]
    news = children_slugs("news")
    assert news[:4] == ["institute-news", "data-elements", "park-planning", "policy-interpretation"]
    assert "industry-planning" not in news
    assert children_slugs("topics") == ["digital-economy", "rural-revitalization", "notices"]
    assert children_slugs("notices") == ["tenders"]
    roots = [c.slug for c in Category.objects.root_nodes().order_by("tree_id")]
    assert roots == ["news", "white-papers", "research", "topics"]
    # The article went along with its column, so 研究成果 now counts it.
    assert Article.objects.in_column(Category.objects.get(slug="research")).count() == 1
    assert_tree_is_consistent()


def test_move_under_own_descendant_through_drag_endpoint_is_refused(drag_client, demo_tree):
    before = tree_snapshot()

    response = drag_client.move(demo_tree["news"], demo_tree["industry-planning"], "last-child")

    assert response.status_code == 200
    assert response.content.startswith(b"FAIL")
    assert tree_snapshot() == before


def test_move_with_unknown_position_is_refused(drag_client, demo_tree):
    before = tree_snapshot()

    response = drag_client.move(demo_tree["reports"], demo_tree["news"], "first-child; DROP")

    assert response.content.startswith(b"FAIL")
    assert tree_snapshot() == before


# The change form


def column_form(column, **fields):
    data = {
        "name": column.name,
        "slug": column.slug,
        "parent": column.parent_id or "",
        "is_visible": "on",
        "description": "",
        "keywords": "",
        "meta_description": "",
        "opened_version": column.version,
        "_save": "Save",
    }
    data.update(fields)
    return data


def test_moving_column_under_its_descendant_in_change_form_is_a_form_error(admin_client, demo_tree):
    news, child = demo_tree["news"], demo_tree["industry-planning"]
    before = tree_snapshot()

    response = admin_client.post(change_url(news), column_form(news, parent=child.pk))

    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors
    assert 'class="errorlist' in response.content.decode()
    assert tree_snapshot() == before


def test_moving_column_through_change_form_keeps_tree_consistent(admin_client, demo_tree):
    column = demo_tree["digital-economy"]  # has a child, 数据要素

    response = admin_client.post(
        change_url(column), column_form(column, parent=demo_tree["research"].pk)
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert children_slugs("research") == ["reports", "white-papers", "digital-economy"]
    assert children_slugs("digital-economy") == ["data-elements"]
    assert_tree_is_consistent()


def test_blank_slug_is_derived_from_name_and_unique(admin_client, demo_tree):
    existing = demo_tree["digital-economy"]  # named 数字经济

    edited = admin_client.post(change_url(existing), column_form(existing, slug=""))
    added = admin_client.post(
        f"{CHANGELIST_URL}add/",
        column_form(Category(name="数字经济"), slug="", parent=demo_tree["news"].pk),
    )

    assert edited.status_code == 302, edited.context["adminform"].form.errors
    assert added.status_code == 302, added.context["adminform"].form.errors
    slugs = Category.objects.filter(name="数字经济").values_list("slug", flat=True)
    assert sorted(slugs) == ["shuzijingji", "shuzijingji-2"]
    assert_tree_is_consistent()


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("产业规划", "chanyeguihua"),
        ("重庆银行", "chongqingyinhang"),  # characters read by the words they stand in
        ("智慧城市news", "zhihuichengshinews"),
        ("一带一路·新闻", "yidaiyiluxinwen"),
        ("Smart City 2025", "smart-city-2025"),
    ],
)
def test_a_column_made_without_a_slug_gets_one_in_pinyin(db, name, slug):
    assert Category.objects.create(name=name).slug == slug


def test_the_admin_fills_in_the_slug_on_the_server(admin_client, demo_tree, client):
    page = admin_client.get(f"{CHANGELIST_URL}add/").content.decode()
    # The admin's own prepopulating would copy the Chinese name into the slug as it is.
    prepopulated = re.search(r'data-prepopulated-fields="([^"]*)"', page).group(1)
    assert json.loads(html.unescape(prepopulated)) == []
    assert re.search(r'<input type="text" name="slug"[^>]*>', page).group(0).count("required") == 0

    admin_client.post(
        f"{CHANGELIST_URL}add/",
        column_form(Category(name="园区招商"), slug="", parent=demo_tree["news"].pk),
    )

    assert (
        '<td class="field-slug">yuanquzhaoshang</td>'
        in admin_client.get(CHANGELIST_URL).content.decode()
    )
    assert client.get("/columns/yuanquzhaoshang/").status_code == 200


def test_a_slug_typed_in_or_stored_before_is_kept(admin_client, demo_tree, client):
    typed = admin_client.post(
        f"{CHANGELIST_URL}add/",
        column_form(Category(name="园区招商"), slug="investment", parent=demo_tree["news"].pk),
    )
    # A column whose address was made from its Chinese name before pinyin slugs.
    older = Category.objects.create(name="产业地图", slug="产业地图", parent=demo_tree["news"])
    renamed = admin_client.post(change_url(older), column_form(older, name="产业地图集"))

    assert typed.status_code == 302 and renamed.status_code == 302
    assert Category.objects.get(name="园区招商").slug == "investment"
    assert Category.objects.get(pk=older.pk).slug == "产业地图"
    assert client.get("/columns/产业地图/").status_code == 200


# Forms opened before another change


def opened_version(page):
    return int(re.search(r'name="opened_version" value="(\d+)"', page).group(1))


def open_form(client, column):
    """The change form as the browser got it: the column as it was, and the version."""
    response = client.get(change_url(column))
    assert response.status_code == 200
    return Category.objects.get(pk=column.pk), opened_version(response.content.decode())


def refusal(response):
    """(message, [(saved now, your form)]) of a refused column form, as the page shows them,
    checking that the message comes first."""
    assert response.status_code == 200
    page = response.content.decode()
    message = re.search(r'<ul class="errorlist nonfield">(.*?)</ul>', page, re.S)
    assert message, "no refusal message"
    assert message.start() < page.index('class="module column-conflict"')
    rows = re.findall(r'<tr><th scope="row">.*?</th><td>(.*?)</td><td>(.*?)</td></tr>', page)
    return message.group(1), rows


def test_version_rises_with_every_save_and_move(drag_client, demo_tree):
    column = demo_tree["industry-planning"]
    stale = Category.objects.get(pk=column.pk)
    versions = [column.version]

    column.save()
    versions.append(Category.objects.get(pk=column.pk).version)
    column.move_to(demo_tree["research"], "last-child")
    versions.append(Category.objects.get(pk=column.pk).version)
    drag_client.move(column, demo_tree["news"], "last-child")
    versions.append(Category.objects.get(pk=column.pk).version)
    stale.save()  # an instance read before all of that
    versions.append(Category.objects.get(pk=column.pk).version)

    assert versions == sorted(set(versions)), versions
    assert stale.version == versions[-1]


def test_form_opened_before_a_drag_move_is_refused_and_the_column_stays_moved(
    admin_client, drag_client, demo_tree
):
    column, opened = open_form(admin_client, demo_tree["industry-planning"])
    assert drag_client.move(column, demo_tree["reports"], "last-child").content == b"OK, moved."

    response = admin_client.post(
        change_url(column), column_form(column, name="产业规划与布局", opened_version=opened)
    )

    message, rows = refusal(response)
    moved = Category.objects.get(pk=column.pk)
    assert date_format(timezone.localtime(moved.updated_at), "DATETIME_FORMAT") in message
    assert ("研究成果 › 研究报告", "新闻中心") in rows
    assert ("产业规划", "产业规划与布局") in rows
    assert (moved.parent, moved.name) == (demo_tree["reports"], "产业规划")
    # What the user typed is still in the form, to merge and save again.
    assert 'value="产业规划与布局"' in response.content.decode()
    assert_tree_is_consistent()


def test_form_opened_before_another_editors_save_is_refused_with_the_table(admin_client, demo_tree):
    column, opened = open_form(admin_client, demo_tree["policy-interpretation"])
    admin_client.post(
        change_url(column),
        column_form(column, name="政策解读与评论", description="另一位编辑写的说明"),
    )

    response = admin_client.post(
        change_url(column), column_form(column, keywords="政策,解读", opened_version=opened)
    )

    _, rows = refusal(response)
    assert sorted(rows) == sorted(
        [("政策解读与评论", "政策解读"), ("另一位编辑写的说明", ""), ("", "政策,解读")]
    )
    stored = Category.objects.get(pk=column.pk)
    assert (stored.name, stored.description, stored.keywords) == (
        "政策解读与评论",
        "另一位编辑写的说明",
        "",
    )
    assert 'value="政策,解读"' in response.content.decode()


def test_saving_again_after_the_refusal_goes_through(admin_client, drag_client, demo_tree):
    column, opened = open_form(admin_client, demo_tree["industry-planning"])
    drag_client.move(column, demo_tree["reports"], "last-child")
    mine = column_form(column, name="产业规划与布局", opened_version=opened)
    refused = admin_client.post(change_url(column), mine)
    refusal(refused)

    # The user keeps their form as it came back, and saves it again on purpose.
    mine["opened_version"] = opened_version(refused.content.decode())
    response = admin_client.post(change_url(column), mine)

    assert response.status_code == 302, response.context["adminform"].form.errors
    saved = Category.objects.get(pk=column.pk)
    assert (saved.name, saved.parent) == ("产业规划与布局", demo_tree["news"])
    assert_tree_is_consistent()


def test_form_without_its_opened_version_is_refused(admin_client, demo_tree):
    column = demo_tree["research"]
    data = column_form(column, name="研究")
    del data["opened_version"]

    refusal(admin_client.post(change_url(column), data))

    assert Category.objects.get(pk=column.pk).name == "研究成果"


def test_form_opened_before_another_column_moved_writes_no_tree_fields(
    admin_client, drag_client, demo_tree
):
    """A move shifts the tree fields of columns it does not move; their forms stay valid,
    and saving one writes back no tree field read before the move."""
    column, opened = open_form(admin_client, demo_tree["policy-interpretation"])
    drag_client.move(demo_tree["institute-news"], demo_tree["white-papers"], "right")

    response = admin_client.post(
        change_url(column), column_form(column, name="政策解读栏目", opened_version=opened)
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Category.objects.get(pk=column.pk).name == "政策解读栏目"
    assert children_slugs("research") == ["reports", "white-papers", "institute-news"]
    assert_tree_is_consistent()


# Deleting


@pytest.fixture
def planning_with_article(demo_tree, make_article):
    return demo_tree["industry-planning"], make_article(
        demo_tree["industry-planning"], title="产业规划栏目里的文章"
    )


def test_delete_page_of_column_with_articles_refuses(admin_client, planning_with_article):
    column, article = planning_with_article

    response = admin_client.get(delete_url(column))

    assert response.status_code == 200
    assert response.context["protected"]
    page = response.content.decode()
    assert article.title in page
    assert 'name="post"' not in page  # no confirmation button


def test_delete_post_of_column_with_articles_deletes_nothing(admin_client, planning_with_article):
    column, article = planning_with_article
    before = tree_snapshot()

    response = admin_client.post(delete_url(column), {"post": "yes"})

    assert response.status_code == 200
    assert Category.objects.filter(pk=column.pk).exists()
    assert Article.objects.filter(pk=article.pk).exists()
    assert tree_snapshot() == before


def test_delete_page_of_parent_whose_child_has_articles_refuses(
    admin_client, planning_with_article, demo_tree
):
    response = admin_client.post(delete_url(demo_tree["news"]), {"post": "yes"})

    assert response.status_code == 200
    assert response.context["protected"]
    assert Category.objects.filter(pk=demo_tree["news"].pk).exists()


def test_bulk_delete_confirmation_lists_protected_articles(admin_client, planning_with_article):
    column, article = planning_with_article

    response = admin_client.post(
        CHANGELIST_URL, {"action": "delete_selected", "_selected_action": [column.pk]}
    )

    assert response.status_code == 200
    assert article.title in response.content.decode()
    assert Category.objects.filter(pk=column.pk).exists()


def test_forged_bulk_delete_of_column_with_articles_is_refused(
    admin_client, planning_with_article, demo_tree
):
    column, article = planning_with_article
    empty = demo_tree["white-papers"]
    before = tree_snapshot()

    response = admin_client.post(
        CHANGELIST_URL,
        {"action": "delete_selected", "_selected_action": [empty.pk, column.pk], "post": "yes"},
        follow=True,
    )

    assert response.status_code == 200
    assert Category.objects.filter(pk=column.pk).exists()
    assert Article.objects.filter(pk=article.pk, column=column).exists()
    # All or nothing: the column without articles selected with it is kept too.
    assert Category.objects.filter(pk=empty.pk).exists()
    assert tree_snapshot() == before
    messages = [m for m in response.context["messages"]]
    assert [m.level_tag for m in messages] == ["error"]
    assert_tree_is_consistent()


def test_bulk_delete_says_how_many_columns_went_in_the_staff_members_language(
    admin_client, demo_tree
):
    def delete(slug, language):
        data = {"action": "delete_selected", "_selected_action": [demo_tree[slug].pk]}
        response = admin_client.post(
            CHANGELIST_URL, {**data, "post": "yes"}, follow=True, HTTP_ACCEPT_LANGUAGE=language
        )
        return [str(message) for message in response.context["messages"]]

    assert delete("white-papers", "en") == ["Successfully deleted 1 column."]
    assert delete("reports", "zh-hans") == ["成功删除了 1 个 栏目"]


def test_bulk_delete_of_columns_without_articles_keeps_tree_consistent(admin_client, demo_tree):
    doomed = [demo_tree["white-papers"], demo_tree["digital-economy"]]

    response = admin_client.post(
        CHANGELIST_URL,
        {"action": "delete_selected", "_selected_action": [c.pk for c in doomed], "post": "yes"},
        follow=True,
    )

    assert response.status_code == 200
    assert not Category.objects.filter(slug__in=["white-papers", "digital-economy"]).exists()
    assert not Category.objects.filter(slug="data-elements").exists()  # the child went too
    assert_tree_is_consistent()
