"""Accounts, groups, permissions, column rights, site settings and friendly links: each
create, change and delete is one entry, however many parts of the object one save changed,
with each field's value before and after, and never a password."""

from io import StringIO

from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.utils import timezone, translation

from auditlog.models import Action
from newsroom.models import ColumnRight
from sitesettings.models import FriendlyLink, SiteSettings

from ..helpers import CHIEF_EDITORS, EDITORS
from .conftest import entries


def user_form(user, **changes):
    joined = timezone.localtime(user.date_joined)
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "groups": [group.pk for group in user.groups.all()],
        "user_permissions": [],
        "date_joined_0": joined.strftime("%Y-%m-%d"),
        "date_joined_1": joined.strftime("%H:%M:%S"),
    }
    if user.is_staff:
        data["is_staff"] = "on"
    data.update(changes)
    return data


def test_adding_an_account_is_one_entry_without_its_password(admin_client_, superuser):
    response = admin_client_.post(
        "/admin/auth/user/add/",
        {"username": "reporter", "password1": "Tw0-long-pass!", "password2": "Tw0-long-pass!"},
    )
    assert response.status_code == 302
    (created,) = entries(action=Action.CREATE, object_repr="reporter")
    assert created.object_type == "auth.user"
    assert (created.username, created.user_id, created.address) == (
        "boss",
        superuser.pk,
        "127.0.0.1",
    )
    assert created.detail["fields"]["username"] == [None, "reporter"]
    assert created.detail["fields"]["password"] == [0, 1]
    assert "pbkdf2" not in str(created.detail) and "Tw0-long" not in str(created.detail)


def test_one_save_of_an_account_is_one_entry_with_fields_and_groups(
    admin_client_, django_user_model
):
    reporter = django_user_model.objects.create_user("reporter", is_staff=True)
    reporter.groups.add(Group.objects.get(name=EDITORS))
    before = len(entries())
    chiefs = Group.objects.get(name=CHIEF_EDITORS)

    response = admin_client_.post(
        f"/admin/auth/user/{reporter.pk}/change/",
        user_form(reporter, email="r@example.cn", groups=[chiefs.pk]),
    )

    assert response.status_code == 302
    (changed,) = entries()[before:]
    assert (changed.action, changed.object_repr) == (Action.CHANGE, "reporter")
    assert changed.detail == {
        "fields": {"email": ["", "r@example.cn"]},
        "added": {"groups": [CHIEF_EDITORS]},
        "removed": {"groups": [EDITORS]},
    }
    assert changed.origin == f"/admin/auth/user/{reporter.pk}/change/"


def test_a_save_that_changes_nothing_leaves_no_entry(admin_client_, django_user_model):
    reporter = django_user_model.objects.create_user("reporter", is_staff=True)
    before = len(entries())
    admin_client_.post(f"/admin/auth/user/{reporter.pk}/change/", user_form(reporter))
    assert entries()[before:] == []


def test_a_password_change_says_so_and_keeps_no_hash(admin_client_, django_user_model):
    reporter = django_user_model.objects.create_user("reporter", is_staff=True)
    before = len(entries())
    response = admin_client_.post(
        f"/admin/auth/user/{reporter.pk}/password/",
        {"password1": "N3w-long-pass!", "password2": "N3w-long-pass!"},
    )
    assert response.status_code == 302
    (changed,) = entries()[before:]
    assert changed.detail == {"fields": {"password": [0, 1]}}


def test_a_groups_permissions_are_kept_by_code(admin_client_):
    group = Group.objects.create(name="值班编辑")
    before = len(entries())
    publish = Permission.objects.get(codename="publish_article")
    admin_client_.post(
        f"/admin/auth/group/{group.pk}/change/", {"name": "值班编辑", "permissions": [publish.pk]}
    )
    (changed,) = entries()[before:]
    assert (changed.object_type, changed.detail) == (
        "auth.group",
        {"added": {"permissions": ["news.publish_article"]}},
    )


