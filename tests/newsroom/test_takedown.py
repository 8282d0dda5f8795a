"""撤稿: a chief editor takes an article down at once. Every address it and its files had
answers 404 or 410 afterwards, a CDN is asked to forget them, the reason is kept; reinstated,
it is a draft again with its files served."""

import http.server
import threading
from functools import partial
from io import BytesIO
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from ckeditor_uploader.utils import get_thumb_filename
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from PIL import Image

from auditlog.models import Action, Entry
from news.attachments import Attachment
from news.models import Article
from uploads.bucket import WITHDRAWN_PREFIX

from ..buckets import media_is_in_a_bucket, readable
from ..helpers import text_of
from ..test_attachments import make_attachment

CHANGELIST = "/admin/news/article/"


def body_image(name):
    """A body image and its image-browser thumbnail in storage; their addresses."""
    addresses = []
    for stored, size in (
        (f"uploads/{name}", (40, 30)),
        (get_thumb_filename(f"uploads/{name}"), (20, 15)),
    ):
        buffer = BytesIO()
        Image.new("RGB", size, (200, 0, 0)).save(buffer, format="PNG")
        addresses.append(
            default_storage.url(default_storage.save(stored, ContentFile(buffer.getvalue())))
        )
    return addresses


@pytest.fixture
def live(media_storage, demo_tree, make_article, jpeg_upload):
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
    if not media_is_in_a_bucket():  # a bucket never lets readers fetch attachments at all
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
    assert all(readable(url) for url in files + list(images.values()))
    assert lists_show(reader, article)

    response = withdraw(chief_client, article)

    assert "1 篇文章已撤稿" in text_of(response.content.decode())
    listed = chief_client.get(CHANGELIST, {"state": "withdrawn"})
    assert [a.pk for a in listed.context["cl"].result_list] == [article.pk]
    assert "已撤稿 (1)" in text_of(listed.content.decode())
    assert [reader.get(page).status_code for page in pages] == [410, 410, 410, 404]
    assert not any(readable(url) for url in [*files, images["own"], images["own thumb"]])
    assert readable(images["shared"])  # another article shows it
    assert reader.get(other.get_absolute_url()).status_code == 200
    assert lists_show(reader, article) == []
    assert withdrawn_copy_of(article.cover.name)


def withdrawn_copy_of(name):
    """Whether the withdrawn file is kept where readers cannot fetch it."""
    if media_is_in_a_bucket():
        return default_storage.exists(WITHDRAWN_PREFIX + name)
    withdrawn = settings.MEDIA_ROOT.parent / (settings.MEDIA_ROOT.name + "-withdrawn")
    return (withdrawn / name).is_file()


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
    assert readable(images["own"])
    chief_client.post(CHANGELIST, {**data, "action": "publish"})
    pages, files = reader_addresses(article)
    assert [Client().get(page).status_code for page in pages] == [200, 200, 200, 200]
    assert all(readable(url) for url in files)
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
    absolute = partial(urljoin, "http://testserver")  # the bucket's addresses already are
    expected = {absolute(url) for url in [*pages, *files, images["own"], "/"]}
    expected |= {absolute(f"/care{article.get_absolute_url()}")}
    assert expected <= set(cdn)
    assert absolute(images["shared"]) not in cdn


def test_a_cdn_that_does_not_answer_is_said(chief_client, live, settings):
    article, _other, _images = live
    settings.CDN_PURGE_URL = "http://127.0.0.1:9/purge?url={url}"  # nothing listens there
    response = withdraw(chief_client, article)
    assert "CDN 未确认" in text_of(response.content.decode())
    assert Article.objects.get(pk=article.pk).status == Article.Status.WITHDRAWN
