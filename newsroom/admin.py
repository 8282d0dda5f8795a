import reversion
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import build_q_object_from_lookup_parameters
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from mptt.admin import TreeRelatedFieldListFilter
from reversion.admin import VersionAdmin
from reversion.models import Version

from config.validators import id_in_address
from news.attachments import Attachment
from news.models import Article

from . import revisions, workflow
from .forms import (
    ArticleAdminForm,
    MoveToColumnForm,
    RecoverForm,
    SendBackForm,
    describe,
    pin_end,
)


class AttachmentInline(admin.TabularInline):
    model = Attachment
    fields = ("file", "title", "order", "kind", "size")
    readonly_fields = ("kind", "size")
    extra = 1


class ColumnTreeFilter(TreeRelatedFieldListFilter):
    """django-mptt's column filter: a column with all its descendants.

    mptt's own queryset() lets a stale or malformed id (a deleted column, `abc`, an empty
    value) and any `column__isnull` value fail with a 500, and passes Django 5's list-valued
    parameters to filter() unchanged. Here bad values reload the changelist without filters
    (?e=1), as Django's own filters do."""

    def queryset(self, request, queryset):
        params = dict(self.used_parameters)
        column_id = params.pop(self.changed_lookup_kwarg, None)
        try:
            if column_id is not None:
                column = self.other_model._default_manager.get(pk=column_id[-1])
                queryset = queryset.filter(
                    **{f"{self.field_path}__in": column.get_descendants(include_self=True)}
                )
            return queryset.filter(build_q_object_from_lookup_parameters(params))
        except (ObjectDoesNotExist, ValueError, ValidationError) as error:
            raise IncorrectLookupParameters(error) from error


class StatusFilter(admin.SimpleListFilter):
    """Status with the number of articles in each, so "pending review (3)" shows what waits."""

    title = _("status")
    parameter_name = "status__exact"

    def lookups(self, request, model_admin):
        counts = dict(Article.objects.order_by().values_list("status").annotate(models.Count("pk")))
        return [
            (value, f"{label} ({counts.get(value, 0)})") for value, label in Article.Status.choices
        ]

    def queryset(self, request, queryset):
        if self.value() in Article.Status.values:
            return queryset.filter(status=self.value())
        return queryset


