"""Changes to the objects the audit log follows (accounts, groups, rights, the site's
settings): each app names its models and fields (`track`), and their saves, deletions and
many-to-many changes become entries, one per object and unit of work (records.note_change),
with each changed field's value before and after."""

from django.db.models import FileField, ForeignKey
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from .models import Action
from .records import name_of, note_change

# model → the fields followed; a password's value is never kept, only that it changed.
FOLLOWED = {}
SECRET_FIELDS = {"password"}
# What stands for a secret before and after it changed.
SECRET_BEFORE, SECRET_AFTER = 0, 1


def track(model, fields=None, many_to_many=()):
    """Follow `model`'s `fields` (its own fields when None) and its `many_to_many` fields."""
    if fields is None:
        fields = [
            f.name for f in model._meta.concrete_fields if not f.primary_key and not f.many_to_many
        ]
    FOLLOWED[model] = tuple(fields)
    uid = f"audit-{model._meta.label_lower}"
    pre_save.connect(before_save, sender=model, dispatch_uid=uid)
    post_save.connect(after_save, sender=model, dispatch_uid=uid)
    post_delete.connect(after_delete, sender=model, dispatch_uid=uid)
    for name in many_to_many:
        through = model._meta.get_field(name).remote_field.through
        m2m_changed.connect(ties_changed, sender=through, dispatch_uid=f"{uid}-{name}")


def track_deletions(model):
    """Only `model`'s deletions (an article's other changes are in its revisions)."""
    uid = f"audit-{model._meta.label_lower}-deleted"
    post_delete.connect(after_delete, sender=model, dispatch_uid=uid)


def shown(obj, name):
    """A field's value as the entry keeps it: plain JSON, a related object by its name."""
    field = obj._meta.get_field(name)
    value = getattr(obj, name)
    if isinstance(field, ForeignKey):
        return None if value is None else str(value)
    if isinstance(field, FileField):
        return value.name or None
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def snapshot(obj, names):
    return {name: shown(obj, name) for name in names}


def before_save(sender, instance, update_fields=None, raw=False, **kwargs):
    names = FOLLOWED[sender]
    if update_fields is not None:
        names = tuple(name for name in names if name in update_fields)
    instance._audit_names = names
    if raw or not names or instance._state.adding or instance.pk is None:
        instance._audit_before = None
        return
    earlier = sender._base_manager.filter(pk=instance.pk).first()
    instance._audit_before = snapshot(earlier, names) if earlier else None


def after_save(sender, instance, created, raw=False, **kwargs):
    names = getattr(instance, "_audit_names", ())
    if raw or not names:
        return
    before = getattr(instance, "_audit_before", None) or {}
    after = snapshot(instance, names)
    fields = {}
    for name in names:
        old, new = before.get(name), after[name]
        if name in SECRET_FIELDS:
            old, new = (SECRET_BEFORE, SECRET_AFTER) if old != new and new else (0, 0)
        if old != new and (not created or new not in (None, "", False)):
            fields[name] = [old, new]
    if created:
        note_change(Action.CREATE, instance, {"fields": fields})
    elif fields:
        note_change(Action.CHANGE, instance, {"fields": fields})


def after_delete(sender, instance, **kwargs):
    note_change(Action.DELETE, instance, {})


def ties_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """A user's groups or permissions, a group's permissions, a right's columns: noted on
    the side that holds the field (a user, not the group whose members changed)."""
    if action == "pre_clear":
        field = field_of(sender, type(instance), model, reverse)
        instance._audit_cleared = list(
            model._base_manager.filter(**{accessor_filter(field, reverse): instance.pk})
        )
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    kind = "added" if action == "post_add" else "removed"
    if action == "post_clear":
        others = getattr(instance, "_audit_cleared", [])
    else:
        others = list(model._base_manager.filter(pk__in=pk_set or ()))
    if not others:
        return
    field = field_of(sender, type(instance), model, reverse)
    if reverse:
        for holder in others:
            note_change(Action.CHANGE, holder, {kind: {field.name: [name_of(instance)]}})
    else:
        names = sorted(name_of(other) for other in others)
        note_change(Action.CHANGE, instance, {kind: {field.name: names}})


def field_of(through, instance_model, other_model, reverse):
    """The many-to-many field a `through` table belongs to."""
    holder = other_model if reverse else instance_model
    return next(f for f in holder._meta.many_to_many if f.remote_field.through is through)


def accessor_filter(field, reverse):
    """How to find the objects tied to an instance through `field`, from the other side."""
    return f"{field.name}__pk" if reverse else f"{field.related_query_name()}__pk"
