"""The footer's inspection items (《政府网站与政务新媒体检查指标》): 网站标识码, the 党政机关标识,
the 公安备案 badge beside its number, and a 找错 link on every reader page."""

import re

from sitesettings.models import SiteSettings

from .helpers import section
from .test_site_settings import settings_form


def test_the_footer_shows_what_staff_set_for_inspections(admin_client, client, db, jpeg_upload):
    response = admin_client.post(
        "/admin/sitesettings/sitesettings/1/change/",
        settings_form(
            police_number="京公网安备 11010502030143号",
            police_badge=jpeg_upload("police.jpg", (20, 20)),
            site_code="1100000088",
            government_badge=jpeg_upload("mark.jpg", (110, 55)),
            government_badge_url="bszs.conac.cn/sitename?id=1",
        ),
    )
    assert response.status_code == 302

    filings = section(client.get("/").content.decode(), "filings", "p")

    record = SiteSettings.objects.get()
    assert re.fullmatch(r"site/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", record.government_badge.name)
    assert (
        '<a class="government-badge" href="https://bszs.conac.cn/sitename?id=1" rel="noopener"'
        f' target="_blank"><img src="{record.government_badge.url}" alt="党政机关" height="48">'
    ) in filings
    assert '<span class="site-code">网站标识码： 1100000088</span>' in filings
    assert (
        f'target="_blank"><img src="{record.police_badge.url}" alt="" height="20">'
        "京公网安备 11010502030143号<"
    ) in filings


def test_a_site_code_of_the_wrong_shape_is_refused(admin_client, db):
    response = admin_client.post(
        "/admin/sitesettings/sitesettings/1/change/", settings_form(site_code="12345")
    )

    assert response.status_code == 200
    assert not SiteSettings.objects.filter(site_code="12345").exists()


def test_every_reader_page_links_to_the_error_report_form_with_its_address(client, reader_site):
    for name in ("home", "column", "article", "English home"):
        url = reader_site["urls"][name]
        footer = section(client.get(url).content.decode(), "site-footer", "footer")
        form = "/en/report-error/" if url.startswith("/en/") else "/report-error/"
        label = "Report an error" if url.startswith("/en/") else "找错"
        assert f'<a class="report-error" href="{form}?page={url}">{label}</a>' in footer
