"""Revision comments kept in no language: what the newsroom did is stored as the catalogue's
message (msgid, context) with its arguments, as JSON, and put into the reader's language when
shown, so that a chief editor reading in English sees English where a reporter working in
Chinese made the revision. What an editor typed (a reason, a note) is an argument, shown as
typed.

Comments stored before this, plain text, are shown as they are; django-reversion's own
comment, Django's record of what a save changed (JSON with the fields' English labels), is
shown as Django shows it, with the fields named in the reader's language.
"""

import json

from django.contrib.admin.models import LogEntry
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext

# The key of a stored comment's JSON object: what tells it from an older plain comment.
KEY = "said"


class Said:
    """A comment in no language yet: parts joined with `+`, each a message or plain text."""

    def __init__(self, *parts):
        self.parts = parts

    def __add__(self, other):
        return Said(*self.parts, *(other.parts if isinstance(other, Said) else (other,)))

    def __radd__(self, text):
        return Said(text, *self.parts)

    def __bool__(self):
        return any(self.parts)

    def __str__(self):
        return "".join(shown_part(part) for part in self.parts)

    def stored(self):
        return json.dumps({KEY: self.parts}, ensure_ascii=False)


def said(message, **args):
    """The comment `message`, the catalogue's msgid as written at the call (marked there with
    gettext_noop, so that makemessages finds it), with its %-arguments: each a Said (a message
    of the catalogue, kept in no language too) or data shown as it is."""
    if not isinstance(message, str) or isinstance(message, Promise):
        raise TypeError("a revision comment is a msgid marked with gettext_noop")
    part = {"message": message}
    if args:
        part["with"] = {name: argument(value) for name, value in args.items()}
    return Said(part)


def pgettext_noop(context, message):
    """A message of the catalogue with its context, kept in no language: a Said. The project's
    makemessages marks this name as pgettext's (newsroom/management/commands/makemessages.py),
    since Django has no pgettext_noop."""
    return Said({"context": context, "message": message})


def argument(value):
    if isinstance(value, Said):
        return list(value.parts)
    if isinstance(value, Promise):
        # str() would keep it in the language of whoever made the revision.
        raise TypeError("a revision comment's message argument is a Said, not a lazy string")
    return str(value)


def shown_part(part):
    """A stored part in the active language."""
    if isinstance(part, str):
        return part
    if isinstance(part, list):
        return "".join(shown_part(p) for p in part)
    if "context" in part:
        text = pgettext(part["context"], part["message"])
    else:
        text = gettext(part["message"])
    if "with" in part:
        text = text % {name: shown_part(value) for name, value in part["with"].items()}
    return text


def stored(comment):
    """What to keep as the revision's comment: a Said in no language; text as it is."""
    return comment.stored() if isinstance(comment, Said) else str(comment)


def shown(comment):
    """A revision's stored comment in the active language."""
    try:
        data = json.loads(comment) if comment[:1] in "[{" else None
    except ValueError:
        data = None
    try:
        if isinstance(data, dict) and set(data) == {KEY}:
            return shown_part(data[KEY])
        if isinstance(data, list):
            return change_message(data)
    except (KeyError, TypeError, ValueError, AttributeError):
        pass  # not ours after all: shown as it was typed
    return comment


def change_message(entries):
    """Django's record of a save (LogEntry.change_message), with each field's English label
    named in the active language: Django translates the label as it is, capitalised ("Title"),
    which the catalogue holds as the field's verbose name ("title")."""
    for entry in entries:
        for kind in entry.values():
            if "fields" in kind:
                kind["fields"] = [label_in_language(label) for label in kind["fields"]]
    return LogEntry(change_message=json.dumps(entries)).get_change_message()


def label_in_language(label):
    translated = gettext(label)
    if translated == label:
        lowered = label[:1].lower() + label[1:]
        lowered_translated = gettext(lowered)
        if lowered_translated != lowered:
            return lowered_translated
    return translated
