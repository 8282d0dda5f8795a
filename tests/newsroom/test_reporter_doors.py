"""One rule for every door: each way into the admin a reporter might try, by a crafted
request, leaves what readers see (the article page, the home page, the feed) and every stored
article exactly as they were; the same doors work for a chief editor."""

import hashlib
import re
from datetime import timedelta
from types import SimpleNamespace

import feedparser
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from news import demo_files
from news.attachments import Attachment
from news.models import Article
from newsroom import review, workflow
from newsroom.revisions import save_revision, versions_of

from ..helpers import article_form, content_of, decide, text_of

CHANGELIST_URL = "/admin/news/article/"


def change_url(article):
    return f"/admin/news/article/{article.pk}/change/"


@pytest.fixture
def site(demo_tree, make_article, jpeg_upload, chief_editor, editor):
    """A live article (with a cover, an attachment, a pin and two revisions), a draft, and
    an article in review."""
    column = demo_tree["industry-planning"]
    live = make_article(
        column,
        title="已发布的文章",
        body="<p>已发布的正文。</p>",
        cover=jpeg_upload(),
        is_recommended=True,
        pinned_until=timezone.now() + timedelta(days=3),
    )
    save_revision(live, chief_editor, "第一版")
    live.body = "<p>已发布的正文，第二版。</p>"
    save_revision(live, chief_editor, "第二版")
    Attachment.objects.create(
        article=live, title="附件", file=SimpleUploadedFile("a.pdf", demo_files.pdf(["Notice"]))
    )
    Article.objects.filter(pk=live.pk).update(view_count=9)
    draft = make_article(column, title="草稿", status=Article.Status.DRAFT)
    pending = make_article(column, title="待审稿件", status=Article.Status.DRAFT)
    review.submit(pending, editor)
    return SimpleNamespace(
        live=Article.objects.get(pk=live.pk),
        draft=draft,
        pending=Article.objects.get(pk=pending.pk),
        column=column,
        other=demo_tree["reports"],
    )


STORED = (
    "status",
    "title",
    "body",
    "column_id",
    "published_at",
    "expires_at",
    "pinned_until",
    "is_headline",
    "is_recommended",
    "is_slideshow",
    "bold_title",
    "view_count",
    "cover",
)


def what_readers_see(site):
    """The pages and feed as a reader gets them (read as a prefetch, which counts no view),
    and every stored field of the three articles and the live one's files."""
    reader = Client(headers={"Purpose": "prefetch"})
    page = reader.get(site.live.get_absolute_url()).content.decode()
    shown = re.search(r'<h1 class="article-title".*?</section>', page, re.S)
    home = reader.get("/").content.decode()
    with site.live.cover.open("rb") as cover:
        cover_digest = hashlib.sha256(cover.read()).hexdigest()
    return {
        "article page": text_of(shown.group(0)) if shown else None,
        "draft page": reader.get(site.draft.get_absolute_url()).status_code,
        "home": sorted(set(re.findall(r'<a href="/articles/\d+/"[^>]*>([^<]+)</a>', home))),
        "feed": [e.title for e in feedparser.parse(reader.get("/feed/").content).entries],
        "stored": list(
            Article.objects.filter(pk__in=[site.live.pk, site.draft.pk, site.pending.pk])
            .order_by("pk")
            .values_list(*STORED)
        ),
        "files": list(site.live.attachments.values_list("pk", "title", "file").order_by("pk")),
        "cover file": cover_digest,
    }


def resolved(fields, site):
    """Field values, those given as functions of the site computed on it."""
    return {name: value(site) if callable(value) else value for name, value in fields.items()}


def action(name, articles, **extra):
    """A bulk action of the list on some of the site's articles."""

    def run(client, site):
        selected = [getattr(site, article).pk for article in articles]
        data = {"action": name, "_selected_action": selected, "index": 0}
        return client.post(CHANGELIST_URL, {**data, **resolved(extra, site)})

    return run


def form(article, button="_save", **fields):
    """The article's form sent with a button and some fields."""

    def run(client, site):
        target = getattr(site, article)
        data = article_form(target.column, target, button=button, **content_of(target))
        return client.post(change_url(target), {**data, **resolved(fields, site)})

    return run


def restore_older(client, site):
    older = versions_of(site.live).last()
    return client.post(f"/admin/news/article/{site.live.pk}/history/{older.pk}/restore/")


def recover(client, site):
    version = versions_of(site.live).first()
    return client.post(f"/admin/news/article/recover/{version.pk}/", {"column": site.column.pk})


