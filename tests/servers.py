"""Real servers for fault and deployment tests: gunicorn instances running the project
against the test database (PostgreSQL), reached through proxies that a test can cut, and
nginx in front of them. Tests import the fixtures they use from here."""

import os
import re
import shutil
import socket
import ssl
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
from redis import Redis

from .tcp_proxy import TcpProxy

PROJECT = Path(settings.BASE_DIR)
GUNICORN = Path(sys.executable).with_name("gunicorn")
PORTS = range(int(os.environ.get("FAULT_TEST_PORTS", "8300")), 8400)
REDIS_URL = os.environ.get("FAULT_TEST_REDIS_URL", "redis://127.0.0.1:6379/2")


# Ports promised to a server that is not listening yet (nginx, started after its instances).
RESERVED = set()


def free_port():
    for port in PORTS:
        if port in RESERVED:
            continue
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port for the test server")


# nginx serves the tests with a certificate of their own making.
TEST_CERTIFICATES = urllib.request.HTTPSHandler(context=ssl._create_unverified_context())


def fetch(url, data=None, headers=None, timeout=10, opener=None):
    """(status, headers, body) of a request; errors are answers too. An opener made by
    browser() keeps cookies, as a browser would."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    opener = opener or urllib.request.build_opener(TEST_CERTIFICATES)
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode(errors="replace")


def browser():
    return urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(CookieJar()), TEST_CERTIFICATES
    )


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
    """The test database, committed to so that the servers read it. Tests that use it mark
    themselves django_db(transaction=True), so that pytest-django sets the database up."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL), as in production")
    return connection.settings_dict


@pytest.fixture
def server_env(postgres, tmp_path):
    # Each test's servers start with an empty Redis, as its database starts empty: nothing
    # cached (the content versions' mirror included) from another test's data.
    Redis.from_url(REDIS_URL).flushdb()
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
    # The same Redis database as REDIS_URL, reached through the proxy.
    proxy.url = urlsplit(REDIS_URL)._replace(netloc=f"127.0.0.1:{proxy.port}").geturl()
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


NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
NGINX_CONF = PROJECT / "docs" / "nginx.conf"


class Nginx:
    """Debian's nginx running docs/nginx.conf, with this test's ports, certificate (made for
    127.0.0.1) and media folder, IPv4 only, and any `changes` (documented text, test's)."""

    def __init__(self, folder, app_ports, media_root, port, changes=()):
        self.port = port
        self.url = f"https://127.0.0.1:{self.port}"
        self.http_port = free_port()
        self.http_url = f"http://127.0.0.1:{self.http_port}"
        make_certificate(folder)
        site = NGINX_CONF.read_text()
        for documented, actual in [
            ("listen 80;", f"listen 127.0.0.1:{self.http_port};"),
            ("listen [::]:80;", ""),
            ("listen 443 ssl http2;", f"listen 127.0.0.1:{self.port} ssl http2;"),
            ("listen [::]:443 ssl http2;", ""),
            ("/etc/ssl/news/", f"{folder}/"),
            ("alias /srv/news/media/;", f"alias {media_root}/;"),
            ("alias /srv/news/media/attachments/;", f"alias {media_root}/attachments/;"),
            ("alias /srv/news/media/pending/;", f"alias {media_root}/pending/;"),
            ("server 127.0.0.1:8001 ", f"server 127.0.0.1:{app_ports[0]} "),
            ("server 127.0.0.1:8002 ", f"server 127.0.0.1:{app_ports[1]} "),
            *changes,
        ]:
            assert documented in site, documented
            site = site.replace(documented, actual)
        (folder / "site.conf").write_text(site)
        temp = {name: folder / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
        for path in temp.values():
            path.mkdir(exist_ok=True)
        # root runs the workers as root here, so that they may read the test's private folders.
        user = "user root;\n" if os.geteuid() == 0 else ""
        (folder / "nginx.conf").write_text(
            f"{user}worker_processes 1;\npid {folder}/nginx.pid;\nerror_log stderr warn;\n"
            "events { worker_connections 256; }\n"
            "http {\n  include /etc/nginx/mime.types;\n  access_log off;\n"
            + "".join(f"  {name}_temp_path {path};\n" for name, path in temp.items()).replace(
                "body_temp_path", "client_body_temp_path"
            )
            + f"  include {folder}/site.conf;\n}}\n"
        )
        self.process = run_nginx(folder / "nginx.conf", folder, self.port)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


def run_nginx(configuration, folder, port):
    """Debian's nginx with `configuration`, in the foreground, once it listens on `port`."""
    process = subprocess.Popen(
        [NGINX, "-e", "stderr", "-p", str(folder), "-c", str(configuration), "-g", "daemon off;"]
    )
    deadline = time.monotonic() + 10
    while process.poll() is None and time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.1)
    process.kill()
    raise RuntimeError("nginx did not start")


def make_certificate(folder):
    """A self-signed certificate for 127.0.0.1, where docs/nginx.conf looks for one."""
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"),
            *("-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"),
            *("-addext", "subjectAltName=IP:127.0.0.1"),
            *("-keyout", str(folder / "privkey.pem"), "-out", str(folder / "fullchain.pem")),
        ],
        check=True,
        capture_output=True,
    )


@pytest.fixture
def start_nginx(server_env, start_server, tmp_path):
    """Starts nginx (docs/nginx.conf with `changes`) in front of two gunicorn instances that
    share the media folder, in production's HTTPS settings."""
    if not Path(NGINX).exists():
        pytest.skip("needs Debian's nginx (apt-get install nginx-light)")
    started = []

    def start(changes=()):
        port = free_port()
        RESERVED.add(port)
        # nginx passes the host without its port (docs/nginx.conf): a site served on a port
        # of its own names its origin for the CSRF check, as docs/deploy.md says.
        env = {
            **server_env,
            "DJANGO_HTTPS": "1",
            "DJANGO_BEHIND_HTTPS_PROXY": "1",
            "DJANGO_PROXY_COUNT": "1",
            "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}",
        }
        instances = [start_server(env), start_server(env)]
        folder = tmp_path / "nginx"
        folder.mkdir()
        ports = [instance.port for instance in instances]
        proxy = Nginx(folder, ports, server_env["MEDIA_ROOT"], port, changes)
        RESERVED.discard(port)
        proxy.instances = instances
        started.append(proxy)
        return proxy

    yield start
    for proxy in started:
        proxy.stop()


@pytest.fixture
def nginx_site(start_nginx):
    """docs/nginx.conf as it is, in front of two gunicorn instances."""
    return start_nginx()
