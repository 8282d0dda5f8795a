"""Each run of an import leaves one entry: its counts, or the error that stopped it."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from auditlog.models import Action

from .conftest import entries


def lines_file(tmp_path, *articles):
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles))
    return path


def test_an_import_run_and_a_failed_one(demo_tree, tmp_path):
    good = {"title": "导入的文章", "column": "industry-planning", "body": "<p>正文</p>"}
    call_command("import_articles", str(lines_file(tmp_path, good)), stdout=StringIO())
    with pytest.raises(CommandError):
        call_command(
            "import_articles",
            str(lines_file(tmp_path, good, {"title": ""})),
            stdout=StringIO(),
            stderr=StringIO(),
        )
    ran, failed = entries(action=Action.IMPORT)
    assert ran.succeeded and ran.detail["counts"] == {"created": 1, "existing": 0, "bad": 0}
    assert ran.detail["command"] == "import_articles"
    assert ran.origin.startswith("manage.py import_articles (")
    assert not failed.succeeded
    assert "bad line" in failed.detail["error"]
