from django.contrib import admin
from django.db import models
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from .models import FriendlyLink, SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One record: the list goes straight to its form."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (None, {"fields": ("site_name", "logo")}),
        (_("Search engines"), {"fields": ("seo_description", "seo_keywords")}),
        (
            _("Footer"),
            {
                "fields": (
                    "address",
                    "phone",
                    "email",
                    "icp_number",
                    "police_number",
                    "police_badge",
                    "site_code",
                    "government_badge",
                    "government_badge_url",
                )
            },
        ),
        (
            _("Display modes"),
            {
                "fields": ("mourning_starts_at", "mourning_ends_at"),
                "description": _(
                    "Between these times every reader page is shown in grey (mourning mode). "
                    "The mode starts and ends by itself at the times set."
                ),
            },
        ),
    )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        return redirect("admin:sitesettings_sitesettings_change", 1)

    def get_object(self, request, object_id, from_field=None):
        # The record exists from the first visit on, with SITE_NAME as its name.
        if str(object_id) == "1":
            return SiteSettings.objects.get_or_create(pk=1)[0]
        return None


@admin.register(FriendlyLink)
class FriendlyLinkAdmin(admin.ModelAdmin):
    # A bare domain typed in the link's form is taken as https, as articles' source URLs are.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ("name", "url", "order", "is_shown")
    list_editable = ("order", "is_shown")
    list_filter = ("is_shown",)
    search_fields = ("name", "url")
