"""Real servers for fault and deployment tests: gunicorn instances running the project
against the test database (PostgreSQL), reached through proxies that a test can cut, and
nginx in front of them. Tests import the fixtures they use from here."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.db import connection

from .tcp_proxy import TcpProxy

PROJECT = Path(settings.BASE_DIR)
GUNICORN = Path(sys.executable).with_name("gunicorn")
PORTS = range(int(os.environ.get("FAULT_TEST_PORTS", "8300")), 8400)
REDIS_URL = os.environ.get("FAULT_TEST_REDIS_URL", "redis://127.0.0.1:6379/2")


def free_port():
    for port in PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port for the test server")


def fetch(url, data=None, headers=None, timeout=10, opener=None):
    """(status, headers, body) of a request; errors are answers too. An opener made by
    browser() keeps cookies, as a browser would."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with (opener or urllib.request.build_opener()).open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def browser():
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))


def log_in(server_url, username, password):
    """Log in through the admin's form; return the opener that holds the session."""
    opener = browser()
    page = fetch(f"{server_url}/admin/login/", opener=opener)[2]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = {"username": username, "password": password, "csrfmiddlewaretoken": token}
    status, _, page = fetch(
        f"{server_url}/admin/login/?next=/admin/",
        urlencode(form).encode(),
        {"Referer": f"{server_url}/admin/login/"},
        opener=opener,
    )
    assert status == 200 and 'id="login-form"' not in page, "logged in"
    return opener


def database_url(port):
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@127.0.0.1:{port}/{db['NAME']}"


class Server:
    """gunicorn serving the project on 127.0.0.1:port with the given environment."""

    def __init__(self, env, workers=1):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--timeout",
                "30",
                "--log-level",
                "warning",
            ],
            cwd=PROJECT,
            env={**os.environ, **env},
        )
        self.wait_until_up()

    def wait_until_up(self, seconds=30):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                fetch(f"{self.url}/healthz", timeout=2)
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the test server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=20)


@pytest.fixture
def postgres(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL), as in production")
    return connection.settings_dict


@pytest.fixture
def server_env(postgres, tmp_path):
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DATABASE_URL": database_url(postgres["PORT"] or 5432),
        "REDIS_URL": REDIS_URL,
    }


@pytest.fixture
def database_proxy(postgres):
    proxy = TcpProxy(int(postgres["PORT"] or 5432))
    yield proxy
    proxy.close()


@pytest.fixture
def redis_proxy():
    proxy = TcpProxy(urlsplit(REDIS_URL).port or 6379)
    yield proxy
    proxy.close()


@pytest.fixture
def start_server():
    servers = []

    def start(env, **options):
        servers.append(Server(env, **options))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()
