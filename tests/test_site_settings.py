"""Site settings and friendly links: edited in the admin, in every page's header and footer,
read from the cache at most once per request and fresh after a save, in any process."""

import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sitesettings.models import FriendlyLink, SiteSettings

from .buckets import readable
from .helpers import section, text_of

PROJECT = Path(__file__).resolve().parent.parent
OTHER_PROCESS_PORT = 8517
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/3")


def settings_form(**overrides):
    data = {
        "site_name": "园区门户网",
        "seo_description": "",
        "seo_keywords": "",
        "address": "",
        "phone": "",
        "email": "",
        "icp_number": "",
        "police_number": "",
        "_save": "Save",
    }
    data.update(overrides)
    return data


def footer(client):
    return section(client.get("/").content.decode(), "site-footer", "footer")


def test_a_fresh_install_is_named_by_site_name(client, db, settings):
    settings.SITE_NAME = "环境变量里的站名"

    page = client.get("/").content.decode()

    assert not SiteSettings.objects.exists()
    assert '<a class="brand" href="/">环境变量里的站名</a>' in page
    assert "<title>环境变量里的站名</title>" in page


def test_the_admin_edits_the_one_record(admin_client, client, db):
    assert admin_client.get("/admin/sitesettings/sitesettings/").url == (
        "/admin/sitesettings/sitesettings/1/change/"
    )
    assert admin_client.get("/admin/sitesettings/sitesettings/add/").status_code == 403
    client.get("/")  # the old name is now in the cache

    response = admin_client.post(
        "/admin/sitesettings/sitesettings/1/change/",
        settings_form(
            icp_number="京ICP备12345678号-1", police_number="京公网安备 11010502030143号"
        ),
    )

    assert response.status_code == 302
    assert SiteSettings.objects.count() == 1
    page = client.get("/").content.decode()
    assert '<a class="brand" href="/">园区门户网</a>' in page
    links = section(page, "filings", "p")
    assert (
        '<a class="icp" href="https://beian.miit.gov.cn/" rel="noopener" target="_blank">'
        "京ICP备12345678号-1<" in links
    )
    assert (
        '<a class="police" href="http://www.beian.gov.cn/portal/registerSystemInfo?'
        'recordcode=11010502030143" rel="noopener" target="_blank">京公网安备 11010502030143号<'
        in links
    )
    assert "园区门户网" in admin_client.get("/admin/").content.decode()


def test_filing_numbers_of_the_wrong_shape_are_refused(admin_client, db):
    response = admin_client.post(
        "/admin/sitesettings/sitesettings/1/change/",
        settings_form(icp_number="ICP 12345", police_number="京公网安备 123号"),
    )

    assert response.status_code == 200
    errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', response.content.decode())
    assert len(errors) == 2
    assert "京ICP备12345678号-1" in errors[0]


def test_the_footer_shows_contact_and_shown_friendly_links_in_order(client, db):
    SiteSettings.objects.create(address="深圳市南山区示例路 1 号", phone="0755-1234 5678")
    FriendlyLink.objects.create(name="国家统计局", url="https://www.stats.gov.cn/", order=2)
    FriendlyLink.objects.create(name="中国政府网", url="https://www.gov.cn/", order=1)
    FriendlyLink.objects.create(name="隐藏的链接", url="https://example.com/", is_shown=False)

    links = section(footer(client), "friendly-links", "nav")

    assert re.findall(
        r'<a href="([^"]+)" rel="noopener" target="_blank"><span>([^<]+)<', links
    ) == [
        ("https://www.gov.cn/", "中国政府网"),
        ("https://www.stats.gov.cn/", "国家统计局"),
    ]
    assert "（在新标签页中打开）" in links
    assert "地址： 深圳市南山区示例路 1 号" in text_of(footer(client))
    assert 'href="tel:0755-12345678"' in footer(client)


def test_the_default_description_and_keywords_fill_pages_without_their_own(client, demo_tree):
    SiteSettings.objects.create(seo_description="站点默认描述", seo_keywords="园区,经济")

    home = client.get("/").content.decode()
    column = client.get("/columns/industry-planning/").content.decode()

    assert '<meta name="description" content="站点默认描述">' in home
    assert '<meta name="keywords" content="园区,经济">' in home
    assert '<meta name="keywords" content="园区,经济">' in column


def test_read_at_most_once_per_request_then_from_the_cache(client, db):
    SiteSettings.objects.create(address="地址", icp_number="京ICP备12345678号-1")
    FriendlyLink.objects.create(name="中国政府网", url="https://www.gov.cn/")

    def settings_queries():
        with CaptureQueriesContext(connection) as queries:
            client.get("/")
        return [q["sql"] for q in queries if "sitesettings_" in q["sql"]]

    assert len(settings_queries()) == 2  # the record and the links, once each
    assert settings_queries() == []


def other_process_env():
    db = connection.settings_dict
    url = (
        f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": url,
        "REDIS_URL": REDIS_URL,
    }


def fetch(path):
    with urllib.request.urlopen(f"http://127.0.0.1:{OTHER_PROCESS_PORT}{path}") as response:
        return response.read().decode()


def redis_reachable():
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        return False


@pytest.mark.skipif(
    "postgresql" not in django_settings.DATABASES["default"]["ENGINE"],
    reason="another process can only read the test database on PostgreSQL",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_change_shows_in_another_process_at_once(admin_client, settings):
    if not redis_reachable():
        pytest.skip(f"no Redis at {REDIS_URL}")
    settings.CACHES = {
        "default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": REDIS_URL}
    }
    from django.core.cache import cache

    cache.clear()
    SiteSettings.objects.create(site_name="旧站名")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{OTHER_PROCESS_PORT}"],
        cwd=PROJECT,
        env=other_process_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                first = fetch("/")
                break
            except OSError:
                time.sleep(0.2)
        assert '<a class="brand" href="/">旧站名</a>' in first  # and cached by that process

        admin_client.post(
            "/admin/sitesettings/sitesettings/1/change/",
            settings_form(site_name="新站名", icp_number="沪ICP备87654321号"),
        )

        page = fetch("/")
        assert '<a class="brand" href="/">新站名</a>' in page
        assert "沪ICP备87654321号" in page
    finally:
        server.terminate()
        server.wait(timeout=10)
        cache.clear()


def test_logos_are_stored_under_generated_names_from_their_format(admin_client, db, media_storage):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    def png(name):
        buffer = BytesIO()
        Image.new("RGB", (120, 40), (10, 60, 120)).save(buffer, format="PNG")
        return SimpleUploadedFile(name, buffer.getvalue(), "application/pdf")

    response = admin_client.post(
        "/admin/sitesettings/sitesettings/1/change/", settings_form(logo=png("l.pdf"))
    )
    link = FriendlyLink.objects.create(name="示例", url="https://example.com/", logo=png("x.pdf"))

    assert response.status_code == 302
    assert re.fullmatch(r"site/\d{4}/\d{2}/[0-9a-f]{32}\.png", SiteSettings.objects.get().logo.name)
    assert re.fullmatch(r"links/\d{4}/\d{2}/[0-9a-f]{32}\.png", link.logo.name)
    # Readers fetch them where media are kept (the bucket: public prefixes).
    assert readable(SiteSettings.objects.get().logo.url) and readable(link.logo.url)
