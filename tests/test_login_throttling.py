"""Admin logins are throttled (django-axes): after AXES_FAILURE_LIMIT wrong passwords, the
right one is refused too until the lock-out ends."""

import logging
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from .helpers import text_of

PASSWORD = "right-pass-Ok-1"


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user("chief", password=PASSWORD, is_staff=True)


def log_in(client, password, address="203.0.113.7", forwarded=None, username="chief"):
    """A login attempt from `address`, through a proxy at 127.0.0.1 that says the client is
    `forwarded` (X-Forwarded-For) when given."""
    headers = {"REMOTE_ADDR": address}
    if forwarded is not None:
        headers = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": forwarded}
    return client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}, **headers
    )


def logged_in(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_right_password_is_refused_after_too_many_wrong_ones(staff_user):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert not logged_in(log_in(client, "wrong-guess"))

    response = log_in(client, PASSWORD)

    assert not logged_in(response)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    page = text_of(response.content.decode())
    assert "密码错误次数过多：从此处登录该账号已被暂停 15 分钟。" in page
    assert 'href="/admin/login/"' in response.content.decode()


def test_lock_out_ends_after_the_cool_off(staff_user):
    from axes.models import AccessAttempt

    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "wrong-guess")
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )

    assert logged_in(log_in(client, PASSWORD))


def test_a_few_typos_do_not_lock_out(staff_user):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "typo")

    assert logged_in(log_in(client, PASSWORD))


def test_failures_and_the_lock_out_are_logged(staff_user, caplog):
    with caplog.at_level(logging.WARNING, logger="axes"):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            log_in(Client(), "wrong-guess")

    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len([m for m in warnings if "login failure by" in m]) == settings.AXES_FAILURE_LIMIT
    assert [m for m in warnings if "Locking out" in m]


def test_commands_print_no_axes_banner():
    root = Path(__file__).resolve().parent.parent
    checked = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=root,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test"},
        capture_output=True,
        text=True,
        check=True,
    )

    assert "System check identified no issues" in checked.stdout
    assert "AXES" not in checked.stdout + checked.stderr


def test_lock_out_is_per_address(staff_user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(Client(), "wrong-guess", address="203.0.113.7")

    assert logged_in(log_in(Client(), PASSWORD, address="198.51.100.20"))


def test_an_address_trying_many_accounts_is_locked_out_of_every_one(staff_user, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3 * settings.AXES_FAILURE_LIMIT
    # Each name a few times only, far from one account's limit: a common password sprayed.
    for n in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT):
        log_in(Client(), "wrong-guess", username=f"name{n % 10}")

    assert log_in(Client(), PASSWORD, address="203.0.113.7").status_code == 429
    assert logged_in(log_in(Client(), PASSWORD, address="198.51.100.20"))


def test_an_address_below_its_limit_keeps_its_logins(staff_user, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3 * settings.AXES_FAILURE_LIMIT
    for n in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT - 1):
        log_in(Client(), "wrong-guess", username=f"name{n % 10}")

    assert logged_in(log_in(Client(), PASSWORD, address="203.0.113.7"))


def test_a_successful_login_does_not_clear_the_addresss_failures(staff_user, settings):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3 * settings.AXES_FAILURE_LIMIT
    for n in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT - 1):
        log_in(Client(), "wrong-guess", username=f"name{n % 10}")
    assert logged_in(log_in(Client(), PASSWORD))  # a known password, from the same address

    log_in(Client(), "wrong-guess", username="name0")

    assert log_in(Client(), PASSWORD).status_code == 429


def test_an_ipv6_client_is_counted_by_its_64_network(staff_user):
    # One line's /64: a client may take a new address in it for every attempt.
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(Client(), "wrong-guess", address=f"2001:db8:1:2::{n + 1:x}")

    assert log_in(Client(), PASSWORD, address="2001:db8:1:2:ffff::9").status_code == 429
    assert logged_in(log_in(Client(), PASSWORD, address="2001:db8:1:3::1"))


def test_behind_the_proxy_a_lock_out_is_the_clients_address_not_the_proxys(staff_user, settings):
    settings.PROXY_COUNT = 1  # nginx in front, as docs/nginx.conf
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(Client(), "wrong-guess", forwarded="203.0.113.7")

    assert log_in(Client(), PASSWORD, forwarded="203.0.113.7").status_code == 429
    assert logged_in(log_in(Client(), PASSWORD, forwarded="198.51.100.20"))


def test_behind_the_proxy_what_the_client_put_in_the_header_is_not_believed(staff_user, settings):
    settings.PROXY_COUNT = 1
    # nginx's $proxy_add_x_forwarded_for appends the address it saw to what the client sent.
    for n in range(settings.AXES_FAILURE_LIMIT):
        log_in(Client(), "wrong-guess", forwarded=f"10.0.0.{n}, 203.0.113.7")

    assert log_in(Client(), PASSWORD, forwarded="203.0.113.7").status_code == 429


def test_with_no_proxy_a_forged_header_changes_nothing(staff_user):
    for n in range(settings.AXES_FAILURE_LIMIT):
        client = Client()
        client.post(
            "/admin/login/?next=/admin/",
            {"username": "chief", "password": "wrong-guess"},
            REMOTE_ADDR="203.0.113.7",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )

    assert log_in(Client(), PASSWORD, address="203.0.113.7").status_code == 429


def test_an_overlong_username_is_a_failed_login_not_an_error(staff_user):
    response = log_in(Client(), "wrong-guess", username="管" * 256)

    assert response.status_code == 200
    assert "_auth_user_id" not in Client().session


def test_reader_pages_carry_the_content_security_policy(client, db):
    policy = client.get("/").headers["Content-Security-Policy"]

    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    assert "script-src-attr" not in policy
    assert "object-src 'none'" in policy and "frame-ancestors 'none'" in policy


def test_admin_allows_ckeditor_event_handlers_but_no_inline_script(admin_client):
    policy = admin_client.get("/admin/news/article/add/").headers["Content-Security-Policy"]

    assert "script-src-attr 'unsafe-inline'" in policy
    assert "script-src 'self';" in policy or policy.rstrip().endswith("script-src 'self'")
