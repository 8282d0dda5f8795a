"""The newsroom in the admin: articles (newsroom.article_admin), the review queue
(newsroom.review_admin), column rights and review paths."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from mptt.forms import TreeNodeMultipleChoiceField

from categories.models import Category

from . import article_admin, review_admin  # noqa: F401  (they register their admins)
from .accounts import TiesLeftOut
from .models import ColumnRight, ReviewPath


class SuperusersOnly:
    """Who works where and who reviews what: decided by superusers."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


class ColumnRightForm(forms.ModelForm):
    columns = TreeNodeMultipleChoiceField(
        queryset=Category.objects.order_by("tree_id", "lft"),
        widget=forms.CheckboxSelectMultiple,
        label=_("columns"),
        help_text=_("Each with all its sub-columns."),
    )

    class Meta:
        model = ColumnRight
        fields = ("user", "group", "columns")


@admin.register(ColumnRight)
class ColumnRightAdmin(SuperusersOnly, TiesLeftOut, admin.ModelAdmin):
    form = ColumnRightForm
    ties = (ColumnRight.columns.through,)
    list_display = ("__str__", "column_names")

    @admin.display(description=_("columns"))
    def column_names(self, right):
        return "、".join(str(column) for column in right.columns.all())

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("user", "group")
            .prefetch_related("columns")
        )


@admin.register(ReviewPath)
class ReviewPathAdmin(SuperusersOnly, admin.ModelAdmin):
    list_display = ("column", "first_stage", "second_stage", "third_stage")
    list_select_related = ("column", "first_stage", "second_stage", "third_stage")
