"""撤稿: a chief editor takes an article down at once. Every address it and its files had
answers 404 or 410 afterwards, a CDN is asked to forget them, the reason is kept; reinstated,
it is a draft again with its files served."""

import http.server
import threading
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.http import Http404
from django.test import Client, RequestFactory
from django.views.static import serve
from PIL import Image

from auditlog.models import Action, Entry
from news.attachments import Attachment
from news.models import Article

from ..helpers import text_of
from ..test_attachments import make_attachment

CHANGELIST = "/admin/news/article/"


def served(url):
    """The status a web server serving MEDIA_ROOT at MEDIA_URL (nginx's /media/) answers."""
    name = url.removeprefix(settings.MEDIA_URL)
    try:
        serve(RequestFactory().get(url), name, document_root=settings.MEDIA_ROOT)
    except Http404:
        return 404
    return 200


def body_image(name):
    path = settings.MEDIA_ROOT / "uploads" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 30), (200, 0, 0)).save(path)
    thumb = path.with_name(path.stem + "_thumb" + path.suffix)
    Image.new("RGB", (20, 15), (200, 0, 0)).save(thumb)
    return f"{settings.MEDIA_URL}uploads/{name}", f"{settings.MEDIA_URL}uploads/{thumb.name}"


@pytest.fixture
def live(demo_tree, make_article, jpeg_upload):
    """A live article with a cover, two body images (one also shown by another article) and
    an attachment; and the other article."""
    column = demo_tree["industry-planning"]
    own, own_thumb = body_image("own.png")
    shared, _ = body_image("shared.png")
    article = make_article(
        column,
        title="需要撤下的文章",
        keywords="撤稿测试",
        cover=jpeg_upload(),
        body=f'<p>正文</p><p><img src="{own}" alt="图"><img src="{shared}" alt="共用"></p>',
    )
    make_attachment(article)
    other = make_article(column, title="另一篇", body=f'<p><img src="{shared}" alt="共用"></p>')
    return article, other, {"own": own, "own thumb": own_thumb, "shared": shared}


def reader_addresses(article):
    files = [article.cover.url, article.cover_thumbnail.url]
    files += [a.file.url for a in Attachment.objects.filter(article=article)]
    url = article.get_absolute_url()
    pages = [url, f"/en{url}", f"/care{url}"]
    pages += [f"/attachments/{a.pk}/" for a in Attachment.objects.filter(article=article)]
    return pages, files


def withdraw(client, article, reason="内容有误，立即撤下。", **extra):
    data = {"action": "withdraw", "_selected_action": [article.pk], "index": 0}
    if reason is not None:
        data.update(apply="1", reason=reason)
    return client.post(CHANGELIST, {**data, **extra}, follow=True)


def lists_show(client, article):
    pages = ["/", "/feed/", f"/columns/{article.column.slug}/", "/sitemap-articles.xml"]
    pages += ["/search/?q=需要撤下", "/tags/撤稿测试/"]
    return [page for page in pages if article.title in client.get(page).content.decode()]


def test_every_address_of_the_article_and_its_files_is_gone(chief_client, live):
    article, other, images = live
    pages, files = reader_addresses(article)
    reader = Client()
    assert [reader.get(page).status_code for page in pages] == [200, 200, 200, 200]
    assert {served(url) for url in files + list(images.values())} == {200}
    assert lists_show(reader, article)

    response = withdraw(chief_client, article)

    assert "1 篇文章已撤稿" in text_of(response.content.decode())
    listed = chief_client.get(CHANGELIST, {"state": "withdrawn"})
    assert [a.pk for a in listed.context["cl"].result_list] == [article.pk]
    assert "已撤稿 (1)" in text_of(listed.content.decode())
    assert [reader.get(page).status_code for page in pages] == [410, 410, 410, 404]
    assert [served(url) for url in [*files, images["own"], images["own thumb"]]] == [404] * 5
    assert served(images["shared"]) == 200  # another article shows it
    assert reader.get(other.get_absolute_url()).status_code == 200
    assert lists_show(reader, article) == []
    withdrawn = settings.MEDIA_ROOT.parent / (settings.MEDIA_ROOT.name + "-withdrawn")
    assert (withdrawn / article.cover.name).is_file()


