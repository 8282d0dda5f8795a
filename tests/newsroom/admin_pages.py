"""The admin as a user meets it, and the English it shows them.

`walk(client, records)` opens every page the client's user meets: the admin index; each
registered model's list and add form, and its change, history and delete pages on its record
in `records` (else on its last one); `EXTRA_PAGES`; the answers to `EXTRA_POSTS`; each bulk
action of each list, with the page where it asks for more and the page with its message. It
returns {page: [English texts]} for each page (`english_in`: of every text a user sees or a
screen reader reads). A page the user may not open (403) is walked too: they meet it.

A page is added by a line in `EXTRA_PAGES` (its name and a function of the `Records` that
gives its address) or in `EXTRA_POSTS` (address and data); a record it needs, by a field of
`Records`.
"""

import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from typing import Any

from django.contrib import admin
from django.db import transaction
from django.urls import reverse

from ..conftest import staff_in_group
from ..helpers import AUDITORS, CHIEF_EDITORS, EDITORS, article_form, english_words

# Attributes a screen reader reads out, or a browser shows (a tooltip, an empty field's hint).
READ_ATTRIBUTES = ("title", "alt", "aria-label", "aria-description", "placeholder", "label")
BUTTON_TYPES = {"submit", "button", "reset"}
SINGLE_WORD = re.compile(r"[A-Za-z0-9_-]+")


class VisibleText(HTMLParser):
    """The texts a page shows or reads out: text nodes (but those of scripts, styles and
    templates), the attributes in READ_ATTRIBUTES, buttons' values. An element marked as in
    another language than the page's (the language switch's "English", `lang="en"`) is
    English on purpose: screen readers read it in that language's voice. One marked
    `translate="no"` (a key, a recovery code) is no language's words."""

    SILENT = {"script", "style", "template"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts = []
        self.open = []  # (tag, whether its text is left out) for each element open here

    def left_out(self):
        return any(silent for _tag, silent in self.open)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang") if tag != "html" else None
        silent = (
            tag in self.SILENT
            or (lang is not None and not lang.startswith("zh"))
            or attrs.get("translate") == "no"
        )
        if not (silent or self.left_out()):
            self.texts += [attrs[name] for name in READ_ATTRIBUTES if attrs.get(name)]
            if tag == "input" and attrs.get("type") in BUTTON_TYPES and attrs.get("value"):
                self.texts.append(attrs["value"])
        if tag not in self.VOID:
            self.open.append((tag, silent))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.open.pop()

    def handle_endtag(self, tag):
        tags = [open_tag for open_tag, _silent in self.open]
        if tag in tags:
            del self.open[len(tags) - 1 - tags[::-1].index(tag) :]

    def handle_data(self, data):
        if self.left_out() or not data.strip():
            return
        if self.open and self.open[-1][0] == "textarea":
            # A rich-text field's markup: the editor shows its text.
            data = unescape(re.sub(r"<[^>]+>", " ", data))
        self.texts.append(" ".join(data.split()))


def visible_texts(markup):
    parser = VisibleText()
    parser.feed(markup)
    parser.close()
    return parser.texts


def english_in(response, data=()):
    """The texts of the page that hold English words (tests.helpers.english_words), each once.

    `data` are texts no one translates (what editors wrote, what browsers sent). A text that
    is one of them is left out; one that is more than a single Latin word (a name with Chinese
    in it, a phrase) is also taken out of the texts it stands in ("选择此对象执行操作 - 名称").
    A single word stays in longer texts, where it may be English."""
    embedded = sorted((d for d in data if not SINGLE_WORD.fullmatch(d)), key=len, reverse=True)
    found = []
    for text in visible_texts(response.content.decode()):
        if text in data:
            continue
        for name in embedded:
            text = text.replace(name, " ")
        if english_words(text) and text not in found:
            found.append(text)
    return found


@dataclass
class Records:
    """The records the pages are opened on."""

    article: Any  # an article with an attachment and keywords
    version: Any  # an older revision of `article`
    deleted_version: Any  # the last revision of a deleted article


# Pages no model's registration gives: (name, address from the records).
EXTRA_PAGES = [
    (
        "article history: compare with the current version",
        lambda r: reverse("admin:news_article_compare", args=[r.article.pk]) + f"?a={r.version.pk}",
    ),
    (
        "article history: restoring a revision, the confirmation",
        lambda r: reverse("admin:news_article_restore", args=[r.article.pk, r.version.pk]),
    ),
    (
        "the pending change against the live article",
        lambda r: reverse("admin:news_article_pending", args=[r.article.pk]),
    ),
    ("deleted articles", lambda r: reverse("admin:news_article_recoverlist")),
    (
        "recover a deleted article",
        lambda r: reverse("admin:news_article_recover", args=[r.deleted_version.pk]),
    ),
    ("password change", lambda r: reverse("admin:password_change")),
    ("password changed", lambda r: reverse("admin:password_change_done")),
    ("image browser", lambda r: reverse("ckeditor_browse")),
    ("two-step login: setting it up", lambda r: reverse("admin:second_factor")),
    ("readership", lambda r: reverse("admin:readership_dashboard") + "?days=90&period=30"),
]
# Forms sent as a user may send them, for the page that answers: (name, address and data
# from the records).
EXTRA_POSTS = [
    (
        "article form refused as stale",
        lambda r: (
            reverse("admin:news_article_change", args=[r.article.pk]),
            article_form(r.article.column, r.article, opened_version=r.article.version - 1),
        ),
    ),
    (
        "password change with a wrong old password",
        lambda r: (
            reverse("admin:password_change"),
            {"old_password": "不对", "new_password1": "新密码-甲乙丙丁", "new_password2": "新"},
        ),
    ),
    (
        "two-step login: a code that is not the app's",
        lambda r: (reverse("admin:second_factor"), {"code": "不对的码"}),
    ),
]


def staff_of_each_role(user_model, superuser, chief, reporter, auditor):
    """{username: (username, password)} of a superuser, a chief editor, a reporter and an
    auditor, so named."""
    user_model.objects.create_superuser(superuser, password=f"{superuser}-pass-1")
    for username, group in ((chief, CHIEF_EDITORS), (reporter, EDITORS), (auditor, AUDITORS)):
        staff_in_group(user_model, username, group)
    names = (superuser, chief, reporter, auditor)
    return {name: (name, f"{name}-pass-1") for name in names}


def log_in(client, username, password):
    return client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}, follow=True
    )


