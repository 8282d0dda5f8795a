"""Logins, logouts, failed logins and lock-outs each leave one entry, with the account, the
client's address as the login throttle sees it (through the proxy), and the result."""

import pytest
from django.conf import settings as django_settings
from django.test import Client

from auditlog.models import Action

from .conftest import entries as all_entries

PASSWORD = "right-pass-Ok-1"
LOGIN_ACTIONS = (Action.LOGIN, Action.LOGOUT, Action.LOGIN_FAILED, Action.LOCKED_OUT)


def entries():
    """The entries of logins (the accounts' creation aside)."""
    return all_entries(action__in=LOGIN_ACTIONS)


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user("chief", password=PASSWORD, is_staff=True)


def log_in(client, password, username="chief", forwarded="203.0.113.7"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.fixture(autouse=True)
def behind_the_proxy(settings):
    settings.PROXY_COUNT = 1  # nginx in front, as docs/nginx.conf


def test_a_login_and_a_logout_are_one_entry_each(staff_user):
    client = Client()
    assert log_in(client, PASSWORD).status_code == 302
    client.post("/admin/logout/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    login, logout = entries()
    assert (login.action, login.username, login.user_id) == (Action.LOGIN, "chief", staff_user.pk)
    assert (login.address, login.origin, login.succeeded) == ("203.0.113.7", "/admin/login/", True)
    assert (login.object_type, login.object_id) == ("auth.user", str(staff_user.pk))
    assert (logout.action, logout.username, logout.address) == (
        Action.LOGOUT,
        "chief",
        "203.0.113.7",
    )


def test_a_wrong_password_is_one_failed_entry(staff_user):
    log_in(Client(), "wrong-guess")
    (failure,) = entries()
    assert (failure.action, failure.succeeded) == (Action.LOGIN_FAILED, False)
    assert (failure.username, failure.user_id, failure.address) == (
        "chief",
        staff_user.pk,
        "203.0.113.7",
    )


def test_a_made_up_name_is_kept_as_typed_with_no_account(db):
    log_in(Client(), "guess", username="=cmd|' /C calc'!A0")
    (failure,) = entries()
    assert (failure.username, failure.user_id, failure.object_type) == (
        "=cmd|' /C calc'!A0",
        None,
        "",
    )


def test_the_attempt_that_locks_and_those_refused_after_are_lock_outs(staff_user):
    limit = django_settings.AXES_FAILURE_LIMIT
    for _ in range(limit + 1):
        log_in(Client(), "wrong-guess")
    log_in(Client(), PASSWORD)  # the right one, refused while locked out
    actions = [entry.action for entry in entries()]
    assert actions == [Action.LOGIN_FAILED] * (limit - 1) + [Action.LOCKED_OUT] * 3
    assert not any(entry.succeeded for entry in entries())


def test_a_lock_out_elsewhere_does_not_mark_another_address(staff_user):
    for _ in range(django_settings.AXES_FAILURE_LIMIT):
        log_in(Client(), "wrong-guess")
    log_in(Client(), "wrong-guess", forwarded="198.51.100.9")
    last = entries()[-1]
    assert (last.action, last.address) == (Action.LOGIN_FAILED, "198.51.100.9")