def test_adding_members_to_a_group_from_code_is_noted_on_each_account(django_user_model):
    one = django_user_model.objects.create_user("one")
    two = django_user_model.objects.create_user("two")
    before = len(entries())
    Group.objects.get(name=EDITORS).user_set.add(one, two)
    added = entries()[before:]
    assert sorted(entry.object_repr for entry in added) == ["one", "two"]
    assert {str(entry.detail) for entry in added} == {str({"added": {"groups": [EDITORS]}})}


def test_a_column_right_is_one_entry_with_its_columns(admin_client_, demo_tree, django_user_model):
    reporter = django_user_model.objects.create_user("reporter", is_staff=True)
    column = demo_tree["industry-planning"]
    before = len(entries())
    response = admin_client_.post(
        "/admin/newsroom/columnright/add/", {"user": reporter.pk, "columns": [column.pk]}
    )
    assert response.status_code == 302
    (created,) = entries()[before:]
    assert (created.action, created.object_type) == (Action.CREATE, "newsroom.columnright")
    assert created.detail == {
        "fields": {"user": [None, "reporter"]},
        "added": {"columns": [str(column)]},
    }
    right = ColumnRight.objects.get()
    admin_client_.post(f"/admin/newsroom/columnright/{right.pk}/delete/", {"post": "yes"})
    assert entries()[-1].action == Action.DELETE


def test_site_settings_and_friendly_links(admin_client_, db):
    from ..test_site_settings import settings_form

    SiteSettings.objects.create(pk=1, site_name="园区门户网")
    before = len(entries())
    admin_client_.post(
        "/admin/sitesettings/sitesettings/1/change/", settings_form(phone="010-12345678")
    )
    (changed,) = entries()[before:]
    assert (changed.object_type, changed.action) == ("sitesettings.sitesettings", Action.CHANGE)
    assert changed.detail["fields"]["phone"] == ["", "010-12345678"]

    link = FriendlyLink.objects.create(name="中国政府网", url="https://www.gov.cn/")
    link.delete()
    created, deleted = entries()[-2:]
    assert (created.action, deleted.action) == (Action.CREATE, Action.DELETE)
    assert deleted.object_repr == "中国政府网"


def test_a_command_names_itself_and_the_system_user(db):
    call_command("ensure_admin", stdout=StringIO())
    (created,) = entries(action=Action.CREATE)
    assert created.username == "" and created.address is None
    assert "(" in created.origin and "@" in created.origin  # by which system user, where


def test_deleting_an_account_leaves_its_trail_as_it_was(django_user_model):
    reporter = django_user_model.objects.create_user("reporter")
    before = entries()
    reporter.delete()
    assert [e.pk for e in entries()[: len(before)]] == [e.pk for e in before]
    assert entries()[-1].action == Action.DELETE


def test_a_choice_and_a_time_read_in_the_readers_language_and_local_time():
    from auditlog import details
    from auditlog.models import Entry

    entry = Entry(
        action=Action.CHANGE,
        object_type="wording.sensitiveword",
        detail={
            "fields": {
                "level": ["warn", "block"],
                "updated_at": ["2026-12-06T05:45:57.053161+00:00", "2026-12-06T05:50:00+00:00"],
            }
        },
    )

    with translation.override("zh-hans"):
        said = details.describe(entry)

    assert "warn" not in said and "block" not in said
    assert "提示 → 禁用" in said
    assert "2026-12-06 13:45:57 → 2026-12-06 13:50:00" in said


def test_a_restored_versions_time_read_in_local_time():
    """A restore's entry names the version restored by its time as the auditor's clock says
    (Asia/Shanghai), not by the UTC time it is kept in: 22:57 UTC is 06:57 the next day."""
    from auditlog import details
    from auditlog.models import Entry

    entry = Entry(
        action=Action.RESTORE,
        object_type="news.article",
        detail={"revision": "2026-12-06T22:57:41.500000+00:00", "as_change": False},
    )

    with translation.override("zh-hans"):
        said = details.describe(entry)

    assert "2026年12月7日 06:57 的版本" in said
