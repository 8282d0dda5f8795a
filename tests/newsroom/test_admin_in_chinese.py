"""The admin a zh-hans user meets is in Chinese: a superuser's, a chief editor's and a
reporter's every page and message (admin_pages.walk), the login and logout pages, and the
admin's scripts."""

import json
import re
from pathlib import Path

import django
import pytest
import reversion
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from reversion.models import Version

from auditlog.models import Entry
from categories.models import Category
from news.attachments import Attachment
from news.models import Article
from newsroom import changes, review
from newsroom.revisions import versions_of
from sitesettings.models import FriendlyLink, SiteSettings

from ..helpers import add_days, english_words, po_entries
from .admin_pages import Records, english_in, log_in, login_pages, staff_of_each_role, walk

# Django's admin scripts' strings, as its English catalogue lists them.
ADMIN_SCRIPT_STRINGS = (
    Path(django.__file__).parent / "contrib/admin/locale/en/LC_MESSAGES/djangojs.po"
)
# What a browser says it is and what it accepts: recorded with each login, shown in the login
# records.
USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36"
ACCEPT = "text/html,application/xhtml+xml,*/*;q=0.8"


@pytest.fixture
def records(demo_tree, make_article):
    column = demo_tree["industry-planning"]
    with reversion.create_revision():
        article = make_article(
            column, title="六城携手打造产业集群都市圈", keywords="产业集群,都市圈"
        )
    add_days(article, timezone.localdate(), d0=5, d3=(12, 4))  # for the readership pages
    Attachment.objects.create(
        article=article, file=SimpleUploadedFile("通知.pdf", b"%PDF-1.4\n%%EOF\n"), title="通知"
    )
    with reversion.create_revision():
        article.title = "六城携手打造产业集群"
        article.save()
    make_article(column, title="待审核的稿件", status=Article.Status.PENDING)
    # A change to the live article, in review.
    changes.propose(
        article,
        {**changes.values_of(article), "title": "六城携手打造产业集群（修订）", "cover": None},
        None,
    )
    review.submit(article, None, is_change=True)
    with reversion.create_revision():
        deleted = make_article(column, title="已删除的文章")
    deleted.delete()
    FriendlyLink.objects.create(name="高新区门户", url="https://www.example.cn/")
    SiteSettings.objects.get_or_create(pk=1)
    return Records(
        article=article,
        version=versions_of(article).last(),
        deleted_version=Version.objects.get_deleted(Article).first(),
    )


def untranslated():
    """Texts no one translates: what editors wrote (the demo columns' names and slugs), what
    the login records hold of the requests (the browser's name and Accept header, the login
    form's fields); and django-axes' names for its records ("Attempted Access: <time>"), made
    in English by its models' __str__, beyond any catalogue: left as they are."""
    texts = {text for column in Category.objects.all() for text in (column.name, column.slug)}
    texts |= {USER_AGENT, ACCEPT}
    for attempt in AccessAttempt.objects.all():
        texts.update(attempt.get_data.splitlines() + attempt.post_data.splitlines())
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        texts.update(str(record) for record in model.objects.all())
    # Where each audit entry came from: a path, or a command line and a system account.
    texts.update(entry.origin for entry in Entry.objects.all())
    return texts


@pytest.fixture
def users(db, django_user_model):
    return staff_of_each_role(django_user_model, "管理员", "主编", "记者", "审计员")


def browser():
    return Client(HTTP_ACCEPT_LANGUAGE="zh-hans", HTTP_USER_AGENT=USER_AGENT, HTTP_ACCEPT=ACCEPT)


@pytest.mark.parametrize("who", ["管理员", "主编", "记者", "审计员"])
def test_every_admin_page_and_message_is_in_chinese(who, users, records):
    client = browser()
    log_in(client, "无此用户", "不对的密码")  # a login attempt and a failure to list
    assert log_in(client, *users[who]).redirect_chain == [("/admin/", 302)]

    data = untranslated()
    found = walk(client, records, data)
    found["logged out"] = english_in(client.post("/admin/logout/"), data)

    if who == "审计员":
        assert {"index", "auditlog.Entry list", "auditlog.Entry change"} <= set(found)
    else:
        assert {"index", "news.Article list", "logged out"} <= set(found)
        assert any(page.startswith("news.Article action") for page in found)
    english = {page: texts for page, texts in found.items() if texts}
    assert english == {}, "\n".join(f"{page}: {texts}" for page, texts in english.items())


