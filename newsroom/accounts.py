"""Staff accounts and groups in the admin, in the reader's language.

Django stores each permission's name in English when it creates it ("Can add article"), and
lists the rows that tie users, groups and permissions together by their tables' names
("User_groups object (2)") when one of them is deleted. These admins take Django's place
(`register`): the permission picker names each permission from its model's translated names,
and deletion pages leave the tie rows out (they go with the account or group by themselves).
"""

from django import forms
from django.contrib.auth import get_permission_codename
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission, User
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

# What each of Django's default permissions allows, by its action.
ACTIONS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}
TIES = (User.groups.through, User.user_permissions.through, Group.permissions.through)


def permission_label(permission):
    """The app, the model and what the permission allows, in the active language
    (新闻 | 文章 | 可以添加 文章); the stored name for a permission whose model is gone."""
    model = permission.content_type.model_class()
    if model is None:
        return str(permission)
    opts = model._meta
    # Django's own permissions by codename ("add_article": "add"); others are the model's own
    # (Meta.permissions), named there through the catalogue.
    defaults = {get_permission_codename(a, opts): a for a in opts.default_permissions}
    if permission.codename in defaults:
        name = ACTIONS[defaults[permission.codename]] % {"model": opts.verbose_name}
    else:
        name = dict(opts.permissions).get(permission.codename, permission.name)
    return f"{permission.content_type} | {name}"


class PermissionField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return permission_label(obj)


def without_ties(items):
    """A deletion page's nested list of what goes, without the tie rows."""
    labels = tuple(f"{capfirst(tie._meta.verbose_name)}: " for tie in TIES)
    kept = []
    for item in items:
        if isinstance(item, list):
            item = without_ties(item)
            if item:
                kept.append(item)
        elif not str(item).startswith(labels):
            kept.append(item)
    return kept


class StaffAdmin:
    """What the user and group admins add to Django's."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is Permission:
            kwargs["form_class"] = PermissionField
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        ties = {str(tie._meta.verbose_name_plural) for tie in TIES}
        counts = {name: count for name, count in counts.items() if str(name) not in ties}
        return without_ties(deleted), counts, perms_needed, protected


class AccountAdmin(StaffAdmin, UserAdmin):
    pass


class StaffGroupAdmin(StaffAdmin, GroupAdmin):
    pass


def register(site):
    """Put these admins in the place of Django's own."""
    for model, model_admin in ((User, AccountAdmin), (Group, StaffGroupAdmin)):
        site.unregister(model)
        site.register(model, model_admin)
