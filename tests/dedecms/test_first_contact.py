"""The README's import commands, run as a new user would: as written, in a shell, with no
settings but those it names."""

import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from .sites import TABLES_57, article, create_site

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "p@ss#w0rd"  # the README's example


def readme_import_lines():
    """The import commands of README's "2. The import." block, continuation lines joined."""
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"\*\*2\. The import\.\*\*.*?```sh\n(.*?)```", readme, re.S)[1]
    script = block.replace("\\\n", " ")
    return [line for line in script.splitlines() if "import_dedecms" in line]


@pytest.fixture
def dede_account(mariadb):
    create_site(
        mariadb, "dedecms", charset="utf8mb4", tables=TABLES_57, articles=[article(150, 1, "首篇")]
    )
    connection = mariadb.connect()
    with connection.cursor() as cursor:
        cursor.execute("DROP USER IF EXISTS dede@'127.0.0.1'")
        cursor.execute("CREATE USER dede@'127.0.0.1' IDENTIFIED BY %s", [PASSWORD])
        cursor.execute("GRANT SELECT ON dedecms.* TO dede@'127.0.0.1'")
    connection.close()
    return mariadb


def user_environment(tmp_path):
    """The environment of a shell with none of the project's settings, its own database."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DJANGO_") and name not in {"DATABASE_URL", "REDIS_URL"}
    }
    environment["DATABASE_URL"] = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    return environment


def test_the_readme_import_lines_run_as_written(dede_account, tmp_path):
    site_root = tmp_path / "oldsite"
    (site_root / "uploads").mkdir(parents=True)
    environment = user_environment(tmp_path)
    python = Path(sys.executable)
    subprocess.run(
        [python, "manage.py", "migrate", "--no-input"],
        cwd=ROOT,
        env={**environment, "DJANGO_DEBUG": "1"},
        check=True,
        capture_output=True,
    )
    lines = readme_import_lines()
    assert len(lines) == 2  # the dry run, then the import

    outputs = []
    for line in lines:
        command = (
            line.replace(".venv/bin/python", str(python))
            .replace("127.0.0.1:3306", f"127.0.0.1:{dede_account.port}")
            .replace("/var/www/oldsite", str(site_root))
        )
        done = subprocess.run(
            ["bash", "-c", command], cwd=ROOT, env=environment, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    dry_run, real = outputs
    assert "dry run: nothing was written" in dry_run
    assert re.search(r"^articles +1 +0 +0$", real, re.M)


def test_a_bare_hash_in_the_password_is_refused_with_how_to_write_it(db):
    with pytest.raises(CommandError, match=r"percent-encode it \(# is %23"):
        call_command(
            "import_dedecms", f"mysql://dede:{PASSWORD}@127.0.0.1/dedecms", stdout=StringIO()
        )
