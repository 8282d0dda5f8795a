"""An entry's object and detail in the reader's language: what the log keeps is names of
fields, codes and values, never sentences, so that each auditor reads it in their own."""

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from .tracking import SECRET_FIELDS

# The counts an import's entry keeps, by key.
COUNT_LABELS = {
    "created": lambda: _("created"),
    "updated": lambda: _("updated"),
    "unchanged": lambda: _("unchanged"),
    "existing": lambda: _("already present"),
    "bad": lambda: _("bad lines"),
    "withdrawn": lambda: _("withdrawn"),
    "restored": lambda: _("restored"),
    "skipped": lambda: _("skipped"),
    "columns": lambda: _("columns"),
    "articles": lambda: _("articles"),
}


def model_of(entry):
    try:
        return apps.get_model(entry.object_type) if entry.object_type else None
    except (LookupError, ValueError):
        return None


def type_name(entry):
    model = model_of(entry)
    return str(model._meta.verbose_name) if model else entry.object_type


def field_of(model, name):
    try:
        return model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        return None


def field_label(model, name):
    field = field_of(model, name)
    return str(field.verbose_name) if field else name


def value_text(value, field=None):
    """A value as the field shows it: a choice by its label, a time in local time."""
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    if value in (None, ""):
        return "—"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        moment = parse_datetime(value)
        if moment is not None:
            return formats.date_format(timezone.localtime(moment), "Y-m-d H:i:s")
    return str(value)


def item_names(name, items):
    """The names of added or removed items: permissions and the product's staff groups named
    in the reader's language."""
    if name == "groups":
        from newsroom.groups import NAMES

        return [str(NAMES.get(item, item)) for item in items]
    if name not in ("permissions", "user_permissions"):
        return items
    from django.contrib.auth.models import Permission

    from newsroom.accounts import permission_label

    by_code = {}
    for permission in Permission.objects.select_related("content_type").filter(
        codename__in=[item.partition(".")[2] for item in items]
    ):
        by_code[f"{permission.content_type.app_label}.{permission.codename}"] = permission_label(
            permission
        )
    return [by_code.get(item, item) for item in items]


def describe(entry):
    """The entry's detail as a line of text."""
    detail, model = entry.detail or {}, model_of(entry)
    parts = []
    for name, (before, after) in detail.get("fields", {}).items():
        label, field = field_label(model, name), field_of(model, name)
        if name in SECRET_FIELDS:
            said = _("%(field)s set") if entry.action == "create" else _("%(field)s changed")
            parts.append(said % {"field": label})
        elif entry.action == "create":
            parts.append(labelled(label, value_text(after, field)))
        else:
            parts.append(
                _("%(field)s: %(before)s → %(after)s")
                % {
                    "field": label,
                    "before": value_text(before, field),
                    "after": value_text(after, field),
                }
            )
    for kind, verb in (("added", "+"), ("removed", "−")):
        for name, items in detail.get(kind, {}).items():
            names = ", ".join(verb + str(item) for item in item_names(name, items))
            parts.append(labelled(field_label(model, name), names))
    if detail.get("reason") == "code":
        parts.append(_("wrong verification code"))
    if "stage" in detail:
        parts.append(
            _("stage %(stage)d of %(stages)d")
            % {"stage": detail["stage"], "stages": detail["stages"]}
        )
    if detail.get("published"):
        parts.append(_("it went live"))
    if detail.get("revision"):
        moment = parse_datetime(detail["revision"])
        shown = (
            formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
            if moment
            else detail["revision"]
        )
        parts.append(_("the version of %(date)s") % {"date": shown})
    if detail.get("as_change"):
        parts.append(_("as a change waiting for review"))
    if detail.get("column"):
        parts.append(_("column: %(column)s") % {"column": detail["column"]})
    if detail.get("command"):
        parts.append(detail["command"])
    if detail.get("dry_run"):
        parts.append(_("dry run: nothing written"))
    for key, count in detail.get("counts", {}).items():
        label = COUNT_LABELS[key]() if key in COUNT_LABELS else key
        parts.append(labelled(label, count))
    if "count" in detail:
        count = detail["count"]
        parts.append(ngettext("%(count)d entry", "%(count)d entries", count) % {"count": count})
    if detail.get("words"):
        parts.append(_("words: %(words)s") % {"words": "、".join(detail["words"])})
    if detail.get("comment"):
        parts.append(_("comment: %(comment)s") % {"comment": detail["comment"]})
    if detail.get("error"):
        parts.append(_("error: %(error)s") % {"error": detail["error"]})
    return pgettext("between the parts of an entry's detail", "; ").join(parts)


def labelled(label, value):
    return _("%(field)s: %(value)s") % {"field": label, "value": value}
