"""manage.py copy_media_to_bucket: an existing MEDIA_ROOT moved into the bucket under the same
names, every copy checked, re-runnable."""

import json
from io import StringIO

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from uploads.bucket import WITHDRAWN_PREFIX

from .buckets import fetched_anonymously, readable

FILES = {
    "covers/2024/01/cover.jpg": b"\xff\xd8 a cover",
    "uploads/2024/01/图片 一.png": b"\x89PNG body image",
    "attachments/2024/01/notice.pdf": b"%PDF-1.4 notice",
}


def copy(*arguments):
    out = StringIO()
    call_command("copy_media_to_bucket", *arguments, stdout=out)
    return out.getvalue()


@pytest.fixture
def media_folder(settings):
    """A MEDIA_ROOT of a site that ran on the local folder, with a withdrawn file beside it."""
    for name, content in FILES.items():
        path = settings.MEDIA_ROOT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    withdrawn = settings.MEDIA_ROOT.parent / f"{settings.MEDIA_ROOT.name}-withdrawn"
    (withdrawn / "covers/2023/05").mkdir(parents=True)
    (withdrawn / "covers/2023/05/taken-down.jpg").write_bytes(b"\xff\xd8 withdrawn")
    return settings.MEDIA_ROOT


def test_the_folder_is_copied_under_the_same_names_and_checked(media_folder, media_bucket):
    output = copy()

    assert f"{media_folder}: 3 copied, 0 already there" in output
    assert "Every file is in the bucket and checked." in output
    for name, content in FILES.items():
        with default_storage.open(name) as stored:
            assert stored.read() == content
    assert readable(default_storage.url("uploads/2024/01/图片 一.png"))
    assert not readable(default_storage.url("attachments/2024/01/notice.pdf"))
    # The withdrawn file stays out of readers' reach.
    assert default_storage.exists(f"{WITHDRAWN_PREFIX}covers/2023/05/taken-down.jpg")
    assert not readable(default_storage.url("covers/2023/05/taken-down.jpg"))
    status, headers, _body = fetched_anonymously(default_storage.url("covers/2024/01/cover.jpg"))
    assert (status, headers["Content-Type"]) == (200, "image/jpeg")


def test_a_second_run_copies_only_what_differs(media_folder, media_bucket):
    copy()
    default_storage.connection.meta.client.put_object(
        Bucket=media_bucket, Key="covers/2024/01/cover.jpg", Body=b"cut short"
    )

    assert f"{media_folder}: 1 copied, 2 already there" in copy()
    assert f"{media_folder}: 0 to copy, 3 already there" in copy("--dry-run")
    with default_storage.open("covers/2024/01/cover.jpg") as stored:
        assert stored.read() == FILES["covers/2024/01/cover.jpg"]


def test_a_dry_run_copies_nothing(media_folder, media_bucket):
    output = copy("--dry-run")

    assert f"{media_folder}: 3 to copy, 0 already there" in output
    assert "checked" not in output
    assert not default_storage.exists("covers/2024/01/cover.jpg")


def test_the_policy_lets_readers_fetch_public_prefixes_only(media_bucket):
    policy = json.loads(copy("--print-policy"))

    resources = policy["Statement"][0]["Resource"]
    assert f"arn:aws:s3:::{media_bucket}/covers/*" in resources
    assert not any("attachments" in r or WITHDRAWN_PREFIX in r for r in resources)


def test_without_a_bucket_it_says_what_to_set():
    with pytest.raises(CommandError, match="MEDIA_S3_BUCKET"):
        copy()
