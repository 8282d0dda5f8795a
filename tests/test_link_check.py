"""check_links: every link in public articles' bodies checked, against a local stub server
(never the internet) and, for this site's own links, here; the broken ones kept for staff
and replaced by each run."""

import io
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from inspection.models import BrokenLink
from news.models import Article


class Stub(BaseHTTPRequestHandler):
    """/ok: 200; /gone: 404; /no-head: HEAD refused (405), GET 200; /slow: answers late."""

    asked = []

    def do_HEAD(self):
        self.answer()

    def do_GET(self):
        self.answer()

    def answer(self):
        Stub.asked.append((self.command, self.path))
        if self.path == "/slow":
            time.sleep(1.5)
        status = {"/gone": 404, "/no-head": 405 if self.command == "HEAD" else 200}
        self.send_response(status.get(self.path, 200))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def stub(settings):
    # The stub is on the loopback, which the check never asks unless told it may.
    settings.LINK_CHECK_PRIVATE_ADDRESSES = True
    Stub.asked = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Stub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def local_host_is_another_site(settings):
    # The stub listens on 127.0.0.1, which the test settings count as this site.
    settings.ALLOWED_HOSTS = ["testserver", "www.example.gov.cn"]


def check_links(*options):
    out = io.StringIO()
    call_command("check_links", *options, stdout=out)
    return out.getvalue()


def body(*links):
    return "".join(f'<p><a href="{link}">链接</a></p>' for link in links)


def broken(article=None):
    links = BrokenLink.objects.all()
    if article is not None:
        links = links.filter(article=article)
    return {(link.url, link.problem, link.detail) for link in links}


def test_links_to_other_sites(stub, demo_tree, make_article, local_host_is_another_site):
    column = demo_tree["industry-planning"]
    article = make_article(
        column, body=body(f"{stub}/ok", f"{stub}/gone", f"{stub}/no-head", f"{stub}/slow")
    )

    output = check_links("--timeout", "0.5")

    assert broken(article) == {
        (f"{stub}/gone", "http", "HTTP 404"),
        (f"{stub}/slow", "timeout", ""),
    }
    assert ("GET", "/no-head") in Stub.asked and ("GET", "/ok") not in Stub.asked
    assert "4 links in public articles checked, 4 addresses: 2 broken." in output


@pytest.mark.parametrize("host", ["127.0.0.1", "169.254.169.254", "10.0.0.8", "[::1]"])
def test_private_addresses_are_never_asked(
    stub, demo_tree, make_article, local_host_is_another_site, settings, host
):
    settings.LINK_CHECK_PRIVATE_ADDRESSES = False
    port = stub.rsplit(":", 1)[1]
    article = make_article(demo_tree["industry-planning"], body=body(f"http://{host}:{port}/x"))

    check_links("--timeout", "0.5")

    assert broken(article) == {
        (f"http://{host}:{port}/x", "unreachable", "a private network address: not asked")
    }
    assert Stub.asked == []


def test_each_address_is_asked_once(stub, demo_tree, make_article, local_host_is_another_site):
    column = demo_tree["industry-planning"]
    first = make_article(column, body=body(f"{stub}/gone"))
    second = make_article(column, body=body(f"{stub}/gone", "mailto:a@example.com", "#top"))

    check_links()

    assert Stub.asked == [("HEAD", "/gone"), ("GET", "/gone")]
    assert {link.article_id for link in BrokenLink.objects.all()} == {first.pk, second.pk}


def test_this_sites_links_are_resolved_here(demo_tree, make_article, local_host_is_another_site):
    column = demo_tree["industry-planning"]
    draft = make_article(column, status=Article.Status.DRAFT)
    public = make_article(column)
    default_storage.save("uploads/here.jpg", ContentFile(b"x"))
    article = make_article(
        column,
        body=body(
            public.get_absolute_url(),
            f"http://www.example.gov.cn{draft.get_absolute_url()}",
            f"/care{column.get_absolute_url()}",
            "/columns/no-such-column/",
            "/nowhere/",
            "/media/uploads/here.jpg",
            "/media/uploads/missing.jpg",
            "/static/css/site.css",
            "/en/",
            "../12345/",
        )
        + '<img src="/media/uploads/missing.png" alt="">',
    )

    check_links()

    assert broken(article) == {
        (f"http://www.example.gov.cn{draft.get_absolute_url()}", "not_public", ""),
        ("/columns/no-such-column/", "not_found", ""),
        ("/nowhere/", "not_found", ""),
        ("/media/uploads/missing.jpg", "not_found", ""),
        ("/media/uploads/missing.png", "not_found", ""),
        ("../12345/", "not_public", ""),
    }


def test_a_run_replaces_what_the_last_one_found(stub, demo_tree, make_article, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    column = demo_tree["industry-planning"]
    mended = make_article(column, body=body("/nowhere/"))
    withdrawn = make_article(column, body=body("/nowhere/"))
    still = make_article(column, body=body("/nowhere/"))
    check_links()
    first_found = BrokenLink.objects.get(article=still).first_found_at

    Article.objects.filter(pk=mended.pk).update(body=body(f"{stub}/ok"))
    Article.objects.filter(pk=withdrawn.pk).update(status=Article.Status.DRAFT)
    check_links()

    assert list(BrokenLink.objects.values_list("article", flat=True)) == [still.pk]
    kept = BrokenLink.objects.get()
    assert kept.first_found_at == first_found and kept.last_checked_at > first_found


def test_staff_see_them_in_the_admin(admin_client, demo_tree, make_article):
    article = make_article(demo_tree["industry-planning"], body=body("/nowhere/"))
    check_links()

    page = admin_client.get("/admin/inspection/brokenlink/").content.decode()

    assert '<a href="/nowhere/" rel="noopener noreferrer">/nowhere/</a>' in page
    assert f'<a href="/admin/news/article/{article.pk}/change/">{article.title}</a>' in page
    assert (
        "1 broken link in public articles"
        in admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )


def test_bad_options_are_refused(db):
    with pytest.raises(CommandError):
        call_command("check_links", "--concurrency", "0")