class PinFilter(admin.SimpleListFilter):
    title = _("pin")
    parameter_name = "pin"

    def lookups(self, request, model_admin):
        return [("now", _("Pinned now")), ("lapsed", _("Pin lapsed")), ("no", _("Never pinned"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        return {
            "now": lambda: queryset.filter(pinned_until__gt=now),
            "lapsed": lambda: queryset.filter(pinned_until__lte=now),
            "no": lambda: queryset.filter(pinned_until__isnull=True),
        }.get(self.value(), lambda: queryset)()


FLAGS = {
    "is_headline": _("headline"),
    "is_recommended": _("recommended"),
    "is_slideshow": _("slideshow"),
    "bold_title": _("bold title"),
}
PIN_ACTIONS = {
    "pin_for_a_week": (_("Pin selected articles for a week"), "week"),
    "pin_until_unpinned": (_("Pin selected articles until unpinned"), "forever"),
}


def flag_action(flag, value):
    """A bulk action that sets or clears one editorial flag."""
    verb = _("Mark selected articles as {flag}") if value else _("Clear {flag} on selected")

    def action(modeladmin, request, queryset):
        if flag == "is_slideshow" and value:
            without_cover = queryset.filter(cover="")
            if without_cover.exists():
                modeladmin.message_user(
                    request,
                    _("Articles without a cover were left out of the slideshow: %(titles)s")
                    % {"titles": "、".join(without_cover.values_list("title", flat=True))},
                    messages.WARNING,
                )
            queryset = queryset.exclude(cover="")
        count = modeladmin.change_all(request, queryset, **{flag: value})
        modeladmin.message_user(
            request,
            ngettext("%(count)d article changed.", "%(count)d articles changed.", count)
            % {"count": count},
        )

    action.__name__ = f"{'set' if value else 'clear'}_{flag}"
    description = format_lazy(verb, flag=FLAGS[flag])
    return admin.action(permissions=["change"], description=description)(action)


# Revisions keep every field but the version, which a save raises in SQL (newsroom.revisions
# decides what a restore copies back). Registered here, before VersionAdmin would.
# The bigrams are derived again on save, restores included: no need to keep them.
reversion.register(Article, exclude=("version", "search_grams"))


@admin.register(Article)
class ArticleAdmin(VersionAdmin):
    form = ArticleAdminForm
    # The admin builds the form with its own field callback; keep https for bare domains.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display_links = ("title",)
    list_filter = (
        StatusFilter,
        PinFilter,
        "is_headline",
        "is_recommended",
        "is_slideshow",
        ("column", ColumnTreeFilter),
        "published_at",
    )
    search_fields = ("title", "source", "keywords")
    date_hierarchy = "published_at"
    list_per_page = 50
    save_as = True
    change_list_template = "admin/news/article/change_list.html"
    object_history_template = "admin/news/article/object_history.html"
    readonly_fields = ("view_count", "created_by", "updated_by", "created_at", "updated_at")
    actions = (
        "submit_for_review",
        "publish",
        "unpublish",
        "send_back",
        *PIN_ACTIONS,
        "unpin",
        *(flag_action(flag, value) for flag in FLAGS for value in (True, False)),
        "move_to_column",
    )

    class Media:
        css = {"all": ("css/admin.css",)}

    def get_changelist_instance(self, request):
        """The list; for a date in the address that no stored date can be (the year 10000 of
        the date drill-down's next year, year 1 converted to UTC), the admin's own answer to
        a filter it cannot apply: the unfiltered list (`?e=1`)."""
        try:
            return super().get_changelist_instance(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": ("title", "summary", "body", "opened_version")}),
            (
                _("Column and publishing"),
                {"fields": ("column", "status", "published_at", "expires_at")},
            ),
            (
                _("Pin and flags"),
                {"fields": ("pin", "pinned_until", *FLAGS)},
            ),
            (_("Source"), {"fields": ("source", "source_url", "author")}),
            (_("Cover and search engines"), {"fields": ("cover", "keywords")}),
            (_("Record"), {"fields": self.readonly_fields, "classes": ("collapse",)}),
        ]
        if workflow.can_publish(request.user) or (obj is not None and obj.review_note):
            # The writer sees the chief editor's note first; chief editors can write one.
            fieldsets.insert(0, (_("Review"), {"fields": ("review_note",)}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields + workflow.locked_fields(request.user, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    inlines = (AttachmentInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).teasers().select_related("created_by")

    def get_list_display(self, request):
        # The column's path comes from the request's column tree, read once for the page.
        tree = request.columns

        @admin.display(description=_("column"), ordering="column__tree_id")
        def column_path(article):
            return format_html(
                '<span title="{}">{}</span>',
                tree.path(article.column_id),
                tree.by_id(article.column_id),
            )

        return ("title", column_path, "badges", "publication_date", "view_count", "author")

    @admin.display(description=_("status"), ordering="status")
    def badges(self, article):
        """Status, pin and flags as short badges, so the title keeps the room."""
        badges = [(f"status-{article.status}", article.get_status_display())]
        if article.is_pinned:
            badges.append(("pin", _("pinned")))
        badges += [(flag, label) for flag, label in FLAGS.items() if getattr(article, flag)]
        if article.is_expired:
            badges.append(("expired", _("expired")))
        return format_html_join(" ", '<span class="badge badge-{}">{}</span>', badges)

    @admin.display(description=_("publication date"), ordering="published_at")
    def publication_date(self, article):
        return describe(article.published_at)

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        if obj.status == Article.Status.PUBLISHED:
            obj.review_note = ""
        super().save_model(request, obj, form, change)

    def change_all(self, request, queryset, comment="", **changes):
        """Apply a bulk change as one statement, raising each article's version (so forms
        opened before it are stale) and keeping a revision of each."""
        pks = list(queryset.values_list("pk", flat=True))
        with reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(comment or _("Changed in bulk from the list."))
            count = Article.objects.filter(pk__in=pks).update(
                **changes,
                version=F("version") + 1,
                updated_by=request.user,
                updated_at=timezone.now(),
            )
            for article in Article.objects.filter(pk__in=pks):
                reversion.add_to_revision(article)
        return count

    def report(self, request, singular, plural, count):
        self.message_user(request, ngettext(singular, plural, count) % {"count": count})

    @admin.action(description=_("Submit selected drafts for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        drafts = queryset.filter(status=Article.Status.DRAFT)
        count = self.change_all(
            request, drafts, _("Submitted for review."), status=Article.Status.PENDING
        )
        self.report(
            request,
            "%(count)d article submitted for review.",
            "%(count)d articles submitted for review.",
            count,
        )

    @admin.action(description=_("Publish selected articles"), permissions=["publish"])
    def publish(self, request, queryset):
        count = self.change_all(
            request, queryset, _("Published."), status=Article.Status.PUBLISHED, review_note=""
        )
        self.report(request, "%(count)d article published.", "%(count)d articles published.", count)

    @admin.action(
        description=_("Unpublish selected articles (back to draft)"), permissions=["publish"]
    )
    def unpublish(self, request, queryset):
        count = self.change_all(request, queryset, _("Unpublished."), status=Article.Status.DRAFT)
        self.report(
            request,
            "%(count)d article set back to draft.",
            "%(count)d articles set back to draft.",
            count,
        )

    @admin.action(
        description=_("Send selected articles back to the writer"), permissions=["publish"]
    )
    def send_back(self, request, queryset):
        form = SendBackForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            note = form.cleaned_data["note"]
            count = self.change_all(
                request, queryset, note, status=Article.Status.DRAFT, review_note=note
            )
            self.report(
                request,
                "%(count)d article sent back to the writer.",
                "%(count)d articles sent back to the writer.",
                count,
            )
            return None
        return self.action_form_page(request, queryset, "send_back", form, _("Send back"))

    def pin_action(self, request, queryset, choice):
        count = self.change_all(
            request, queryset, pinned_until=pin_end(choice, None, timezone.now())
        )
        self.report(request, "%(count)d article pinned.", "%(count)d articles pinned.", count)

    @admin.action(description=PIN_ACTIONS["pin_for_a_week"][0], permissions=["change"])
    def pin_for_a_week(self, request, queryset):
        self.pin_action(request, queryset, PIN_ACTIONS["pin_for_a_week"][1])

    @admin.action(description=PIN_ACTIONS["pin_until_unpinned"][0], permissions=["change"])
    def pin_until_unpinned(self, request, queryset):
        self.pin_action(request, queryset, PIN_ACTIONS["pin_until_unpinned"][1])

    @admin.action(description=_("Unpin selected articles"), permissions=["change"])
    def unpin(self, request, queryset):
        count = self.change_all(request, queryset, pinned_until=None)
        self.report(request, "%(count)d article unpinned.", "%(count)d articles unpinned.", count)

    @admin.action(description=_("Move selected articles to another column"), permissions=["change"])
    def move_to_column(self, request, queryset):
        form = MoveToColumnForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            column = form.cleaned_data["column"]
            count = self.change_all(request, queryset, column=column)
            message = ngettext(
                "%(count)d article moved to %(column)s.",
                "%(count)d articles moved to %(column)s.",
                count,
            )
            self.message_user(request, message % {"count": count, "column": column})
            return None
        return self.action_form_page(
            request,
            queryset,
            "move_to_column",
            form,
            _("Move"),
            _("Move articles to another column"),
        )

    def action_form_page(self, request, queryset, action, form, button, title=None):
        """The page a bulk action shows to ask for more (a column, a note) before it acts."""
        return TemplateResponse(
            request,
            "admin/news/article/action_form.html",
            {
                **self.admin_site.each_context(request),
                "title": title or self.get_action(action)[2],
                "opts": self.model._meta,
                "form": form,
                "action": action,
                "button": button,
                "articles": queryset,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            },
        )

    # Revisions: history with comparison, restore as a new revision.

    def get_urls(self):
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="news_article_compare",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name="news_article_restore",
            ),
            *super().get_urls(),
        ]

    def has_recover_permission(self, request):
        """Bringing back a deleted article undoes a deletion: for those who may delete."""
        return self.has_delete_permission(request)

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_recover_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        """Bring back one deleted article, as a draft, after a confirmation.

        django-reversion's own view reverts the whole revision the version belongs to, for
        any user who may add: a bulk action's revision holds every article it changed, so
        "recovering" one put live articles back as they were then (status, view count)."""
        if not self.has_recover_permission(request):
            raise PermissionDenied
        pk = id_in_address(str(version_id), 2**31)
        if pk is None:
            raise Http404
        version = get_object_or_404(Version.objects.get_for_model(Article), pk=pk)
        if Article.objects.filter(pk=version.object_id).exists():
            raise Http404  # not deleted: its history restores it, with what that allows
        form = RecoverForm(version, request.POST if request.method == "POST" else None)
        if form.is_valid():
            with transaction.atomic(), reversion.create_revision():
                reversion.set_user(request.user)
                reversion.set_comment(_("Recovered after deletion, as a draft."))
                article = revisions.recover(version, form.cleaned_data["column"])
                article.updated_by = request.user
                article.save()
            self.message_user(
                request,
                _("“%(title)s” is back, as a draft.") % {"title": article.title},
                messages.SUCCESS,
            )
            return redirect("admin:news_article_change", article.pk)
        return TemplateResponse(
            request,
            "admin/news/article/recover_confirm.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Recover “%(title)s”") % {"title": version.object_repr},
                "opts": self.model._meta,
                "version": version,
                "form": form,
            },
        )

    def revision_view(self, request, object_id, version_id, extra_context=None):
        # django-reversion's own revert writes every stored field back, the view count
        # included; restoring goes through restore_view instead.
        url = reverse("admin:news_article_compare", args=[object_id])
        return redirect(f"{url}?a={version_id}")

    def history_view(self, request, object_id, extra_context=None):
        article = self.get_object(request, object_id)
        return super().history_view(
            request,
            object_id,
            {
                "versions": revisions.versions_of(article) if article else [],
                **(extra_context or {}),
            },
        )

    def revision_of(self, article, version_id):
        pk = id_in_address(str(version_id), 2**31)  # a revision's id is an integer column
        if pk is None:
            raise Http404
        return get_object_or_404(revisions.versions_of(article), pk=pk)

    def compare_view(self, request, object_id):
        article = self.get_object(request, object_id)
        if article is None or not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        older = self.revision_of(article, request.GET.get("a") or 0)
        newer_id = request.GET.get("b")
        newer = self.revision_of(article, newer_id) if newer_id else None
        current = Article.objects.get(pk=article.pk)
        newer_data = (
            newer.field_dict
            if newer
            else {name: getattr(current, name) for name, _label in revisions.COMPARED_FIELDS}
        )
        return TemplateResponse(
            request,
            "admin/news/article/compare.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Compare versions of “%(title)s”") % {"title": article.title},
                "opts": self.model._meta,
                "article": article,
                "older": older,
                "newer": newer,
                "rows": revisions.compare(older.field_dict, newer_data),
                "can_restore": self.has_change_permission(request, article),
            },
        )

    def restore_view(self, request, object_id, version_id):
        article = self.get_object(request, object_id)
        if article is None or not self.has_change_permission(request, article):
            raise PermissionDenied
        if article.status == Article.Status.PUBLISHED and not workflow.can_publish(request.user):
            # What readers see changes only by a chief editor's hand.
            raise PermissionDenied
        version = self.revision_of(article, version_id)
        if request.method != "POST":
            url = reverse("admin:news_article_compare", args=[object_id])
            return redirect(f"{url}?a={version_id}")
        with transaction.atomic(), reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(
                _("Restored the version of %(date)s.")
                % {"date": describe(version.revision.date_created)}
            )
            article = Article.objects.select_for_update().get(pk=article.pk)
            revisions.restore(article, version)
            article.updated_by = request.user
            article.save()
        self.message_user(
            request,
            _("The older version is restored; it is the newest revision now."),
            messages.SUCCESS,
        )
        return redirect("admin:news_article_change", article.pk)
