"""The user and group pages in the user's language: the permission picker names each
permission from translated names, and a deletion lists what goes without Django's tie rows."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from ..helpers import CHIEF_EDITORS, EDITORS, text_of


@pytest.fixture
def superuser_client(django_user_model):
    def make(language):
        user = django_user_model.objects.create_superuser(f"管理员{language}", password="x-pass-1")
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        client.force_login(user)
        return client

    return make


def picker(response, name):
    """{permission id: (label, selected)} of the form's permission list `name`."""
    select = re.search(
        rf'<select name="{name}"[^>]*>(.*?)</select>', response.content.decode(), re.S
    )
    return {
        int(pk): (text_of(label), bool(selected))
        for pk, selected, label in re.findall(
            r'<option value="(\d+)"( selected)?>(.*?)</option>', select.group(1), re.S
        )
    }


def codename(pk):
    return Permission.objects.get(pk=pk).codename


def test_group_permissions_are_named_in_chinese_and_the_groups_own_stay_chosen(
    superuser_client,
):
    chiefs = Group.objects.get(name=CHIEF_EDITORS)

    page = superuser_client("zh-hans").get(f"/admin/auth/group/{chiefs.pk}/change/")
    options = picker(page, "permissions")

    labels = {codename(pk): label for pk, (label, _) in options.items()}
    assert labels["add_article"] == "新闻 | 文章 | 可以添加 文章"
    assert labels["view_category"] == "栏目 | 栏目 | 可以查看 栏目"
    assert labels["publish_article"] == "新闻 | 文章 | 可以发布、撤回和定时发布文章"
    assert labels["change_user"] == "认证和授权 | 用户 | 可以修改 用户"
    assert not [label for label in labels.values() if "Can " in label]
    chosen = {codename(pk) for pk, (_, selected) in options.items() if selected}
    assert chosen == set(chiefs.permissions.values_list("codename", flat=True))


def test_an_english_user_reads_them_in_english(superuser_client, django_user_model):
    reporter = django_user_model.objects.create_user("记者", is_staff=True)

    page = superuser_client("en").get(f"/admin/auth/user/{reporter.pk}/change/")
    labels = {codename(pk): label for pk, (label, _) in picker(page, "user_permissions").items()}

    assert labels["add_article"] == "News | article | Can add article"
    assert (
        labels["publish_article"] == "News | article | Can publish, unpublish and schedule articles"
    )


def test_saving_a_group_keeps_its_permissions(superuser_client):
    editors = Group.objects.get(name=EDITORS)
    kept = set(editors.permissions.all())

    response = superuser_client("zh-hans").post(
        f"/admin/auth/group/{editors.pk}/change/",
        {"name": EDITORS, "permissions": [p.pk for p in kept]},
    )

    assert response.status_code == 302
    assert set(editors.permissions.all()) == kept


def test_deleting_a_group_names_it_without_the_tie_rows(superuser_client, django_user_model):
    editors = Group.objects.get(name=EDITORS)
    django_user_model.objects.create_user("记者", is_staff=True).groups.add(editors)

    page = text_of(
        superuser_client("zh-hans").get(f"/admin/auth/group/{editors.pk}/delete/").content.decode()
    )

    assert f"组: {EDITORS}" in page
    assert "关系" not in page
    assert "object (" not in page
