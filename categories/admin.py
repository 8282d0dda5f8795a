from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import model_ngettext
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext_lazy as _
from mptt.admin import DraggableMPTTAdmin

from .forms import ColumnAdminForm
from .locking import column_tree_lock
from .models import Category


@admin.register(Category)
class CategoryAdmin(DraggableMPTTAdmin):
    form = ColumnAdminForm
    # How many levels of the tree show on a browser that has not stored its own choice.
    open_levels = 2
    list_display = ("tree_actions", "indented_title", "slug", "is_visible", "article_count")
    list_display_links = ("indented_title",)
    list_editable = ("is_visible",)
    list_filter = ("is_visible",)
    search_fields = ("name", "slug", "keywords")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "slug",
                    "parent",
                    "is_visible",
                    "description",
                    "update_cycle_days",
                )
            },
        ),
        (_("Search engines"), {"fields": ("seo_title", "keywords", "meta_description")}),
    )

    class Media:
        css = {"all": ("categories/admin.css",)}

    def get_queryset(self, request):
        # Articles reach columns only through the reverse relation `articles`.
        relation = Category._meta.get_field("articles")
        return Category.objects.add_related_count(
            super().get_queryset(request),
            relation.related_model,
            relation.field.name,
            "article_total",
            cumulative=True,
        )

    @admin.display(description=_("articles (with sub-columns)"))
    def article_count(self, column):
        return column.article_total

    def changelist_view(self, request, *args, **kwargs):
        response = super().changelist_view(request, *args, **kwargs)
        # After django-mptt's script, whose tree it reads: naming that script first puts this
        # one after it (a move answers with no page).
        if hasattr(response, "context_data") and "media" in response.context_data:
            opening = forms.Script(
                "categories/column-tree.js", **{"data-open-levels": self.open_levels}
            )
            response.context_data["media"] += forms.Media(js=["mptt/draggable-admin.js", opening])
        return response

    def _move_node(self, request):
        with column_tree_lock():
            return super()._move_node(request)

    def delete_selected_tree(self, modeladmin, request, queryset):
        if not request.POST.get("post"):
            return super().delete_selected_tree(modeladmin, request, queryset)  # the question
        # The confirmation page already lists protected articles; this guards a forged or
        # racing POST, and the transaction keeps a half-done deletion from sticking.
        try:
            with transaction.atomic():
                deleted = self.delete_columns(request, queryset)
        except ProtectedError:
            self.message_user(
                request,
                _("Columns that still have articles cannot be deleted; move the articles first."),
                level=messages.ERROR,
            )
            return None
        # Django's words, counted in the reader's language (django-mptt's say "1 items").
        self.message_user(
            request,
            _("Successfully deleted %(count)d %(items)s.")
            % {"count": deleted, "items": model_ngettext(self.opts, deleted)},
        )
        return None

    def delete_columns(self, request, queryset):
        """django-mptt's deletion: one column at a time, the tree's updates delayed to the
        end; the number deleted."""
        deleted = 0
        with self.model._tree_manager.delay_mptt_updates():
            for column in queryset:
                if self.has_delete_permission(request, column):
                    self.log_deletions(request, [column])
                    column.delete()
                    deleted += 1
        return deleted
