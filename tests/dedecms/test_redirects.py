"""The old site's addresses answer 301 with the new page, with one query each; the site's
own pages are not theirs."""

import re

import pytest

from categories.models import Category
from news.models import Article


@pytest.fixture
def imported(utf8_site, import_dedecms):
    import_dedecms(utf8_site)
    article = Article.objects.get(legacy_id=101)
    return {
        "article": article.get_absolute_url(),
        "column": Category.objects.get(legacy_id=2).get_absolute_url(),
        "third level": Category.objects.get(legacy_id=4).get_absolute_url(),
    }


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/plus/view.php?aid=101", "article"),
        ("/a/news/chanyeguihua/2023/0105/101.html", "article"),
        ("/news/chanyeguihua/2023/0105/101.html", "article"),  # a site without the /a/ prefix
        ("/plus/list.php?tid=2", "column"),
        ("/a/news/chanyeguihua/", "column"),
        ("/a/news/chanyeguihua/index.html", "column"),
        ("/a/news/chanyeguihua/list_2_3.html", "column"),
        ("/a/news/chanyeguihua/yuanqu/", "third level"),
    ],
)
def test_old_addresses_answer_301_with_one_query(
    imported, old, new, client, django_assert_num_queries
):
    with django_assert_num_queries(1):
        response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == imported[new]
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    "old",
    [
        "/plus/view.php?aid=103",  # in the recycle bin: not imported
        "/plus/view.php?aid=999",
        "/plus/view.php?aid=abc",
        "/plus/view.php",
        "/plus/view.php?aid=99999999999999999999999",
        "/plus/view.php?aid=" + "9" * 4400,  # longer than Python converts to a number
        "/plus/list.php?tid=" + "1" * 4400,
        "/a/news/2023/0105/" + "9" * 4400 + ".html",
        "/a/%00/",  # PostgreSQL refuses a NUL in a string
        "/a/news/2023/0105/999.html",
        "/plus/list.php?tid=6",  # an external link: not imported
        "/plus/list.php?tid=-1",
        "/a/nowhere/",
        "/nowhere/",  # no column published there
        "/nowhere",  # not redirected to /nowhere/ (a 301 to a 404)
        "/ckeditor/upload/x",
        "/en/nowhere/index.html",
        "/a/news/list_999_1.html",
    ],
)
def test_unknown_old_addresses_are_404(imported, old, client):
    assert client.get(old).status_code == 404


def test_a_column_published_at_the_root_answers_at_its_old_address(
    editable_site, import_dedecms, client
):
    editable_site.add_column((8, 0, 5, "通知公告", "{cmspath}/tongzhigonggao", 0, 0, "", "", ""))
    import_dedecms(editable_site)
    column = Category.objects.get(legacy_id=8).get_absolute_url()

    for old in ("/tongzhigonggao/", "/tongzhigonggao/index.html", "/tongzhigonggao/list_8_2.html"):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, column)


def test_columns_sharing_a_directory_lead_to_the_first_and_are_reported(
    editable_site, import_dedecms, client
):
    editable_site.add_column((9, 0, 6, "新闻中心旧版", "{cmspath}/a/news/", 0, 0, "", "", ""))
    output = import_dedecms(editable_site)

    assert "column 9: its directory /a/news/ is column 1's too" in output
    response = client.get("/a/news/")
    assert response["Location"] == Category.objects.get(legacy_id=1).get_absolute_url()


@pytest.mark.parametrize("page", ["/search/?q=园区", "/feed/", "/en/"])
def test_the_sites_own_pages_are_not_taken_for_old_addresses(imported, page, client):
    assert client.get(page).status_code == 200


@pytest.mark.parametrize("path", ["//evil.example/", "//evil/", "/a/nowhere/", "/nowhere/"])
def test_a_page_not_found_at_an_old_address_links_to_no_other_site(imported, path, client):
    response = client.get("/", PATH_INFO=path)

    assert response.status_code == 404
    page = response.content.decode()
    assert "evil" not in page
    links = re.findall(r'<a href="([^"]*)"[^>]*hreflang="([^"]+)"', page)
    assert {href for href, _language in links} == {"/", "/en/"}
