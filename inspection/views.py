from datetime import timedelta

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from config.logins import client_address, is_address

from .forms import ErrorReportForm
from .models import ErrorReport

# Reports kept per client address in an hour; more are refused (429) until it passes.
REPORTS_PER_HOUR = 5


# No CSRF token: it would set a cookie on a reader page, and a report sent from another
# site on a reader's behalf harms nothing. The honeypot and the throttle keep robots out.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def report_error(request):
    """找错: a reader's report of an error on the site, kept for staff (the admin)."""
    if request.method != "POST":
        form = ErrorReportForm(initial={"page": request.GET.get("page", "")[:500]})
        return render(request, "inspection/report_error.html", {"form": form})
    form = ErrorReportForm(request.POST)
    if not form.is_valid():
        return render(request, "inspection/report_error.html", {"form": form})
    if form.is_from_a_robot():
        return render(request, "inspection/report_sent.html")
    address = client_address(request)
    address = address if is_address(address or "") else None
    if sent_lately(address) >= REPORTS_PER_HOUR:
        context = {"form": form, "throttled": True}
        return render(request, "inspection/report_error.html", context, status=429)
    form.instance.client_address = address
    form.save()
    return render(request, "inspection/report_sent.html")


def sent_lately(address):
    """The reports kept from `address` in the last hour."""
    hour_ago = timezone.now() - timedelta(hours=1)
    return ErrorReport.objects.filter(client_address=address, created_at__gte=hour_ago).count()
