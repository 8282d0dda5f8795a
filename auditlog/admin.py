"""The audit log in the admin, for auditors only: a read-only list with filters, each
entry's page, and the list as it is filtered downloaded as CSV. No one adds, changes or
deletes an entry here."""

import csv
import ipaddress

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.spreadsheets import safe_cell

from . import details
from .auditors import is_auditor
from .models import Action, Entry
from .records import record


class Echo:
    def write(self, value):
        return value


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin):
    list_display = ("time", "username", "address", "action", "result", "target", "what", "origin")
    list_filter = ("action", "succeeded")
    date_hierarchy = "time"
    search_fields = ("username", "object_repr", "=object_id", "origin")
    actions = None
    list_per_page = 100
    show_full_result_count = False

    def has_module_permission(self, request):
        return is_auditor(request.user)

    def has_view_permission(self, request, obj=None):
        return is_auditor(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_search_results(self, request, queryset, search_term):
        """An address typed in the search finds that address's entries."""
        try:
            address = str(ipaddress.ip_address(search_term.strip()))
        except ValueError:
            return super().get_search_results(request, queryset, search_term)
        return queryset.filter(address=address), False

    @admin.display(description=gettext_lazy("result"), boolean=True, ordering="succeeded")
    def result(self, entry):
        return entry.succeeded

    @admin.display(description=gettext_lazy("object"))
    def target(self, entry):
        if not entry.object_type:
            return "—"
        return f"{details.type_name(entry)}: {entry.object_repr}"

    @admin.display(description=gettext_lazy("detail"))
    def what(self, entry):
        return details.describe(entry) or "—"

    fields = readonly_fields = (
        "time",
        "username",
        "user_id",
        "address",
        "origin",
        "action",
        "result",
        "target",
        "object_id",
        "what",
    )

    def get_urls(self):
        export = path(
            "export/",
            self.admin_site.admin_view(self.export_view),
            name="auditlog_entry_export",
        )
        return [export, *super().get_urls()]

    def export_view(self, request):
        """The entries the list shows with its filters and search, every page of them."""
        if not is_auditor(request.user):
            raise PermissionDenied
        try:
            entries = self.get_changelist_instance(request).get_queryset(request)
        except IncorrectLookupParameters:
            # As the list answers a filter it does not know.
            return redirect(reverse("admin:auditlog_entry_changelist") + "?e=1")
        record(Action.EXPORT, detail={"count": entries.count(), "query": request.GET.urlencode()})
        writer = csv.writer(Echo())
        header = [
            _("time"),
            _("user"),
            _("client address"),
            _("action"),
            _("result"),
            _("object type"),
            _("object id"),
            _("object"),
            _("detail"),
            _("origin"),
        ]

        def rows():
            yield "\ufeff"  # so that spreadsheet programs read the file as UTF-8
            yield writer.writerow(header)
            for entry in entries.iterator(chunk_size=2000):
                yield writer.writerow(
                    safe_cell(cell)
                    for cell in (
                        formats.date_format(timezone.localtime(entry.time), "Y-m-d H:i:s"),
                        entry.username,
                        entry.address or "",
                        entry.get_action_display(),
                        _("succeeded") if entry.succeeded else _("failed"),
                        details.type_name(entry),
                        entry.object_id,
                        entry.object_repr,
                        details.describe(entry),
                        entry.origin,
                    )
                )

        name = f"audit-log-{timezone.localdate():%Y%m%d}.csv"
        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
