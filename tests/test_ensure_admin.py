"""`manage.py ensure_admin`, which `make run` runs: one superuser, its login printed once."""

import re
from io import StringIO

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