def reversion_revert(client, site):
    version = versions_of(site.live).last()
    data = article_form(site.column, site.live, button="_save", title="回退")
    return client.post(f"/admin/news/article/{site.live.pk}/history/{version.pk}/", data)


def add_attachment(client, site):
    data = article_form(site.column, site.live, **content_of(site.live))
    data.update(
        {
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-title": "新附件",
            "attachments-0-order": "1",
            "attachments-0-file": SimpleUploadedFile("b.pdf", demo_files.pdf(["Notice"])),
        }
    )
    return client.post(change_url(site.live), data)


def delete_attachment(client, site):
    attachment = site.live.attachments.get()
    data = article_form(site.column, site.live, **content_of(site.live))
    data.update(
        {
            "attachments-TOTAL_FORMS": "1",
            "attachments-INITIAL_FORMS": "1",
            "attachments-0-id": attachment.pk,
            "attachments-0-article": site.live.pk,
            "attachments-0-title": attachment.title,
            "attachments-0-order": "0",
            "attachments-0-DELETE": "on",
        }
    )
    return client.post(change_url(site.live), data)


def save_as_new(client, site):
    data = article_form(site.column, site.live, button="_saveasnew", title="副本", is_headline="on")
    return client.post(change_url(site.live), data)


def upload_image(client, site):
    """The editor's image upload, named as the live article's cover is stored."""
    from io import BytesIO

    from PIL import Image

    content = BytesIO()
    Image.new("RGB", (64, 64), (0, 0, 0)).save(content, format="JPEG")
    named = SimpleUploadedFile(site.live.cover.name.rsplit("/", 1)[-1], content.getvalue())
    return client.post("/ckeditor/upload/", {"upload": named})


def delete(client, site):
    return client.post(f"/admin/news/article/{site.live.pk}/delete/", {"post": "yes"})


def approve(client, site):
    submission = workflow.open_submission(site.pending)
    return decide(client, submission)


LATER, LATEST = (
    (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%d") for days in (30, 60)
)

# (door, what it does, whether a chief editor's try changes what readers see or store)
DOORS = [
    ("form: edit the live article", form("live", title="改过的标题"), True),
    ("form: publish a draft", form("draft", button="_publish"), True),
    ("form: a status field on a draft", form("draft", status="published"), False),
    (
        "form: flags, pin, expiry, column and date of the live article",
        form(
            "live",
            is_headline="on",
            bold_title="on",
            pin="forever",
            expires_at_0=LATEST,
            expires_at_1="10:00:00",
            published_at_0=LATER,
            column=lambda site: site.other.pk,
        ),
        True,
    ),
    ("form: add a file to the live article", add_attachment, True),
    ("form: delete the live article's file", delete_attachment, True),
    ("form: save the live article as new", save_as_new, False),
    ("list: publish", action("publish", ["draft", "pending"]), True),
    ("list: unpublish", action("unpublish", ["live"], apply="1"), True),
    ("list: send back", action("send_back", ["pending"], apply="1", note="退回"), True),
    ("list: pin for a week", action("pin_for_a_week", ["live"]), True),
    ("list: pin until unpinned", action("pin_until_unpinned", ["live"]), True),
    ("list: unpin", action("unpin", ["live"]), True),
    ("list: headline", action("set_is_headline", ["live"]), True),
    ("list: clear recommended", action("clear_is_recommended", ["live"]), True),
    ("list: bold title", action("set_bold_title", ["live"]), True),
    ("list: slideshow", action("set_is_slideshow", ["live"]), True),
    (
        "list: move to another column",
        action("move_to_column", ["live"], apply="1", column=lambda site: site.other.pk),
        True,
    ),
    ("history: restore an older revision", restore_older, True),
    ("django-reversion: recover", recover, False),
    ("django-reversion: revision view", reversion_revert, False),
    ("upload: an image named as the live cover", upload_image, False),
    ("delete", delete, False),
    ("review queue: approve", approve, True),
]


@pytest.mark.parametrize(
    ("door", "act"), [(d, a) for d, a, _c in DOORS], ids=[d for d, *_ in DOORS]
)
def test_a_reporter_changes_nothing_readers_see_through(editor_client, site, door, act):
    before = what_readers_see(site)

    act(editor_client, site)

    assert what_readers_see(site) == before


@pytest.mark.parametrize(
    ("door", "act"), [(d, a) for d, a, works in DOORS if works], ids=[d for d, _a, w in DOORS if w]
)
def test_the_same_door_works_for_a_chief_editor(chief_client, site, door, act):
    before = what_readers_see(site)

    act(chief_client, site)

    assert what_readers_see(site) != before
