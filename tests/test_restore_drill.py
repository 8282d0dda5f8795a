"""The restore drill of docs/deploy.md, on a small database: back up with pg_dump and an
archive of the media folder (or a mirror of the media bucket), restore both elsewhere, and find
the column tree, the articles, their view counts, their revisions and the media files exactly
as they were."""

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import reversion
from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from categories.demo import ensure_demo_tree
from categories.models import Category
from news.attachments import Attachment
from news.models import Article

from .buckets import REGION, fetched_anonymously, new_bucket
from .servers import postgres  # noqa: F401  (fixture)

pytestmark = [pytest.mark.faults, pytest.mark.django_db(transaction=True)]

DUMPED = ["categories", "news", "reversion", "auth.user", "auth.group"]


def postgres_env(db):
    return {
        **os.environ,
        "PGHOST": db["HOST"] or "127.0.0.1",
        "PGPORT": str(db["PORT"] or 5432),
        "PGUSER": db["USER"],
        "PGPASSWORD": db["PASSWORD"] or "",
    }


def manage(db, name, media_root, *args, environ=()):
    """manage.py run against the database `name`, as an operator would, with `environ`
    added to the environment."""
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings_test",
            "DATABASE_URL": f"postgres://{db['USER']}{password}@{host}/{name}",
            "MEDIA_ROOT": str(media_root),
            **dict(environ),
        },
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def dump_as_json(db, name, media_root):
    """What the application reads from a database."""
    return json.loads(
        manage(db, name, media_root, "dumpdata", *DUMPED, "--natural-foreign", "--indent=1")
    )


def file_digests(root):
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in Path(root).rglob("*")
        if path.is_file()
    }


@pytest.fixture
def small_site(postgres, jpeg_upload):  # noqa: F811
    ensure_demo_tree()
    editor = User.objects.create_user("editor", password="editor-pass-1", is_staff=True)
    column = Category.objects.get(slug="industry-planning")
    for n in range(1, 4):
        with reversion.create_revision():
            reversion.set_user(editor)
            article = Article.objects.create(
                column=column,
                title=f"演练文章 {n}",
                body=f"<p>第 {n} 篇。</p>",
                status=Article.Status.PUBLISHED,
                cover=jpeg_upload() if n == 1 else "",
            )
        with reversion.create_revision():
            article.body = f"<p>第 {n} 篇，修改后。</p>"
            article.save()
        Article.objects.filter(pk=article.pk).update(view_count=n * 1000 + 7)
    return postgres


def restored_database(db, dump):
    """Restore the pg_dump file `dump` into a new database, as docs/deploy.md says; its name.
    Dropped when the test ends."""
    env = postgres_env(db)
    restored = f"{db['NAME']}_restored"
    subprocess.run(["dropdb", "--if-exists", restored], env=env, check=True)
    subprocess.run(["createdb", restored], env=env, check=True)
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", "-d", restored, dump], env=env, check=True
    )
    return restored


@pytest.fixture
def drop_restored(small_site):
    yield
    connection.close()
    env = postgres_env(small_site)
    subprocess.run(["dropdb", "--if-exists", f"{small_site['NAME']}_restored"], env=env, check=True)


def back_up_database(db, tmp_path):
    dump = tmp_path / "news.dump"
    subprocess.run(["pg_dump", "-Fc", "-f", dump, db["NAME"]], env=postgres_env(db), check=True)
    return dump


def assert_same_site(before, after):
    assert after == before
    models = {record["model"] for record in before}
    assert {"categories.category", "news.article", "reversion.version"} <= models
    counts = sorted(r["fields"]["view_count"] for r in after if r["model"] == "news.article")
    assert counts == [1007, 2007, 3007]
    assert sum(r["model"] == "reversion.revision" for r in after) == 6


def test_backup_and_restore_round_trip_exactly(small_site, drop_restored, tmp_path):
    db = small_site
    media = Path(settings.MEDIA_ROOT)

    # Back up, as docs/deploy.md says, then restore into a new database and media folder.
    dump = back_up_database(db, tmp_path)
    shutil.make_archive(tmp_path / "media", "gztar", root_dir=media)
    restored = restored_database(db, dump)
    restored_media = tmp_path / "restored-media"
    shutil.unpack_archive(tmp_path / "media.tar.gz", restored_media)

    before = dump_as_json(db, db["NAME"], media)
    after = dump_as_json(db, restored, restored_media)
    manage(db, restored, restored_media, "migrate", "--check")  # the schema is the code's

    assert_same_site(before, after)
    assert file_digests(restored_media) == file_digests(media) != {}


def mirror(client, bucket, folder):
    """Copy every object of the bucket into folder under its name: the nightly `rclone sync`
    or `mc mirror` of docs/deploy.md."""
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", []):
            target = folder / item["Key"]
            target.parent.mkdir(parents=True, exist_ok=True)
            client.download_file(bucket, item["Key"], str(target))


def object_digests(client, bucket):
    return {
        item["Key"]: hashlib.sha256(
            client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
        ).hexdigest()
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket)
        for item in page.get("Contents", [])
    }


def test_backup_and_restore_with_media_in_a_bucket(
    media_bucket, s3_endpoint, small_site, drop_restored, tmp_path
):
    import boto3

    db = small_site
    article = Article.objects.exclude(cover="").get()
    private = Attachment.objects.create(
        article=article, file=SimpleUploadedFile("通知.pdf", b"%PDF-1.4 drill")
    ).file.name
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name=REGION)

    # Back up: the database, and a mirror of the bucket on a disk.
    dump = back_up_database(db, tmp_path)
    mirror(client, media_bucket, tmp_path / "mirror")

    # Restore: the database, and the mirror copied into a new bucket with the same policy.
    restored = restored_database(db, dump)
    restored_bucket = f"{media_bucket}-restored"
    in_new_bucket = new_bucket(s3_endpoint, restored_bucket)
    copied = manage(
        db,
        restored,
        tmp_path / "no-folder",
        "copy_media_to_bucket",
        "--source",
        str(tmp_path / "mirror"),
        environ=in_new_bucket,
    )
    manage(db, restored, tmp_path / "no-folder", "migrate", "--check", environ=in_new_bucket)

    assert "Every file is in the bucket and checked." in copied
    assert_same_site(dump_as_json(db, db["NAME"], ""), dump_as_json(db, restored, ""))
    assert object_digests(client, restored_bucket) == object_digests(client, media_bucket)
    assert {article.cover.name, private} <= set(object_digests(client, restored_bucket))
    # What readers may fetch from the restored bucket is what they could before: the cover,
    # with its year-long cache lifetime, and not the attachment (sent by the site).
    address = f"{s3_endpoint}/{restored_bucket}"
    status, headers, _ = fetched_anonymously(f"{address}/{article.cover.name}")
    assert (status, headers["Cache-Control"]) == (
        200,
        fetched_anonymously(default_storage.url(article.cover.name))[1]["Cache-Control"],
    )
    assert fetched_anonymously(f"{address}/{private}")[0] == 403
