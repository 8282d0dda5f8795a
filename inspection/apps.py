from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "inspection"
    verbose_name = _("Site inspection")
    # The columns behind their cycle, broken links, open reports (newsroom.admin_site).
    admin_index_template = "admin/inspection/index_summary.html"
