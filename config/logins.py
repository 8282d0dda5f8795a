"""Who is trying to log in, as the login throttle (django-axes) counts them."""

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.utils.translation import gettext as _

USERNAME_LENGTH = get_user_model()._meta.get_field("username").max_length


def client_address(request):
    """The client's address. With no proxy in front (DJANGO_PROXY_COUNT=0), REMOTE_ADDR; a
    client's own X-Forwarded-For is not believed. Behind N proxies that each add the address
    they were reached from to X-Forwarded-For (nginx's $proxy_add_x_forwarded_for appends it,
    docs/nginx.conf's $remote_addr replaces the header with it), the N-th from the right:
    entries further left are whatever the client sent."""
    count = settings.PROXY_COUNT
    if count:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [hop for hop in hops if hop]
        if len(hops) >= count and is_address(hops[-count]):
            return hops[-count]
    return request.META.get("REMOTE_ADDR")


def throttled_address(request):
    """What the login throttle counts failures by: the client's address, or for an IPv6
    client its /64, the network a provider gives one line (one client may use any address in
    it, and would otherwise escape the count by changing address). The /64 is recorded as its
    first address (2001:db8:1:2::): axes' column takes addresses only."""
    address = client_address(request)
    try:
        ip = ipaddress.ip_address(address)
    except (TypeError, ValueError):
        return address
    if ip.version == 6 and ip.ipv4_mapped is None:
        return str(ipaddress.ip_network((ip, 64), strict=False).network_address)
    return address


def is_address(text):
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def login_username(request, credentials):
    """The username as the throttle records it: no account's name is longer than the user
    model allows, and a longer one would not fit axes' column (a 500 on PostgreSQL)."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(username)[:USERNAME_LENGTH]


class AccountAndAddressThrottle(AxesDatabaseHandler):
    """Two limits where axes has one. AXES_LOCKOUT_PARAMETERS lists the account at an address
    first, then the address alone: an account locks after AXES_FAILURE_LIMIT wrong passwords
    from one address, and the address as a whole after LOGIN_ADDRESS_FAILURE_LIMIT across every
    account (one client trying a common password on many names). The second limit is higher
    because a newsroom's staff often share one address behind their office's gateway."""

    def get_failures(self, request, credentials=None):
        account, address = (
            attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if address >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(account, settings.AXES_FAILURE_LIMIT)
        return account

    def reset_user_attempts(self, request, credentials=None):
        """A successful login clears its own account's failures only: the address's count
        of failures on other accounts stands, or one known password would reset it."""
        account_attempts = self.filter_user_attempts(request, credentials)[0]
        count, _ = account_attempts.delete()
        return count


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the admin's page saying the login is refused, and for how long
    (django-axes' own is one line of text, in English)."""
    from django.contrib import admin
    from django.template.response import TemplateResponse

    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    context = {**admin.site.each_context(request), "title": _("Login refused"), "minutes": minutes}
    return TemplateResponse(request, "admin/locked_out.html", context, status=429).render()
