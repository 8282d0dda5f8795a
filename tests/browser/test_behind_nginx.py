"""The deployment of docs/deploy.md in small: Debian's nginx running docs/nginx.conf in front
of two gunicorn instances sharing one media folder, on PostgreSQL. An editor writes and
publishes with an image, a reader reads it, nginx serves the image, and the site keeps
answering when one instance goes away."""

import re
import urllib.request

import pytest
from django.contrib.auth.models import Group, User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from playwright.sync_api import expect

from news.attachments import Attachment
from news.models import Article

from ..helpers import CHIEF_EDITORS, EDITORS
from ..servers import (  # noqa: F401  (fixtures)
    TEST_CERTIFICATES,
    fetch,
    nginx_site,
    postgres,
    server_env,
    start_nginx,
    start_server,
)
from .test_editor_flow import log_in, public_address, type_body, upload_image

# Also a fault-test: it needs PostgreSQL, which `make fault-test` runs it on.
# Restores the database it found, as the other browser tests do (their data survives it).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.faults,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # The test's own certificate, which no browser trusts.
    return {**browser_context_args, "ignore_https_errors": True}


@pytest.fixture
def editor_account(postgres, demo_tree):  # noqa: F811
    user = User.objects.create_user("editor", password="editor-pass-1", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS), Group.objects.get(name=CHIEF_EDITORS))
    return user


def test_editor_and_reader_through_nginx_and_two_instances(
    page,
    nginx_site,  # noqa: F811
    editor_account,
    demo_tree,
    tmp_path,
):
    site = nginx_site.url
    image = tmp_path / "map.png"
    Image.new("RGB", (400, 250), (30, 90, 160)).save(image)

    log_in(page, site, "editor", "editor-pass-1")
    page.goto(f"{site}/admin/news/article/add/")
    page.fill("#id_title", "经由反向代理发布的文章")
    page.select_option("#id_column", value=str(demo_tree["industry-planning"].pk))
    type_body(page)
    staff_address = upload_image(page, image)  # shown to staff through nginx (X-Accel)
    # A reader is sent to the login page.
    no_redirects = urllib.request.build_opener(NoRedirects, TEST_CERTIFICATES)
    assert fetch(site + staff_address, opener=no_redirects)[0] == 302
    page.click("input[name=_publish]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    article = Article.objects.get(title="经由反向代理发布的文章")
    assert article.status == Article.Status.PUBLISHED
    image_url = public_address(staff_address)

    page.goto(site + article.get_absolute_url())
    picture = page.locator(".article-body img")
    expect(picture).to_have_attribute("src", image_url)
    picture.evaluate("img => img.decode()")  # fails if nginx does not serve the image
    status, headers, _ = fetch(site + image_url)
    assert status == 200 and headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in headers["Content-Security-Policy"]

    nginx_site.instances[0].stop()
    for _ in range(4):  # round robin would reach the stopped instance at least once
        page.goto(site + article.get_absolute_url())
        expect(page.locator("h1.article-title")).to_have_text("经由反向代理发布的文章")


def test_one_client_starts_a_few_searches_a_second_through_nginx(nginx_site, demo_tree):  # noqa: F811
    site = nginx_site.url
    statuses = [fetch(f"{site}/search/?q=%E5%8D%8F%E5%90%8C")[0] for _ in range(30)]

    # Ten at once (the burst) and about two a second after them; the others are refused.
    assert statuses[:10] == [200] * 10
    assert 429 in statuses and set(statuses) == {200, 429}
    assert fetch(f"{site}/en/search/?q=x")[0] == 429
    assert fetch(f"{site}/")[0] == 200  # other pages are not limited


def test_a_port_added_to_the_host_does_not_reach_the_pages(nginx_site, demo_tree):  # noqa: F811
    status, _headers, page = fetch(f"{nginx_site.url}/", headers={"Host": "127.0.0.1:1"})

    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', page).group(1)
    assert status == 200 and canonical == "https://127.0.0.1/"


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_plain_http_sends_the_browser_to_https(nginx_site, demo_tree):  # noqa: F811
    status, headers, _ = fetch(
        f"{nginx_site.http_url}/columns/news/?page=2",
        opener=urllib.request.build_opener(NoRedirects),
    )

    assert status == 301 and headers["Location"] == "https://127.0.0.1/columns/news/?page=2"
    status, headers, _ = fetch(f"{nginx_site.url}/")
    assert status == 200 and headers["Strict-Transport-Security"].startswith("max-age=")


def test_staff_pages_answer_only_the_newsrooms_networks(start_nginx, demo_tree):  # noqa: F811
    # The test's requests come from 127.0.0.1: here it stands outside the newsroom.
    site = start_nginx(changes=[("allow 127.0.0.1;", "allow 192.0.2.7;")])

    for staff_page in ("/admin/login/", "/admin/news/article/", "/ckeditor/upload/"):
        assert fetch(site.url + staff_page)[0] == 403
    assert fetch(f"{site.url}/")[0] == 200
    assert fetch(f"{site.url}/columns/news/")[0] == 200


def test_attachments_and_pending_uploads_are_not_at_their_media_address(
    start_nginx,  # noqa: F811
    server_env,  # noqa: F811
    demo_tree,
    make_article,
):
    server_env["ATTACHMENT_X_ACCEL_REDIRECT"] = "1"  # as docs/deploy.md sets it
    site = start_nginx().url
    live = make_article(demo_tree["notices"])
    draft = make_article(demo_tree["notices"], status=Article.Status.DRAFT)
    content = b"%PDF-1.4 notice"
    public, private = (
        Attachment.objects.create(article=article, file=SimpleUploadedFile("通知.pdf", content))
        for article in (live, draft)
    )

    pending = [
        default_storage.save(f"pending/{folder}/2026/12/a.jpg", ContentFile(b"jpeg"))
        for folder in ("covers", "uploads", "uploads/files", "pictures", "pictures/thumbs")
    ]
    for name in (public.file.name, private.file.name, *pending):
        assert fetch(f"{site}/media/{name}")[0] == 404
    status, headers, body = fetch(site + public.get_absolute_url())
    assert (status, body) == (200, content.decode())
    assert headers["Content-Disposition"].startswith("attachment;")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert fetch(site + private.get_absolute_url())[0] == 404
