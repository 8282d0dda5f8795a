"""Entries are written once: the application changes and deletes none (the database refuses
too), and only the retention command removes those past DJANGO_AUDIT_RETENTION_DAYS, which
is never under 180."""

import os
import subprocess
import sys
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from auditlog.models import Action, Entry, NeverChanged
from auditlog.records import record

from .conftest import entries

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def entry(db):
    return record(Action.LOGIN_FAILED, username="someone", succeeded=False)


def test_the_application_changes_and_deletes_none(entry):
    entry.username = "someone else"
    with pytest.raises(NeverChanged):
        entry.save()
    with pytest.raises(NeverChanged):
        entry.delete()
    with pytest.raises(NeverChanged):
        Entry.objects.filter(pk=entry.pk).update(username="someone else")
    with pytest.raises(NeverChanged):
        Entry.objects.all().delete()
    assert Entry.objects.get(pk=entry.pk).username == "someone"


def test_the_database_refuses_a_change_made_past_the_application(entry):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE auditlog_entry SET username = 'x' WHERE id = %s", [entry.pk])
    assert Entry.objects.get(pk=entry.pk).username == "someone"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL rule")
def test_postgresql_refuses_to_delete_a_recent_entry(entry):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM auditlog_entry WHERE id = %s", [entry.pk])
    assert Entry.objects.filter(pk=entry.pk).exists()


def test_the_retention_removes_only_older_entries_and_says_so(db, settings):
    settings.AUDIT_RETENTION_DAYS = 200
    now = timezone.now()
    for days in (10, 199, 201, 400):
        Entry.objects.create(
            action=Action.LOGIN, username=f"{days} days", time=now - timedelta(days=days)
        )
    out = StringIO()
    call_command("prune_audit_log", stdout=out)
    assert "removed 2" in out.getvalue()
    kept = [e.username for e in entries(action=Action.LOGIN)]
    assert kept == ["199 days", "10 days"]
    (pruned,) = entries(action=Action.PRUNE)
    assert pruned.detail == {"count": 2, "retention_days": 200}


def retention_setting(value):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SECRET_KEY": "x",
        "DJANGO_AUDIT_RETENTION_DAYS": value,
    }
    return subprocess.run(
        [sys.executable, "-c", "from config import settings; print(settings.AUDIT_RETENTION_DAYS)"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def test_a_retention_under_180_days_is_refused():
    refused = retention_setting("90")
    assert refused.returncode != 0
    assert "kept 180 days at least" in refused.stderr
    assert retention_setting("180").stdout.strip() == "180"


def test_each_entry_is_also_a_json_line_for_log_shippers(db, caplog, settings):
    import json
    import logging

    with caplog.at_level(logging.INFO, logger="newscms.audit"):
        record(Action.LOGIN_FAILED, username="某人", succeeded=False)
    (line,) = [r.getMessage() for r in caplog.records if r.name == "newscms.audit"]
    shipped = json.loads(line)
    assert (shipped["action"], shipped["user"], shipped["succeeded"]) == (
        "login_failed",
        "某人",
        False,
    )
