"""找错: readers report an error through a simple form; reports are kept for staff, a client
address may send a few an hour, robots that fill the honeypot are thanked and dropped, and
no input makes a 500. The form sets no cookie, as reader pages do not."""

import pytest
from django.test import Client

from inspection.models import ErrorReport
from inspection.views import REPORTS_PER_HOUR

from .helpers import text_of


def report(client, address="203.0.113.7", **fields):
    data = {"page": "/articles/1/", "description": "第二段的日期写错了。", "contact": ""}
    data.update(fields)
    return client.post("/report-error/", data, REMOTE_ADDR=address)


def test_the_form_names_the_page_it_was_opened_from(client, db):
    response = client.get("/report-error/?page=/articles/12/")

    page = response.content.decode()
    assert response.status_code == 200 and not response.cookies
    assert 'name="page" value="/articles/12/"' in page
    assert "<h1>找错</h1>" in page


def test_a_report_is_kept_and_staff_see_it(client, admin_client, db):
    response = report(client, contact="13800000000")

    assert response.status_code == 200 and not response.cookies
    assert "报告已发送" in text_of(response.content.decode())
    kept = ErrorReport.objects.get()
    assert (kept.page, kept.contact, kept.client_address) == (
        "/articles/1/",
        "13800000000",
        "203.0.113.7",
    )
    listing = admin_client.get("/admin/inspection/errorreport/").content.decode()
    assert "第二段的日期写错了。" in listing
    assert (
        "1 error report to handle"
        in admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )


def test_a_filled_honeypot_is_thanked_and_dropped(client, db):
    response = report(client, website="http://spam.example/")

    assert response.status_code == 200
    assert "报告已发送" in text_of(response.content.decode())
    assert not ErrorReport.objects.exists()


def test_the_honeypot_is_hidden_from_people(client, db):
    page = client.get("/report-error/").content.decode()

    assert '<div class="honeypot">' in page
    assert ".report-form .honeypot { display: none; }" in page


def test_an_address_sends_a_few_reports_an_hour(client, db):
    for _ in range(REPORTS_PER_HOUR):
        assert report(client).status_code == 200

    refused = report(client)

    assert refused.status_code == 429
    assert "过去一小时内" in refused.content.decode()
    assert report(client, address="198.51.100.1").status_code == 200
    assert ErrorReport.objects.count() == REPORTS_PER_HOUR + 1


@pytest.mark.parametrize(
    "fields",
    [
        {"description": ""},
        {"description": "   "},
        {"description": "字" * 2001},
        {"description": "控制\x07字符"},
        {"description": "空\x00字符"},
        {"page": "x" * 501},
        {"contact": "c" * 101},
        {"contact": "控制\x1b字符"},
    ],
)
def test_bad_input_is_refused_in_the_form(client, db, fields):
    response = report(client, **fields)

    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert not ErrorReport.objects.exists()


def test_odd_requests_get_no_500(client, db):
    assert client.get("/report-error/?page=%00").status_code in (200, 400)
    assert client.put("/report-error/").status_code == 405
    assert client.post("/report-error/", "not a form", content_type="text/plain").status_code == 200


def test_chief_editors_handle_reports(chief_client, db):
    report(Client())
    kept = ErrorReport.objects.get()

    listing = chief_client.get("/admin/inspection/errorreport/")
    chief_client.post(
        f"/admin/inspection/errorreport/{kept.pk}/change/", {"is_handled": "on", "_save": "1"}
    )

    assert listing.status_code == 200 and "第二段的日期写错了。" in listing.content.decode()
    assert ErrorReport.objects.get().is_handled
    assert chief_client.get("/admin/inspection/brokenlink/").status_code == 200
