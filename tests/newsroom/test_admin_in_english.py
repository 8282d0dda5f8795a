"""The admin an English user meets is in English: a superuser's, a chief editor's, a
reporter's and an auditor's every page and message (admin_pages.walk), and the login pages.
Chinese may appear only where editors wrote it (the demo columns' names) or where it names
the other language on purpose."""

import re

import pytest
import reversion
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from auditlog.models import Entry
from categories.models import Category
from news.attachments import Attachment
from news.models import Article
from newsroom import changes, review
from newsroom.revisions import versions_of
from sitesettings.cache import sitewide
from sitesettings.models import FriendlyLink, SiteSettings

from ..helpers import add_days, article_form, text_of
from .admin_pages import Records, log_in, login_pages, responses, staff_of_each_role, visible_texts

CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def chinese_in(response, data=()):
    """The texts of the page that hold Chinese, each once, but those in `data` (what editors
    wrote), which are also taken out of the texts they stand in."""
    embedded = sorted(filter(None, data), key=len, reverse=True)
    found = []
    for text in visible_texts(response.content.decode()):
        for name in embedded:
            text = text.replace(name, " ")
        if CHINESE.search(text) and text not in found:
            found.append(text)
    return found


@pytest.fixture
def records(demo_tree, make_article):
    column = demo_tree["industry-planning"]
    with reversion.create_revision():
        article = make_article(
            column, title="Six cities form a cluster", body="<p>Body.</p>", keywords="cluster"
        )
    add_days(article, timezone.localdate(), d0=5, d3=(12, 4))  # for the readership pages
    Attachment.objects.create(
        article=article, file=SimpleUploadedFile("notice.pdf", b"%PDF-1.4\n%%EOF\n"), title="Notice"
    )
    with reversion.create_revision():
        article.title = "Six cities form an industry cluster"
        article.save()
    make_article(
        column, title="Waiting for review", body="<p>B.</p>", status=Article.Status.PENDING
    )
    changes.propose(
        article,
        {**changes.values_of(article), "title": "Six cities (revised)", "cover": None},
        None,
    )
    review.submit(article, None, is_change=True)
    with reversion.create_revision():
        deleted = make_article(column, title="Deleted article", body="<p>B.</p>")
    deleted.delete()
    FriendlyLink.objects.create(name="Portal", url="https://www.example.cn/")
    SiteSettings.objects.get_or_create(pk=1)
    return Records(
        article=article,
        version=versions_of(article).last(),
        deleted_version=Version.objects.get_deleted(Article).first(),
    )


def editors_text(column):
    """Texts no one translates: what editors wrote (the demo columns' names and slugs, the
    site's name, what the stale article form sends) and the names audit entries keep of the
    objects as they were called then."""
    texts = {text for column in Category.objects.all() for text in (column.name, column.slug)}
    texts.add(sitewide()[0].site_name)
    form = article_form(column)
    texts |= {form["title"], form["source"], text_of(form["body"]), *form["keywords"].split(",")}
    texts |= {entry.object_repr for entry in Entry.objects.all()}
    return texts


@pytest.fixture
def users(db, django_user_model):
    return staff_of_each_role(django_user_model, "admin", "chief", "reporter", "auditor")


def browser():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.mark.parametrize("who", ["admin", "chief", "reporter", "auditor"])
def test_every_admin_page_and_message_is_in_english(who, users, records):
    client = browser()
    log_in(client, "nobody", "wrong password")
    assert log_in(client, *users[who]).redirect_chain == [("/admin/", 302)]

    data = editors_text(records.article.column)
    found = {name: chinese_in(response, data) for name, response in responses(client, records)}
    found["logged out"] = chinese_in(client.post("/admin/logout/"), data)

    chinese = {page: texts for page, texts in found.items() if texts}
    assert chinese == {}, "\n".join(f"{page}: {texts}" for page, texts in chinese.items())


def test_login_pages_are_in_english(users, settings):
    settings.AXES_FAILURE_LIMIT = 2
    client = browser()

    pages = login_pages(client, "reporter", "wrong password")

    assert pages["locked out"].status_code == 429
    site_name = sitewide()[0].site_name  # the site's name, as staff set it
    assert {name: chinese_in(page, {site_name}) for name, page in pages.items()} == {
        name: [] for name in pages
    }


def test_the_image_set_offers_another_picture(users):
    client = browser()
    log_in(client, *users["reporter"])

    page = client.get(reverse("admin:news_article_add")).content.decode()

    assert "Add another Picture" in page
    assert "of the image set" not in page.replace("Image set (pictures in order)", "")


def test_the_article_list_filters_by_writer(users, records):
    client = browser()
    log_in(client, *users["reporter"])

    page = text_of(client.get(reverse("admin:news_article_changelist")).content.decode())

    assert "By writer All My articles Sent back to me" in page


def test_the_reader_list_choices_filter_by_place(users):
    client = browser()
    log_in(client, *users["chief"])

    page = text_of(client.get(reverse("admin:readership_listchoice_changelist")).content.decode())

    assert "By place in the reader lists All" in page