def test_the_reason_is_asked_for_and_kept(chief_client, chief_editor, live):
    article, _other, _images = live
    asked = withdraw(chief_client, article, reason=None)
    assert "撤稿原因" in text_of(asked.content.decode())
    refused = withdraw(chief_client, article, reason="")
    assert "这个字段是必填项" in text_of(refused.content.decode())
    assert Article.objects.get(pk=article.pk).status == Article.Status.PUBLISHED

    withdraw(chief_client, article, reason="涉及不实信息")

    entry = Entry.objects.get(action=Action.WITHDRAW)
    assert (entry.object_id, entry.username, entry.detail) == (
        str(article.pk),
        "chief",
        {"comment": "涉及不实信息"},
    )
    history = chief_client.get(f"/admin/news/article/{article.pk}/history/")
    assert "撤稿：涉及不实信息" in text_of(history.content.decode())


def test_a_reporter_cannot_withdraw(editor_client, live):
    article, _other, _images = live
    page = editor_client.get(f"/admin/news/article/{article.pk}/change/").content.decode()
    assert 'value="withdraw"' not in page
    withdraw(editor_client, article)
    assert Article.objects.get(pk=article.pk).status == Article.Status.PUBLISHED


def test_the_form_offers_it_to_a_chief_editor(chief_client, live):
    article, _other, _images = live
    page = chief_client.get(f"/admin/news/article/{article.pk}/change/").content.decode()
    assert '<input type="hidden" name="action" value="withdraw">' in page
    assert "撤稿</button>" in page


def test_a_withdrawn_article_is_published_again_only_once_reinstated(chief_client, live):
    article, _other, images = live
    withdraw(chief_client, article)
    data = {"_selected_action": [article.pk], "index": 0}
    chief_client.post(CHANGELIST, {**data, "action": "publish"})
    assert Article.objects.get(pk=article.pk).status == Article.Status.WITHDRAWN
    form = chief_client.get(f"/admin/news/article/{article.pk}/change/").content.decode()
    assert 'name="_publish"' not in form

    chief_client.post(CHANGELIST, {**data, "action": "reinstate"})
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT
    assert served(images["own"]) == 200
    chief_client.post(CHANGELIST, {**data, "action": "publish"})
    pages, files = reader_addresses(article)
    assert [Client().get(page).status_code for page in pages] == [200, 200, 200, 200]
    assert {served(url) for url in files} == {200}
    assert [e.action for e in Entry.objects.filter(object_id=str(article.pk)).order_by("pk")][
        -3:
    ] == [Action.WITHDRAW, Action.REINSTATE, Action.PUBLISH]


class PurgeStub(http.server.BaseHTTPRequestHandler):
    purged = []

    def do_GET(self):
        PurgeStub.purged.append(parse_qs(urlsplit(self.path).query)["url"][0])
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def cdn(settings):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PurgeStub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    PurgeStub.purged = []
    settings.CDN_PURGE_URL = f"http://127.0.0.1:{server.server_port}/purge?url={{url}}"
    yield PurgeStub.purged
    server.shutdown()


def test_the_cdn_is_asked_to_forget_every_address(chief_client, live, cdn):
    article, _other, images = live
    pages, files = reader_addresses(article)
    withdraw(chief_client, article)
    expected = {f"http://testserver{url}" for url in pages + files}
    expected |= {f"http://testserver{images['own']}", "http://testserver/"}
    expected |= {f"http://testserver/care{article.get_absolute_url()}"}
    assert expected <= set(cdn)
    assert f"http://testserver{images['shared']}" not in cdn


def test_a_cdn_that_does_not_answer_is_said(chief_client, live, settings):
    article, _other, _images = live
    settings.CDN_PURGE_URL = "http://127.0.0.1:9/purge?url={url}"  # nothing listens there
    response = withdraw(chief_client, article)
    assert "CDN 未确认" in text_of(response.content.decode())
    assert Article.objects.get(pk=article.pk).status == Article.Status.WITHDRAWN
