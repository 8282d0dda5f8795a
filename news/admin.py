from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import build_q_object_from_lookup_parameters
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from mptt.admin import TreeRelatedFieldListFilter

from .forms import ArticleAdminForm, MoveToColumnForm
from .models import Article


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


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    # The admin builds the form with its own field callback; keep https for bare domains.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display_links = ("title",)
    list_filter = (
        "status",
        "is_pinned",
        ("column", ColumnTreeFilter),
        "published_at",
    )
    search_fields = ("title", "source", "keywords")
    date_hierarchy = "published_at"
    list_per_page = 50
    save_as = True
    readonly_fields = ("view_count", "created_by", "created_at", "updated_at")
    fieldsets = (
        (_("Content"), {"fields": ("title", "summary", "body")}),
        (_("Column and publishing"), {"fields": ("column", "status", "published_at", "is_pinned")}),
        (_("Source"), {"fields": ("source", "source_url", "author")}),
        (_("Cover and search engines"), {"fields": ("cover", "keywords")}),
        (
            _("Record"),
            {"fields": readonly_fields, "classes": ("collapse",)},
        ),
    )
    actions = ("publish", "unpublish", "pin", "unpin", "move_to_column")

    def get_queryset(self, request):
        return super().get_queryset(request).teasers().select_related("created_by")

    def get_list_display(self, request):
        # The column's path comes from the request's column tree, read once for the page.
        tree = request.columns

        @admin.display(description=_("column"), ordering="column__tree_id")
        def column_path(article):
            return tree.path(article.column_id)

        return (
            "title",
            column_path,
            "status",
            "is_pinned",
            "published_at",
            "view_count",
            "author",
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Publish selected articles"), permissions=["change"])
    def publish(self, request, queryset):
        count = queryset.update(status=Article.Status.PUBLISHED, updated_at=timezone.now())
        message = ngettext("%(count)d article published.", "%(count)d articles published.", count)
        self.message_user(request, message % {"count": count})

    @admin.action(
        description=_("Unpublish selected articles (back to draft)"), permissions=["change"]
    )
    def unpublish(self, request, queryset):
        count = queryset.update(status=Article.Status.DRAFT, updated_at=timezone.now())
        message = ngettext(
            "%(count)d article set back to draft.", "%(count)d articles set back to draft.", count
        )
        self.message_user(request, message % {"count": count})

    @admin.action(description=_("Pin selected articles"), permissions=["change"])
    def pin(self, request, queryset):
        count = queryset.update(is_pinned=True, updated_at=timezone.now())
        message = ngettext("%(count)d article pinned.", "%(count)d articles pinned.", count)
        self.message_user(request, message % {"count": count})

    @admin.action(description=_("Unpin selected articles"), permissions=["change"])
    def unpin(self, request, queryset):
        count = queryset.update(is_pinned=False, updated_at=timezone.now())
        message = ngettext("%(count)d article unpinned.", "%(count)d articles unpinned.", count)
        self.message_user(request, message % {"count": count})

    @admin.action(description=_("Move selected articles to another column"), permissions=["change"])
    def move_to_column(self, request, queryset):
        form = MoveToColumnForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            column = form.cleaned_data["column"]
            count = queryset.update(column=column, updated_at=timezone.now())
            message = ngettext(
                "%(count)d article moved to %(column)s.",
                "%(count)d articles moved to %(column)s.",
                count,
            )
            self.message_user(request, message % {"count": count, "column": column})
            return None
        return TemplateResponse(
            request,
            "admin/news/article/move_to_column.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Move articles to another column"),
                "opts": self.model._meta,
                "form": form,
                "articles": queryset,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            },
        )
