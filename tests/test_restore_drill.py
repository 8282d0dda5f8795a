"""The restore drill of docs/deploy.md, on a small database: back up with pg_dump and an
archive of the media folder, restore both elsewhere, and find the column tree, the articles,
their view counts, their revisions and the media files exactly as they were."""

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
from django.db import connection

from categories.demo import ensure_demo_tree
from categories.models import Category
from news.models import Article

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


def manage(db, name, media_root, *args):
    """manage.py run against the database `name`, as an operator would."""
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


def test_backup_and_restore_round_trip_exactly(small_site, tmp_path):
    db = small_site
    env = postgres_env(db)
    source, restored = db["NAME"], f"{db['NAME']}_restored"
    media = Path(settings.MEDIA_ROOT)

    # Back up, as docs/deploy.md says.
    subprocess.run(["pg_dump", "-Fc", "-f", tmp_path / "news.dump", source], env=env, check=True)
    shutil.make_archive(tmp_path / "media", "gztar", root_dir=media)

    # Restore into a new database and a new media folder.
    subprocess.run(["dropdb", "--if-exists", restored], env=env, check=True)
    subprocess.run(["createdb", restored], env=env, check=True)
    try:
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", "-d", restored, tmp_path / "news.dump"],
            env=env,
            check=True,
        )
        restored_media = tmp_path / "restored-media"
        shutil.unpack_archive(tmp_path / "media.tar.gz", restored_media)

        before = dump_as_json(db, source, media)
        after = dump_as_json(db, restored, restored_media)
        manage(db, restored, restored_media, "migrate", "--check")  # the schema is the code's
    finally:
        connection.close()
        subprocess.run(["dropdb", "--if-exists", restored], env=env, check=True)

    assert after == before
    models = {record["model"] for record in before}
    assert {"categories.category", "news.article", "reversion.version"} <= models
    counts = sorted(r["fields"]["view_count"] for r in after if r["model"] == "news.article")
    assert counts == [1007, 2007, 3007]
    assert sum(r["model"] == "reversion.revision" for r in after) == 6
    assert file_digests(restored_media) == file_digests(media) != {}
