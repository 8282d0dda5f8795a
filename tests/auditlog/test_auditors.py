"""The auditors (审计员) read the log and download it, and nothing else; the administrators
whose actions it records do not read it; no one adds, changes or deletes an entry."""

import csv
import io

import pytest
from django.test import Client

from auditlog.models import Action, Entry
from auditlog.records import record

from ..helpers import text_of
from .conftest import entries

LIST = "/admin/auditlog/entry/"


@pytest.fixture
def some_entries(db, django_user_model):
    reporter = django_user_model.objects.create_user("reporter", email="", is_staff=True)
    reporter.email = "r@example.cn"
    reporter.save()
    record(Action.LOGIN_FAILED, username='=HYPERLINK("http://x")', succeeded=False)
    return reporter


def test_an_auditor_reads_the_log_in_chinese(auditor_client, some_entries):
    page = text_of(auditor_client.get(LIST).content.decode())
    assert "审计日志" in page
    assert "登录失败" in page
    assert "电子邮件地址：— → r@example.cn" in page


def test_the_log_in_english(auditor_client, some_entries):
    response = auditor_client.get(LIST, headers={"accept-language": "en"})
    page = text_of(response.content.decode())
    assert "Login failed" in page
    assert "email address: — → r@example.cn" in page


def test_an_auditor_sees_no_other_admin_page(auditor_client):
    index = auditor_client.get("/admin/").content.decode()
    assert 'href="/admin/auditlog/entry/"' in index
    assert 'href="/admin/news/' not in index and 'href="/admin/auth/' not in index
    for page in (
        "/admin/news/article/",
        "/admin/auth/user/",
        "/admin/sitesettings/sitesettings/1/change/",
    ):
        assert auditor_client.get(page).status_code == 403


def test_an_administrator_does_not_read_the_log(admin_client_, superuser):
    assert admin_client_.get(LIST).status_code == 403
    assert admin_client_.get(LIST + "export/").status_code == 403
    assert 'href="/admin/auditlog/' not in admin_client_.get("/admin/").content.decode()


def test_an_administrator_in_the_auditors_group_still_does_not(superuser):
    from django.contrib.auth.models import Group

    superuser.groups.add(Group.objects.get(name="审计员"))
    client = Client()
    client.force_login(superuser)
    assert client.get(LIST).status_code == 403


def test_no_page_adds_changes_or_deletes_an_entry(auditor_client, some_entries):
    entry = Entry.objects.get(action=Action.LOGIN_FAILED)
    page = f"{LIST}{entry.pk}/change/"
    assert auditor_client.get(page).status_code == 200  # to read
    assert auditor_client.post(page, {"username": "x"}).status_code == 403
    assert auditor_client.get(f"{LIST}add/").status_code == 403
    assert auditor_client.post(f"{LIST}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    deleting = {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    auditor_client.post(LIST, deleting)
    assert Entry.objects.get(pk=entry.pk).username == entry.username


def test_the_download_is_the_filtered_list_safe_for_spreadsheets(auditor_client, some_entries):
    response = auditor_client.get(LIST + "export/", {"action": Action.LOGIN_FAILED})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="audit-log-')
    content = b"".join(response.streaming_content).decode()
    assert content.startswith("\ufeff")
    header, *rows = list(csv.reader(io.StringIO(content.lstrip("\ufeff"))))
    assert header[:5] == ["时间", "用户", "客户端地址", "操作", "结果"]
    assert len(rows) == 1
    assert rows[0][1] == '\'=HYPERLINK("http://x")'
    assert rows[0][3:5] == ["登录失败", "失败"]
    (exported,) = entries(action=Action.EXPORT)
    assert (exported.username, exported.detail["count"]) == ("auditor", 1)


def test_a_download_with_an_unknown_filter_is_no_error(auditor_client, db):
    response = auditor_client.get(LIST + "export/", {"no_such_field": "1"})
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_an_address_typed_in_the_search_finds_its_entries(auditor_client, db):
    record(Action.LOGIN_FAILED, username="a", succeeded=False)
    Entry.objects.create(action=Action.LOGIN_FAILED, username="b", address="2001:db8::1")
    found = auditor_client.get(LIST, {"q": "2001:db8::1"}).context["cl"].result_list
    assert [e.username for e in found] == ["b"]
    assert auditor_client.get(LIST, {"q": "2001:db8::1::"}).status_code == 200
