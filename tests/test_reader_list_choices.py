"""Chief editors' pins and exclusions in the readers' lists 本周热门 and 本月热门
(readership.ListChoice): a pinned article tops the lists it belongs in while it is public,
one kept out is never listed, the lists change at once, only chief editors may make them,
and each is recorded in the audit log."""

import pytest

from auditlog.models import Entry
from news.models import Article
from newsroom.models import ColumnRight
from readership.models import ListChoice

from .test_most_read import listed, on_day, views  # noqa: F401 (on_day: a fixture)

ADD = "/admin/readership/listchoice/add/"


@pytest.fixture
def read(demo_tree, make_article, on_day):  # noqa: F811
    """Three articles in 数据要素 read today, most first; one in 招标公告 read little."""
    articles = {}
    for title, count in (("第一", 30), ("第二", 20), ("第三", 10)):
        articles[title] = make_article(demo_tree["data-elements"], title=title)
        views(articles[title], d0=count)
    articles["招标"] = make_article(demo_tree["tenders"], title="招标")
    views(articles["招标"], d20=1)
    return articles


def test_a_pinned_article_tops_the_lists_of_its_columns_and_the_sites(client, demo_tree, read):
    ListChoice.objects.create(article=read["招标"], choice=ListChoice.Choice.PIN)

    home = client.get("/").content.decode()
    tenders = client.get(demo_tree["tenders"].get_absolute_url()).content.decode()
    data = client.get(demo_tree["data-elements"].get_absolute_url()).content.decode()

    assert listed(home, "week") == ["招标", "第一", "第二", "第三"]  # not read this week
    assert listed(home, "month") == ["招标", "第一", "第二", "第三"]
    assert listed(tenders, "week") == ["招标"]
    assert listed(data, "week") == ["第一", "第二", "第三"]  # another column's pin


def test_an_article_kept_out_is_not_listed_whatever_its_views(client, read):
    ListChoice.objects.create(article=read["第一"], choice=ListChoice.Choice.KEEP_OUT)

    page = client.get("/").content.decode()

    assert listed(page, "week") == ["第二", "第三"]
    assert listed(page, "month") == ["第二", "第三", "招标"]


def test_a_pinned_article_that_is_not_public_is_not_listed(client, read):
    ListChoice.objects.create(article=read["招标"], choice=ListChoice.Choice.PIN)
    Article.objects.filter(pk=read["招标"].pk).update(status=Article.Status.DRAFT)

    assert listed(client.get("/").content.decode(), "week") == ["第一", "第二", "第三"]


def test_the_lists_change_as_soon_as_a_pin_is_made_or_taken_away(client, read):
    assert listed(client.get("/").content.decode(), "week")[0] == "第一"  # now kept

    pin = ListChoice.objects.create(article=read["第三"], choice=ListChoice.Choice.PIN)
    assert listed(client.get("/").content.decode(), "week") == ["第三", "第一", "第二"]
    pin.delete()
    assert listed(client.get("/").content.decode(), "week") == ["第一", "第二", "第三"]


def test_the_latest_pin_comes_first(client, read):
    for title in ("第二", "第三"):
        ListChoice.objects.create(article=read[title], choice=ListChoice.Choice.PIN)

    assert listed(client.get("/").content.decode(), "week") == ["第三", "第二", "第一"]


def test_a_chief_editor_pins_from_the_admin_and_the_log_records_it(chief_client, read):
    response = chief_client.post(ADD, {"article": read["第三"].pk, "choice": "pin"})

    assert response.status_code == 302
    choice = ListChoice.objects.get()
    assert choice.article == read["第三"]
    entry = Entry.objects.get(object_type="readership.listchoice")
    assert (entry.action, entry.username, entry.object_id) == ("create", "chief", str(choice.pk))
    assert entry.detail["fields"]["choice"] == [None, "pin"]
    page = chief_client.get("/admin/readership/listchoice/").content.decode()
    assert "第三" in page and "置顶" in page


def test_a_reporter_can_neither_pin_nor_see_the_pins(editor_client, read):
    assert editor_client.get(ADD).status_code == 403
    assert editor_client.post(ADD, {"article": read["第三"].pk, "choice": "pin"}).status_code == 403
    assert editor_client.get("/admin/readership/listchoice/").status_code == 403
    assert "/admin/readership/listchoice/" not in editor_client.get("/admin/").content.decode()
    assert not ListChoice.objects.exists()


def test_a_chief_editor_limited_to_some_columns_chooses_only_for_their_articles(
    chief_client, chief_editor, demo_tree, make_article, read
):
    """Column rights hold here as on the article form: a chief editor of 数据要素 neither
    pins nor keeps out another column's article, nor changes a choice made for one."""
    right = ColumnRight.objects.create(user=chief_editor)
    right.columns.add(demo_tree["data-elements"])
    theirs = ListChoice.objects.create(article=read["招标"], choice=ListChoice.Choice.PIN)
    other = make_article(demo_tree["tenders"], title="另一篇招标")

    refused = chief_client.post(ADD, {"article": other.pk, "choice": "keep_out"})
    chief_client.post(
        f"/admin/readership/listchoice/{theirs.pk}/change/",
        {"article": read["招标"].pk, "choice": "keep_out"},
    )
    chief_client.post(f"/admin/readership/listchoice/{theirs.pk}/delete/", {"post": "yes"})
    allowed = chief_client.post(ADD, {"article": read["第三"].pk, "choice": "pin"})

    assert refused.status_code == 200 and "article" in refused.context["adminform"].form.errors
    assert ListChoice.objects.get(article=read["招标"]).choice == ListChoice.Choice.PIN
    assert not ListChoice.objects.filter(article=other).exists()
    assert allowed.status_code == 302
    assert list(chief_client.get("/admin/readership/listchoice/").context["cl"].result_list) == [
        ListChoice.objects.get(article=read["第三"])
    ]
