"""The user and group pages in the user's language: the permission picker names each
permission from translated names, and a deletion lists what goes without Django's tie rows."""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from ..helpers import CHIEF_EDITORS, EDITORS, english_words, text_of


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
    assert [label for label in labels.values() if english_words(label)] == []
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


def test_login_attempts_are_listed_and_cleaned_up_in_chinese(superuser_client, settings):
    from datetime import timedelta

    from axes.models import AccessAttempt
    from django.utils import timezone

    def attempt(username, failures, age):
        AccessAttempt.objects.create(
            username=username,
            ip_address="203.0.113.7",
            user_agent="浏览器",
            failures_since_start=failures,
            get_data="",
            post_data="",
        )
        AccessAttempt.objects.filter(username=username).update(attempt_time=timezone.now() - age)

    client = superuser_client("zh-hans")  # logging in cleans up expired attempts too
    attempt("记者", 1, timedelta(minutes=1))
    attempt("旧的", settings.AXES_FAILURE_LIMIT, settings.AXES_COOLOFF_TIME + timedelta(minutes=1))

    listed = text_of(client.get("/admin/axes/accessattempt/").content.decode())
    cleaned = client.post(
        "/admin/axes/accessattempt/",
        {
            "action": "cleanup_expired_attempts",
            "_selected_action": list(AccessAttempt.objects.values_list("pk", flat=True)),
            "index": 0,
        },
        follow=True,
    )

    assert "登录记录 › 登录尝试" in listed
    assert f"还可尝试 {settings.AXES_FAILURE_LIMIT - 1} 次" in listed
    assert "已锁定" in listed
    assert "已清理 1 条过期的登录尝试。" in text_of(cleaned.content.decode())
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["记者"]


def test_the_user_list_says_yes_and_no_in_the_users_language(superuser_client, django_user_model):
    django_user_model.objects.create_user("读者")

    icons = {
        language: re.findall(
            r'<img src="[^"]*icon-(yes|no)\.svg" alt="([^"]*)">',
            superuser_client(language).get("/admin/auth/user/").content.decode(),
        )
        for language in ("zh-hans", "en")
    }

    assert set(icons["zh-hans"]) == {("yes", "是"), ("no", "否")}
    assert set(icons["en"]) == {("yes", "Yes"), ("no", "No")}
