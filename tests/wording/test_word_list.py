"""The word list: kept in the admin by chief editors, imported from a text file again and
again, and seen by every process at its next check."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from auditlog.details import describe
from auditlog.models import Action, Entry
from news.models import Article
from wording import lists
from wording.models import SensitiveWord

from ..helpers import text_of


def import_words(tmp_path, text):
    path = tmp_path / "words.txt"
    path.write_text(text, encoding="utf-8")
    out = StringIO()
    call_command("import_sensitive_words", str(path), stdout=out)
    return out.getvalue()


def listed():
    return dict(SensitiveWord.objects.values_list("word", "level"))


def test_a_file_is_imported_and_can_be_imported_again(tmp_path, db):
    assert "added 3, updated 0, unchanged 0" in import_words(
        tmp_path, "违禁词\n敏感事件\twarn\n# a comment\n\n内*幕\tblock\n"
    )
    assert listed() == {"违禁词": "block", "敏感事件": "warn", "内*幕": "block"}
    assert "added 1, updated 1, unchanged 2" in import_words(
        tmp_path, "违禁词\n敏感事件\twarn\n内*幕\twarn\n新词\n"
    )
    assert listed()["内*幕"] == "warn"
    entry = Entry.objects.filter(action=Action.IMPORT).order_by("pk").last()
    assert "新建：1；更新：1；未变：2" in describe(entry)


@pytest.mark.parametrize(
    ("line", "reason"),
    [("词\tmaybe", "neither block nor warn"), ("*词", "'\\*词'"), ("\twarn", "''")],
)
def test_a_bad_line_imports_nothing_and_is_named(tmp_path, db, line, reason):
    with pytest.raises(CommandError, match=rf"2: .*{reason}"):
        import_words(tmp_path, f"好词\n{line}\n")
    assert listed() == {}


def test_a_change_made_anywhere_is_seen_at_the_next_check(db):
    assert lists.matcher().find("新的违禁词") == []
    built = lists.matcher()
    SensitiveWord.objects.create(word="违禁词")
    assert lists.matcher() is not built
    assert [match.entry for match in lists.matcher().find("新的违禁词")] == ["违禁词"]
    # Unchanged, the automaton is not built again.
    assert lists.matcher() is lists.matcher()


def test_a_chief_editor_keeps_the_list_in_the_admin(chief_client, db):
    response = chief_client.post(
        "/admin/wording/sensitiveword/add/", {"word": "违*禁", "level": "warn", "note": ""}
    )
    assert response.status_code == 302
    page = text_of(chief_client.get("/admin/wording/sensitiveword/").content.decode())
    assert "敏感词" in page and "违*禁" in page and "提示" in page
    refused = chief_client.post(
        "/admin/wording/sensitiveword/add/", {"word": "违*", "level": "block", "note": ""}
    )
    assert "每个“*”的两边都要有词语" in text_of(refused.content.decode())


def test_a_reporter_cannot_change_the_list(editor_client, db):
    assert editor_client.get("/admin/wording/sensitiveword/add/").status_code == 403


def test_the_article_import_refuses_words(tmp_path, demo_tree, word_list):
    def line(**fields):
        base = {"title": "稿件", "column": "industry-planning", "body": "<p>正文</p>"}
        return json.dumps({**base, **fields}, ensure_ascii=False)

    path = tmp_path / "articles.jsonl"
    path.write_text(
        "\n".join(
            [
                line(title="一", body="<p>违禁词</p>"),
                line(title="二", summary="敏感事件", status="published"),
                line(title="三", summary="敏感事件", status="pending"),
            ]
        ),
        encoding="utf-8",
    )
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(path), stdout=StringIO(), stderr=err)
    first = err.getvalue().splitlines()[0]
    assert ":1: blocked sensitive words:" in first and "'违禁词' in body" in first
    assert ":2: sensitive words to confirm: '敏感事件' in summary" in err.getvalue()
    assert ":3:" not in err.getvalue()
    assert not Article.objects.exists()
