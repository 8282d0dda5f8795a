"""Who is trying to log in, as the login throttle (django-axes) counts them."""

import ipaddress

from django.conf import settings
from django.contrib.auth import get_user_model

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
