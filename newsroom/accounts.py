"""Staff accounts, groups and login attempts in the admin, in the user's language.

Django stores each permission's name in English when it creates it ("Can add article"), and
lists the rows that tie users, groups and permissions together by their tables' names
("User_groups object (2)") when one of them is deleted; django-axes writes its list's status
and its clean-up message in English, and its clean-up action fails. These admins take their
place (`register`): the permission picker names each permission from its model's translated
names, deletion pages leave the tie rows out (they go with the account or group by
themselves), and the login attempts speak through the catalogue.
"""

from axes.admin import AccessAttemptAdmin
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission, User
from django.db.models import Exists, OuterRef
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import second_factor

# What each of Django's default permissions allows, by its action.
ACTIONS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}
TIES = (User.groups.through, User.user_permissions.through, Group.permissions.through)
# Each account's own second factor (newsroom.second_factor): it goes with the account, and no
# one is given rights over another's (django-otp's admin pages are not registered).
SECOND_FACTOR_MODELS = (TOTPDevice, StaticDevice, StaticToken)


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


def without_ties(items, ties):
    """A deletion page's nested list of what goes, without the rows of the `ties` (the
    tables behind many-to-many fields)."""
    labels = tuple(f"{capfirst(tie._meta.verbose_name)}: " for tie in ties)
    kept = []
    for item in items:
        if isinstance(item, list):
            item = without_ties(item, ties)
            if item:
                kept.append(item)
        elif not str(item).startswith(labels):
            kept.append(item)
    return kept


class TiesLeftOut:
    """Deletion pages without the rows that tie records together: they go with the record by
    themselves, and Django names them by their tables ("ColumnRight_columns object (1)")."""

    ties = ()

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        names = {str(tie._meta.verbose_name_plural) for tie in self.ties}
        counts = {name: count for name, count in counts.items() if str(name) not in names}
        return without_ties(deleted, self.ties), counts, perms_needed, protected


class StaffAdmin(TiesLeftOut):
    """What the user and group admins add to Django's."""

    ties = TIES + SECOND_FACTOR_MODELS

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is Permission:
            kwargs["form_class"] = PermissionField
            kwargs["queryset"] = Permission.objects.exclude(
                content_type__app_label__in={
                    model._meta.app_label for model in SECOND_FACTOR_MODELS
                }
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class AccountAdmin(StaffAdmin, UserAdmin):
    list_display = (*UserAdmin.list_display, "two_step_login")
    actions = ("remove_second_factor",)

    def get_queryset(self, request):
        authenticators = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(has_authenticator=Exists(authenticators))

    @admin.display(description=_("two-step login"), ordering="has_authenticator", boolean=True)
    def two_step_login(self, user):
        return user.has_authenticator

    @admin.action(description=_("Remove two-step login (a lost phone)"), permissions=["change"])
    def remove_second_factor(self, request, queryset):
        count = len(second_factor.remove(queryset))
        self.message_user(
            request,
            ngettext(
                "Two-step login removed from %(count)d account: it sets up a new one at its "
                "next login where one is required.",
                "Two-step login removed from %(count)d accounts: each sets up a new one at "
                "its next login where one is required.",
                count,
            )
            % {"count": count},
            messages.SUCCESS if count else messages.WARNING,
        )


class StaffGroupAdmin(StaffAdmin, GroupAdmin):
    pass


class LoginAttemptAdmin(AccessAttemptAdmin):
    @admin.action(description=_("Clean up expired attempts"))
    def cleanup_expired_attempts(self, request, queryset):
        # The time the cool-off counts back from: django-axes sets it on login requests only,
        # and its own action fails without it.
        AxesProxyHandler.update_request(request)
        count = self.handler.clean_expired_user_attempts(request=request)
        self.message_user(
            request,
            ngettext(
                "%(count)d expired login attempt cleaned up.",
                "%(count)d expired login attempts cleaned up.",
                count,
            )
            % {"count": count},
        )

    @admin.display(description=_("status"))
    def status(self, attempt):
        left = settings.AXES_FAILURE_LIMIT - attempt.failures_since_start
        if left <= 0:
            return _("Locked Out")
        return ngettext("%(count)d attempt left", "%(count)d attempts left", left) % {"count": left}

    @admin.display(description=_("expires at"))
    def expiration(self, attempt):
        return super().expiration(attempt)


def register(site):
    """Put these admins in the place of Django's and django-axes' own."""
    for model in (TOTPDevice, StaticDevice):
        site.unregister(model)
    for model, model_admin in (
        (User, AccountAdmin),
        (Group, StaffGroupAdmin),
        (AccessAttempt, LoginAttemptAdmin),
    ):
        site.unregister(model)
        site.register(model, model_admin)
