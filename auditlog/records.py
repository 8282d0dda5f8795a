"""Writing the audit log: `record` an event as it happens; `record_each` one event for many
objects (a list action, a command) in a few statements; `note_change` of an audited object,
merged with the unit's other changes to it (auditlog.context)."""

import json
import logging
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType

from . import context
from .models import Action, Entry

logger = logging.getLogger("newscms.audit")


def describe(obj):
    """(type, id, name) of what an entry is about."""
    if obj is None:
        return "", "", ""
    return obj._meta.label_lower, str(obj.pk or ""), name_of(obj)[:200]


def name_of(obj):
    """What an entry calls an object, the same whatever the language of whoever changed it: a
    permission by its app and codename, a group by its stored name (auditlog.details names
    both in the reader's language); anything else by its name."""
    label = obj._meta.label_lower
    if label == "auth.permission":
        app_label = ContentType.objects.get_for_id(obj.content_type_id).app_label
        return f"{app_label}.{obj.codename}"
    if label == "auth.group":
        return obj.name
    return str(obj)


def new_entry(action, obj=None, *, detail=None, succeeded=True, user=None, username=None):
    acting, address, origin = context.actor()
    user = user or acting
    object_type, object_id, object_repr = describe(obj)
    return Entry(
        user_id=user.pk if user else None,
        username=(username if username is not None else user.get_username() if user else "")[:150],
        address=address,
        origin=origin,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        detail=detail or {},
        succeeded=succeeded,
    )


def save(entries):
    Entry.objects.bulk_create(entries, batch_size=1000)
    for entry in entries:
        # Also to the logs, for operators who ship them to a log server.
        # One JSON object a line, as log shippers parse them.
        logger.info(json.dumps(as_record(entry), ensure_ascii=False, default=str))


def as_record(entry):
    return {
        "time": entry.time.isoformat(),
        "action": entry.action,
        "succeeded": entry.succeeded,
        "user": entry.username,
        "user_id": entry.user_id,
        "address": entry.address,
        "origin": entry.origin,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object": entry.object_repr,
        "detail": entry.detail,
    }


def record(action, obj=None, **kwargs):
    """Write one entry now: by the acting user (or `user`), about `obj`, with `detail`."""
    entry = new_entry(action, obj, **kwargs)
    save([entry])
    return entry


def record_each(action, objects, *, detail=None):
    """One entry per object, all written at once."""
    save([new_entry(action, obj, detail=detail) for obj in objects])


def note_change(action, obj, detail):
    """A change to an audited object: within a request or a command it joins the unit's
    entry for that object and action, written when the unit ends; elsewhere it is written
    now."""
    unit = context.current()
    if unit is None:
        record(action, obj, detail=detail)
        return
    key = (action, obj._meta.label_lower, str(obj.pk))
    created = (Action.CREATE, *key[1:])
    if action == Action.CHANGE and created in unit.entries:
        key = created  # a new object's groups, columns: part of its creation
    entry = unit.entries.get(key)
    if entry is None:
        unit.entries[key] = new_entry(action, obj, detail=detail)
        return
    entry.object_repr = name_of(obj)[:200]
    merge(entry.detail, detail)


def merge(detail, more):
    """Put `more` into `detail`: a field changed twice keeps its first value before and its
    last after; groups added then removed cancel out."""
    fields = detail.setdefault("fields", {})
    for name, (before, after) in more.get("fields", {}).items():
        fields[name] = [fields[name][0] if name in fields else before, after]
    for kind, other in (("added", "removed"), ("removed", "added")):
        for name, items in more.get(kind, {}).items():
            undone = set(detail.get(other, {}).get(name, [])) & set(items)
            if undone:
                detail[other][name] = [i for i in detail[other][name] if i not in undone]
            kept = [item for item in items if item not in undone]
            if kept:
                detail.setdefault(kind, {}).setdefault(name, []).extend(kept)
    for name, value in more.items():
        if name not in ("fields", "added", "removed"):
            detail[name] = value
    detail["fields"] = {name: pair for name, pair in fields.items() if pair[0] != pair[1]}
    for key in ("fields", "added", "removed"):
        detail[key] = {name: items for name, items in detail.get(key, {}).items() if items}
        if not detail[key]:
            del detail[key]


def write_noted(unit):
    entries = [entry for entry in unit.entries.values() if entry.action != "change" or entry.detail]
    unit.entries.clear()
    if entries:
        save(entries)


@contextmanager
def import_run(command, dry_run=False):
    """Record a run of an import command: the counts it puts in the dict it is given, or
    the error that stopped it (what it wrote is rolled back by then)."""
    counts = {}
    detail = {"command": command, "dry_run": dry_run, "counts": counts}
    with context.unit(command=command):
        try:
            yield counts
        except Exception as error:
            record(Action.IMPORT, detail={**detail, "error": str(error)[:500]}, succeeded=False)
            raise
        record(Action.IMPORT, detail=detail)