def test_login_pages_are_in_chinese(users, settings):
    settings.AXES_FAILURE_LIMIT = 2
    client = browser()

    pages = login_pages(client, "记者", "不对的密码")

    assert pages["locked out"].status_code == 429
    assert {name: english_in(page) for name, page in pages.items()} == {name: [] for name in pages}


def test_the_admin_scripts_speak_chinese(users):
    """Every string Django's admin scripts show (the permission picker's buttons, the
    calendar, the action counter) has its Chinese in the catalogue the admin pages load."""
    client = browser()
    log_in(client, *users["管理员"])
    script = client.get("/admin/jsi18n/").content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S).group(1))
    shown = [msgid for msgid, *_ in po_entries(ADMIN_SCRIPT_STRINGS)]

    assert len(shown) > 40
    assert [msgid for msgid in shown if msgid not in catalogue] == []


def test_every_app_with_models_is_named_in_chinese():
    """The names the admin index and the permission picker show above each app's models."""
    with translation.override("zh-hans"):
        names = {config.label: str(config.verbose_name) for config in apps.get_app_configs()}
    with_models = {config.label for config in apps.get_app_configs() if config.models}

    assert {label: names[label] for label in with_models if english_words(names[label])} == {}
    assert names["newsroom"] == "编辑部"  # the staff side's own, models or not


def test_two_step_login_pages_are_in_chinese(users, settings):
    """Setting it up where it is required, the recovery codes, the account's state, and the
    login's questions for the code."""
    settings.STAFF_2FA_REQUIRED = "chiefs"
    client = browser()
    log_in(client, *users["主编"])
    set_up = reverse("admin:second_factor")
    pages = {"required set-up": client.get("/admin/", follow=True)}
    device = TOTPDevice.objects.get(user__username="主编")
    pages["recovery codes"] = client.post(set_up, {"code": f"{totp(device.bin_key):06d}"})
    pages["state"] = client.get(set_up)
    pages["new recovery codes"] = client.post(reverse("admin:second_factor_codes"))
    pages["index"] = client.get("/admin/")
    client.post("/admin/logout/")
    pages["login without the code"] = log_in(client, *users["主编"])
    pages["login with a wrong code"] = client.post(
        "/admin/login/", {"username": "主编", "password": "主编-pass-1", "otp_token": "不对"}
    )

    assert pages["required set-up"].redirect_chain == [("/admin/two-step-login/", 302)]
    assert {name: english_in(page) for name, page in pages.items()} == {name: [] for name in pages}


def test_a_record_added_to_edit_again_is_announced_in_chinese_punctuation(users):
    client = browser()
    log_in(client, *users["管理员"])
    page = client.post(
        reverse("admin:sitesettings_friendlylink_add"),
        {
            "name": "友情单位",
            "url": "https://example.org/",
            "order": 0,
            "is_shown": "on",
            "_continue": "1",
        },
        follow=True,
    )
    [message] = [str(m) for m in page.context["messages"]]
    assert message.startswith("成功添加了") and message.endswith("可以在下面继续编辑。")


def test_what_deleting_an_article_takes_with_it_is_named_in_chinese(users, records):
    """The deletion's list names each kind of record that goes with the article: its place
    in the dashboard's most-read windows too, written once the dashboard has been read."""
    client = browser()
    log_in(client, *users["管理员"])
    client.get("/admin/readership/")  # writes the most-read windows' rows
    article = records.article

    page = client.get(f"/admin/news/article/{article.pk}/delete/")

    assert "文章点击排行数据" in page.content.decode()
    assert english_in(page, untranslated()) == []
