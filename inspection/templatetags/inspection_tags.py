from django import template

from ..freshness import columns_behind
from ..models import BrokenLink, ErrorReport

register = template.Library()


@register.simple_tag(takes_context=True)
def inspection_summary(context):
    """What the admin's home page shows the user of the inspection items they may see."""
    user = context["request"].user
    summary = {}
    if user.has_perm("categories.view_category"):
        summary["overdue"], summary["empty"] = columns_behind()
    if user.has_perm("inspection.view_brokenlink"):
        summary["broken_links"] = BrokenLink.objects.count()
    if user.has_perm("inspection.view_errorreport"):
        summary["open_reports"] = ErrorReport.objects.filter(is_handled=False).count()
    return summary
