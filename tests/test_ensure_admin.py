"""`manage.py ensure_admin`, which `make run` runs: one superuser, its login printed once."""

import re
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command


def ensure_admin(*args):
    out = StringIO()
    call_command("ensure_admin", *args, stdout=out)
    return out.getvalue()


def test_the_first_run_creates_the_admin_and_prints_its_login(db, monkeypatch):
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)

    printed = ensure_admin("--username", "admin")

    username, password = re.search(r"username: (\S+)\s+password: (\S+)", printed).groups()
    assert username == "admin"
    admin = get_user_model().objects.get(username=username)
    assert admin.is_superuser and admin.check_password(password)
    assert "exists already" in ensure_admin("--username", "admin")
    assert get_user_model().objects.count() == 1


def test_a_user_of_that_name_who_is_no_superuser_is_named_in_a_clear_error(db):
    get_user_model().objects.create_user("admin", password="an-editors-password-1")

    with pytest.raises(CommandError, match="'admin' exists and is no superuser"):
        ensure_admin("--username", "admin")


def test_a_weak_password_from_the_environment_is_refused(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "1")

    with pytest.raises(CommandError, match="too weak"):
        ensure_admin("--username", "admin")
    assert not get_user_model().objects.exists()


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("127.0.0.1:8000", "http://127.0.0.1:8000/admin/"),
        ("8123", "http://127.0.0.1:8123/admin/"),
        ("localhost:9000", "http://localhost:9000/admin/"),
        # Every interface: a browser on this machine reaches it at the loopback address.
        ("0.0.0.0:8080", "http://127.0.0.1:8080/admin/ (listening on every interface"),
        ("0:8080", "http://127.0.0.1:8080/admin/ (listening on every interface"),
        ("[::]:8080", "http://[::1]:8080/admin/ (listening on every interface"),
    ],
)
def test_the_admin_address_printed_is_the_one_served(db, monkeypatch, host, address):
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)

    created = ensure_admin("--serve", host)
    again = ensure_admin("--serve", host)

    assert f"Admin login for {address}" in created
    assert f"The admin: {address}" in again


def test_a_host_django_would_refuse_is_named(db, settings):
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]

    printed = ensure_admin("--serve", "192.0.2.7:8000")

    assert "http://192.0.2.7:8000/admin/ (add 192.0.2.7 to DJANGO_ALLOWED_HOSTS" in printed


def test_make_run_hands_its_host_to_the_command():
    root = Path(__file__).resolve().parent.parent
    plan = subprocess.run(
        ["make", "-n", "run", "HOST=0.0.0.0:8080"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout

    assert "manage.py ensure_admin --serve 0.0.0.0:8080" in plan
    assert "manage.py runserver 0.0.0.0:8080" in plan


@pytest.mark.parametrize(
    ("level", "said"),
    [
        ("none", "set it up from the admin's “Two-step login” link (两步验证 in Chinese)"),
        ("chiefs", "Two-step login is required (DJANGO_STAFF_2FA_REQUIRED=chiefs)"),
        ("all", "Two-step login is required (DJANGO_STAFF_2FA_REQUIRED=all)"),
    ],
)
def test_the_login_printed_says_what_two_step_login_asks(db, monkeypatch, settings, level, said):
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    settings.STAFF_2FA_REQUIRED = level

    assert said in ensure_admin()
    assert said in ensure_admin()  # and on every run after
