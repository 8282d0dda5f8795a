"""Two gunicorn servers sharing one bucket and no folder, as behind a load balancer: an image
uploaded through one is shown from the bucket on the other's page, and a draft's attachment
is refused by both. Marked `multiserver` (PostgreSQL in DATABASE_URL)."""

import json
import re
import uuid
from urllib.request import HTTPCookieProcessor, Request

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from news.attachments import Attachment
from news.models import Article

from .buckets import REGION, readable
from .conftest import staff_in_group
from .documents import ACCEPTED
from .helpers import CHIEF_EDITORS
from .servers import fetch, log_in, postgres, server_env, start_server  # noqa: F401 (fixtures)
from .test_uploads import image_bytes

pytestmark = [
    pytest.mark.multiserver,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def two_servers(server_env, start_server, media_bucket, s3_endpoint, tmp_path):  # noqa: F811
    """Two servers on the bucket, each with a media folder of its own (which stays empty)."""
    env = {
        **server_env,
        "MEDIA_S3_BUCKET": media_bucket,
        "MEDIA_S3_ENDPOINT_URL": s3_endpoint,
        "MEDIA_S3_REGION": REGION,
        "MEDIA_S3_ADDRESSING_STYLE": "path",
        "AWS_ACCESS_KEY_ID": "test-key",
        "AWS_SECRET_ACCESS_KEY": "test-secret",
    }
    folders = [tmp_path / "media-a", tmp_path / "media-b"]
    servers = [start_server({**env, "MEDIA_ROOT": str(folder)}) for folder in folders]
    return servers, folders


def multipart(field, name, content):
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def csrf_token(opener):
    jar = next(h.cookiejar for h in opener.handlers if isinstance(h, HTTPCookieProcessor))
    return next(cookie.value for cookie in jar if cookie.name == "csrftoken")


def test_an_upload_through_one_server_is_shown_by_the_other(
    two_servers, django_user_model, demo_tree, make_article
):
    (one, other), folders = two_servers
    staff_in_group(django_user_model, "chief", CHIEF_EDITORS)
    opener = log_in(one.url, "chief", "chief-pass-1")
    body, content_type = multipart("upload", "图.png", image_bytes("PNG"))
    request = Request(
        f"{one.url}/ckeditor/upload/",
        data=body,
        headers={
            "Content-Type": content_type,
            "X-CSRFToken": csrf_token(opener),
            "Referer": f"{one.url}/admin/",
        },
    )
    with opener.open(request, timeout=10) as response:
        staff_url = json.loads(response.read())["url"]  # waits under pending/ until live
    article = make_article(demo_tree["industry-planning"], body=f'<p><img src="{staff_url}"></p>')
    [url] = re.findall(r'src="([^"]+)"', article.body)  # its public address, once live

    status, _headers, page = fetch(f"{other.url}{article.get_absolute_url()}")

    assert status == 200 and f'src="{url}"' in page and staff_url not in page
    assert "pending" not in url and readable(url)
    assert not any(folder.exists() and any(folder.rglob("*")) for folder in folders)


def test_a_drafts_attachment_is_refused_by_every_server(
    two_servers, django_user_model, demo_tree, make_article
):
    servers, _folders = two_servers
    name, content, *_ = ACCEPTED["pdf"]
    draft = make_article(demo_tree["notices"], status=Article.Status.DRAFT)
    attachment = Attachment.objects.create(article=draft, file=SimpleUploadedFile(name, content))

    assert [fetch(f"{s.url}{attachment.get_absolute_url()}")[0] for s in servers] == [404, 404]
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.PUBLISHED)
    for server in servers:
        status, headers, _body = fetch(f"{server.url}{attachment.get_absolute_url()}")
        assert (status, headers["Content-Length"]) == (200, str(len(content)))
