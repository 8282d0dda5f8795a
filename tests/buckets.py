"""Media in a real S3-compatible bucket: moto's standalone server (moto[server]), started
once per test session on a free local port. `media_storage` runs a test on the local folder
and again on a fresh bucket whose policy is the one docs/deploy.md gives."""

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import pytest

from config.media_storage import bucket_storage, plain_http_image_sources

REGION = "us-east-1"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_endpoint():
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while socket.socket().connect_ex(("127.0.0.1", port)) != 0:
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail("moto's S3 server did not start")
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def new_bucket(s3_endpoint, name):
    """Make the bucket `name` with the policy docs/deploy.md gives; the settings (MEDIA_S3_*)
    that name it."""
    import boto3

    from uploads.bucket import public_read_policy

    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION)
    client.create_bucket(Bucket=name)
    client.put_bucket_policy(Bucket=name, Policy=public_read_policy(name))
    return {
        "MEDIA_S3_BUCKET": name,
        "MEDIA_S3_ENDPOINT_URL": s3_endpoint,
        "MEDIA_S3_REGION": REGION,
        "MEDIA_S3_ADDRESSING_STYLE": "path",
    }


@pytest.fixture
def media_bucket(s3_endpoint, settings, monkeypatch):
    """A fresh bucket with the public-read policy for public media, as the default storage;
    its name."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test-key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
    name = f"media-{uuid.uuid4().hex[:16]}"
    environ = new_bucket(s3_endpoint, name)
    settings.STORAGES = {**settings.STORAGES, "default": bucket_storage(environ)}
    policy = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    images = policy["img-src"] + plain_http_image_sources(environ)
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {**policy, "img-src": images}}
    return name


@pytest.fixture(params=["folder", "bucket"])
def media_storage(request):
    """Each place media may be kept: the local folder (MEDIA_ROOT), or a bucket."""
    if request.param == "bucket":
        request.getfixturevalue("media_bucket")
    return request.param


def fetched_anonymously(url):
    """(status, headers, body) of a plain GET with no credentials, as a reader's browser or a
    CDN would ask the bucket."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def readable(url):
    """Whether a reader gets the media file at `url`: from the bucket, an anonymous GET; from
    the local folder, what a web server serving MEDIA_ROOT at MEDIA_URL (nginx's /media/)
    answers."""
    from django.conf import settings
    from django.http import Http404
    from django.test import RequestFactory
    from django.views.static import serve

    if url.startswith(("http://", "https://")):
        return fetched_anonymously(url)[0] == 200
    try:
        serve(RequestFactory().get(url), url.removeprefix(settings.MEDIA_URL), settings.MEDIA_ROOT)
    except Http404:
        return False
    return True


def stored_names(folder=""):
    """Every name stored under `folder`, through the storage API (either storage)."""
    from django.core.files.storage import default_storage

    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:  # the local folder has no such directory yet
        return []
    names = [f"{folder}/{name}".lstrip("/") for name in files]
    for sub in folders:
        names += stored_names(f"{folder}/{sub}".lstrip("/"))
    return sorted(names)


def media_is_in_a_bucket():
    from django.core.files.storage import default_storage

    return hasattr(default_storage, "bucket_name")
