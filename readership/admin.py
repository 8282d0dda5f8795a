"""The chief editors' pins and exclusions in the readers' lists (ListChoice), in the admin:
only those who may publish make them, for the articles of the columns they may work in
(newsroom.rights); each is recorded in the audit log (readership.apps)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from news.models import Article
from newsroom import rights
from newsroom.workflow import PUBLISH_PERMISSION

from .models import ListChoice


class PlaceFilter(admin.ChoicesFieldListFilter):
    """The choice's filter: Django titles it "By <the field's name>", and "By in the reader
    lists" does not read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = _("place in the reader lists")


@admin.register(ListChoice)
class ListChoiceAdmin(admin.ModelAdmin):
    list_display = ("article", "choice", "created_at")
    list_filter = (("choice", PlaceFilter),)
    list_select_related = ("article",)
    search_fields = ("article__title",)
    autocomplete_fields = ("article",)

    def get_queryset(self, request):
        return rights.within_reach(
            request.user, super().get_queryset(request), "article__column_id"
        )

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article":
            kwargs["queryset"] = rights.within_reach(request.user, Article.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def may_choose(self, request):
        return request.user.is_active and request.user.has_perm(PUBLISH_PERMISSION)

    def has_module_permission(self, request):
        return self.may_choose(request)

    def has_view_permission(self, request, obj=None):
        return self.may_choose(request)

    def has_add_permission(self, request):
        return self.may_choose(request)

    def has_change_permission(self, request, obj=None):
        return self.may_choose(request)

    def has_delete_permission(self, request, obj=None):
        return self.may_choose(request)
