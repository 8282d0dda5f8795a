"""The newsroom's own admin pages lead back as Django admin's pages do: home, the app, the
list, the article, and the page itself (主页 › 新闻 › 文章 › <article> › …), in each language."""

import re

import pytest

from newsroom.revisions import versions_of

from ..helpers import article_form, text_of


def breadcrumbs(client, address, language, **data):
    method = client.post if data else client.get
    page = method(address, data, headers={"accept-language": language}).content.decode()
    found = re.search(r'<div class="breadcrumbs">(.*?)</div>', page, re.S)
    assert found, f"no breadcrumbs on {address}"
    return text_of(found.group(1))


@pytest.fixture
def revised(chief_client, demo_tree, make_article):
    """An article with two revisions: as loaded, and with a new title."""
    column = demo_tree["industry-planning"]
    article = make_article(column, title="园区调查")
    chief_client.post(
        f"/admin/news/article/{article.pk}/change/",
        article_form(column, article, title="园区调查报告", keywords=article.keywords),
    )
    return article


@pytest.mark.parametrize(
    "language, expected",
    [
        ("zh-hans", "主页 › 新闻 › 文章 › 园区调查报告 › 历史 › 比较"),
        ("en", "Home › News › Articles › 园区调查报告 › History › Compare"),
    ],
)
def test_the_compare_page_leads_back_through_the_app(chief_client, revised, language, expected):
    older = versions_of(revised).last()
    address = f"/admin/news/article/{revised.pk}/history/compare/?a={older.pk}"
    assert breadcrumbs(chief_client, address, language) == expected
    # Django's own change page of the article says the same up to the article.
    django_says = breadcrumbs(chief_client, f"/admin/news/article/{revised.pk}/change/", language)
    assert expected.startswith(django_says + " › ")


@pytest.mark.parametrize(
    "language, expected",
    [
        ("zh-hans", "主页 › 新闻 › 文章 › 园区调查报告 › 历史 › 恢复"),
        ("en", "Home › News › Articles › 园区调查报告 › History › Restore"),
    ],
)
def test_the_restore_page_leads_back_through_the_app(chief_client, revised, language, expected):
    older = versions_of(revised).last()
    address = f"/admin/news/article/{revised.pk}/history/{older.pk}/restore/"
    assert breadcrumbs(chief_client, address, language) == expected


@pytest.mark.parametrize(
    "language, expected",
    [("zh-hans", "主页 › 新闻 › 文章 › "), ("en", "Home › News › Articles › ")],
)
def test_an_actions_confirmation_page_leads_back_through_the_app(
    chief_client, revised, language, expected
):
    said = breadcrumbs(
        chief_client,
        "/admin/news/article/",
        language,
        action="unpublish",
        _selected_action=[revised.pk],
        index=0,
    )
    assert said.startswith(expected) and len(said) > len(expected)
