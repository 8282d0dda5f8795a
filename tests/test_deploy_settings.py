"""The production settings pass Django's deployment checklist."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "DATABASE_URL"
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="news.example.com",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("debug", ["", "0"])
def test_production_refuses_to_start_without_a_secret_key(debug):
    result = manage("check", DJANGO_DEBUG=debug)

    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize("path", ["articles/", "desk", "/desk/", "Desk/", "a/b/"])
def test_an_admin_path_the_site_cannot_serve_is_refused(path):
    result = manage("check", DJANGO_DEBUG="1", DJANGO_ADMIN_PATH=path)

    assert result.returncode != 0
    assert "DJANGO_ADMIN_PATH is one path segment" in result.stderr


def test_a_variable_left_empty_keeps_its_default():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; "
        "print(settings.PUBLIC_CACHE_SECONDS, settings.MEDIA_ROOT == settings.BASE_DIR / 'media',"
        " settings.ADMIN_PATH, settings.VIEW_COUNTER_BACKEND)",
        DJANGO_DEBUG="1",
        PUBLIC_CACHE_SECONDS="",
        MEDIA_ROOT=" ",
        DJANGO_ADMIN_PATH="",
        VIEW_COUNTER="",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "60 True admin/ db"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("PUBLIC_CACHE_SECONDS", "60s"),
        ("DJANGO_LOGIN_LOCKOUT_MINUTES", "ten"),
        ("DJANGO_PROXY_COUNT", "1 # nginx"),
    ],
)
def test_a_number_that_is_not_one_stops_the_site_naming_the_variable(variable, value):
    result = manage("check", DJANGO_DEBUG="1", **{variable: value})

    assert result.returncode != 0
    assert f"{variable} must be a number, not {value!r}." in result.stderr


def test_static_files_may_be_named_at_a_cdn():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; from django.templatetags.static import static; "
        "print(static('css/site.css')); "
        "print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['script-src'])",
        DJANGO_DEBUG="1",
        STATIC_URL="https://static.example.cn/static/",
    )

    assert result.returncode == 0, result.stderr
    address, script_sources = result.stdout.splitlines()[-2:]
    assert address == "https://static.example.cn/static/css/site.css"
    assert "https://static.example.cn" in script_sources


def test_the_site_still_serves_static_files_for_the_cdn_to_fetch(client, settings):
    settings.STATIC_URL = "https://static.example.cn/static/"

    response = client.get("/static/css/site.css")

    assert response.status_code == 200
    assert b"".join(response.streaming_content).strip()


@pytest.mark.parametrize("given", [None, "", "3"])
def test_web_workers_wait_ten_seconds_for_postgresql_unless_told_otherwise(given):
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_QUERY_TIMEOUT"}
    if given is not None:
        environment["DATABASE_QUERY_TIMEOUT"] = given
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import config.wsgi; from django.conf import settings; "
            "print(settings.DATABASES['default']['OPTIONS']['query_timeout'])",
        ],
        cwd=PROJECT,
        env={
            **environment,
            "DJANGO_DEBUG": "1",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": "postgres://news@127.0.0.1:5432/news",
        },
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == ("3.0" if given == "3" else "10.0")