def login_pages(client, username, wrong_password):
    """{name: response} of the login form, a wrong password and the lock-out that follows
    it (with AXES_FAILURE_LIMIT at 2)."""
    return {
        "login": client.get("/admin/login/?next=/admin/"),
        "wrong password": log_in(client, username, wrong_password),
        "locked out": log_in(client, username, wrong_password),
    }


def model_pages(records):
    """(name, address) of every page of every registered model: its list, its add form, and
    on its record in `records` (else its last one), change, history and delete."""
    for model in admin.site._registry:
        opts = model._meta
        url = f"admin:{opts.app_label}_{opts.model_name}_{{}}"
        yield f"{opts.label} list", reverse(url.format("changelist"))
        yield f"{opts.label} add", reverse(url.format("add"))
        record = next(
            (record for record in vars(records).values() if isinstance(record, model)),
            model._default_manager.order_by("pk").last(),
        )
        if record is not None:
            for page in ("change", "history", "delete"):
                yield f"{opts.label} {page}", reverse(url.format(page), args=[record.pk])


def responses(client, records):
    """(name, response) for each page the client opens, each form it sends and each bulk
    action it runs."""
    pages = [("index", reverse("admin:index")), *model_pages(records)]
    pages += [(name, address(records)) for name, address in EXTRA_PAGES]
    for name, address in pages:
        yield name, answer(client.get(address, follow=True), address)
    for name, post in EXTRA_POSTS:
        address, data = post(records)
        with transaction.atomic():
            yield name, answer(client.post(address, data, follow=True), address)
            transaction.set_rollback(True)
    yield from action_pages(client)


def answer(response, address):
    assert response.status_code in (200, 403), (address, response.status_code)
    return response


def walk(client, records, data=()):
    """{page: [English texts]} for every page the client meets (english_in; `data` as it
    takes them)."""
    return {name: english_in(response, data) for name, response in responses(client, records)}


def action_pages(client):
    """(name, response) for each bulk action of each list the client may open, run on the
    list's last row: the page where the action asks for more, if it does, and the page with
    its message. Each action is undone after."""
    for model in admin.site._registry:
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        markup = client.get(changelist).content.decode()
        rows = re.findall(r'name="_selected_action" value="([^"]+)"', markup)
        choices = re.search(r'<select name="action"[^>]*>(.*?)</select>', markup, re.S)
        if not rows or choices is None:
            continue
        for action in re.findall(r'<option value="([^"]+)"', choices.group(1)):
            name = f"{opts.label} action {action}"
            data = {"action": action, "_selected_action": rows[-1:], "index": 0}
            with transaction.atomic():
                response = answer(client.post(changelist, data, follow=True), changelist)
                yield name, response
                # An action that asks first answers with its question, not a redirect.
                if not response.redirect_chain:
                    follow_up = filled_in(response.content.decode())
                    yield f"{name} done", client.post(changelist, follow_up, follow=True)
                transaction.set_rollback(True)


def filled_in(markup):
    """What the action's form posts when the user confirms: its hidden inputs and submit
    button as they are, each list's first choice, Chinese text in its text areas."""
    form = next(
        f for f in re.findall(r"<form[^>]*>.*?</form>", markup, re.S) if 'name="action"' in f
    )
    data = {}
    for tag in re.findall(r"<input\b[^>]*>", form):
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if name and re.search(r'type="(hidden|submit)"', tag):
            data.setdefault(name.group(1), []).append(unescape(value.group(1) if value else ""))
    for name, options in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        data[name] = re.findall(r'<option value="([^"]+)"', options)[:1]
    for name in re.findall(r'<textarea name="([^"]+)"', form):
        data[name] = "请补充消息来源。"
    return data
