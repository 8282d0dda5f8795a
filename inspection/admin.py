from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import BrokenLink, ErrorReport


@admin.register(ErrorReport)
class ErrorReportAdmin(admin.ModelAdmin):
    """Readers' reports: read, marked handled, never written by staff."""

    list_display = ("created_at", "page", "description_start", "contact", "is_handled")
    list_editable = ("is_handled",)
    list_filter = ("is_handled", "created_at")
    search_fields = ("page", "description", "contact")
    readonly_fields = ("page", "description", "contact", "client_address", "created_at")
    fields = (*readonly_fields, "is_handled")

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("description"))
    def description_start(self, report):
        return report.description[:80]


@admin.register(BrokenLink)
class BrokenLinkAdmin(admin.ModelAdmin):
    """What the last `check_links` found; the next run replaces it."""

    list_display = (
        "link",
        "problem",
        "detail",
        "article_link",
        "first_found_at",
        "last_checked_at",
    )
    list_filter = ("problem",)
    list_select_related = ("article",)
    search_fields = ("url", "article__title")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("URL"), ordering="url")
    def link(self, broken):
        return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', broken.url, broken.url)

    @admin.display(description=_("article"), ordering="article")
    def article_link(self, broken):
        url = reverse("admin:news_article_change", args=[broken.article_id])
        return format_html('<a href="{}">{}</a>', url, broken.article.title)
