"""manage.py import_articles FILE: JSON Lines in, all or nothing, bad lines named by number."""

import json
from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from news import importing
from news.keywords import ArticleKeyword
from news.models import PIN_FOREVER, Article

SHANGHAI = ZoneInfo("Asia/Shanghai")


def line(**fields):
    data = {
        "title": "六城携手打造产业集群都市圈",
        "column": "industry-planning",
        "source": "高新院 achie.org",
        "published_at": "2023-01-05T10:00:00+08:00",
        "body": "<p>新年伊始，都市圈六城签署产业协作框架协议。</p>",
        "keywords": "产业集群,都市圈",
        "view_count": 12,
        "status": "published",
    }
    data.update(fields)
    return json.dumps({k: v for k, v in data.items() if v is not ...}, ensure_ascii=False)


def write(tmp_path, *lines, name="articles.jsonl"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(path, *args):
    out, err = StringIO(), StringIO()
    call_command("import_articles", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def good_lines(n=3):
    return [line(title=f"第{i}篇 园区动态") for i in range(1, n + 1)]


def test_a_good_file_imports_every_article(demo_tree, tmp_path):
    path = write(tmp_path, *good_lines(3))
    out, err = run(path)
    assert Article.objects.count() == 3
    assert "imported 3" in out
    assert err == ""
    article = Article.objects.get(title="第1篇 园区动态")
    assert article.column == demo_tree["industry-planning"]
    assert article.source == "高新院 achie.org"
    assert article.view_count == 12
    assert article.keywords == "产业集群,都市圈"
    assert article.status == Article.Status.PUBLISHED
    assert article.summary == "新年伊始，都市圈六城签署产业协作框架协议。"
    assert list(Article.objects.published()) == list(Article.objects.all())


def test_blank_lines_are_ignored(demo_tree, tmp_path):
    path = write(tmp_path, "", good_lines(1)[0], "   ", good_lines(2)[1], "")
    run(path)
    assert Article.objects.count() == 2


BAD_LINES = [
    ("bad-json", '{"title": "缺了括号", "column": "news"', "JSON"),
    ("not-an-object", '["title", "column"]', "JSON object"),
    ("unknown-column", line(column="没有这个栏目"), "没有这个栏目"),
    ("unknown-column-path", line(column="新闻中心/没有这个栏目"), "column"),
    ("bad-date", line(published_at="2023-02-30"), "published_at"),
    ("not-a-date", line(published_at="昨天"), "published_at"),
    ("bad-status", line(status="deleted"), "status"),
    ("negative-view-count", line(view_count=-5), "view_count"),
    ("string-view-count", line(view_count="12"), "view_count"),
    ("boolean-view-count", line(view_count=True), "view_count"),
    ("missing-title", line(title=...), "title"),
    ("missing-body", line(body=...), "body"),
    ("empty-title", line(title=""), "title"),
    ("unknown-field", line(hits=3), "hits"),
    ("title-too-long", line(title="长" * 201), "title"),
    ("bad-source-url", line(source_url="不是网址"), "source_url"),
    ("list-keywords", line(keywords=["产业集群", "都市圈"]), "keywords"),
    ("only-a-script-body", line(body="<script>alert(1)</script>"), "body"),
    ("bad-pinned", line(is_pinned="maybe"), "is_pinned"),
    ("nul-in-title", line(title="标题\u0000"), "title"),
    ("control-character-in-source", line(source="来源\u0001"), "source"),
    ("year-one", line(published_at="0001-01-01T00:00:00"), "published_at"),
    ("pin-in-year-one", line(pinned_until="0001-01-01T00:00:00"), "pinned_until"),
    ("pin-past-year-9999", line(pinned_until="9999-12-31T23:00:00-12:00"), "pinned_until"),
]


@pytest.mark.parametrize(
    ("bad", "reason"), [b[1:] for b in BAD_LINES], ids=[b[0] for b in BAD_LINES]
)
def test_a_bad_line_imports_nothing_and_is_named_by_number(demo_tree, tmp_path, bad, reason):
    first, second, third = good_lines(3)
    path = write(tmp_path, first, second, bad, third)
    err = StringIO()
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_articles", str(path), stdout=StringIO(), stderr=err)
    report = err.getvalue()
    assert f"{path}:3:" in report
    assert reason in report
    assert ":1:" not in report and ":2:" not in report and ":4:" not in report
    assert Article.objects.count() == 0


def test_every_bad_line_is_reported(demo_tree, tmp_path):
    first, second = good_lines(2)
    path = write(tmp_path, "{oops", first, line(status="deleted"), second, line(column="nowhere"))
    err = StringIO()
    with pytest.raises(CommandError, match="3 bad line"):
        call_command("import_articles", str(path), stdout=StringIO(), stderr=err)
    assert [row.split(":")[1] for row in err.getvalue().splitlines()] == ["1", "3", "5"]
    assert Article.objects.count() == 0


def test_skip_bad_imports_the_good_lines_and_reports_the_bad(demo_tree, tmp_path):
    first, second, third = good_lines(3)
    path = write(tmp_path, first, line(status="deleted"), second, "{oops", third)
    out, err = run(path, "--skip-bad")
    assert set(Article.objects.values_list("title", flat=True)) == {
        "第1篇 园区动态",
        "第2篇 园区动态",
        "第3篇 园区动态",
    }
    assert f"{path}:2:" in err and "status" in err
    assert f"{path}:4:" in err and "JSON" in err
    assert "imported 3" in out and "bad 2" in out


def test_dry_run_writes_nothing_and_says_how_many_would_import(demo_tree, tmp_path):
    path = write(tmp_path, *good_lines(4))
    out, _ = run(path, "--dry-run")
    assert "would import 4" in out
    assert Article.objects.count() == 0


def test_dry_run_still_reports_bad_lines(demo_tree, tmp_path):
    first, second = good_lines(2)
    path = write(tmp_path, first, line(view_count=-1), second)
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(path), "--dry-run", stdout=StringIO(), stderr=err)
    assert f"{path}:2:" in err.getvalue()
    assert Article.objects.count() == 0


def test_dry_run_counts_a_repeated_line_once_as_the_import_does(demo_tree, tmp_path):
    first, second = good_lines(2)
    path = write(tmp_path, first, second, first)
    dry, _ = run(path, "--dry-run")
    real, _ = run(path)
    assert "would import 2, already present 1" in dry
    assert "imported 2, already present 1" in real
    assert Article.objects.count() == 2


@pytest.mark.parametrize(
    ("column", "slug"),
    [
        ("新闻中心/产业规划", "industry-planning"),
        ("专题专栏/数字经济/数据要素", "data-elements"),
        ("/专题专栏/数字经济/", "digital-economy"),
        ("新闻中心", "news"),
        ("data-elements", "data-elements"),
        ("policy-interpretation", "policy-interpretation"),
    ],
)
def test_column_is_found_by_path_of_names_or_slug(demo_tree, tmp_path, column, slug):
    run(write(tmp_path, line(column=column)))
    assert Article.objects.get().column == demo_tree[slug]


def test_a_path_must_start_at_a_top_level_column(demo_tree, tmp_path):
    path = write(tmp_path, line(column="数字经济/数据要素"))
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_articles", str(path), stdout=StringIO(), stderr=err)
    assert ":1:" in err.getvalue()


def test_running_the_same_file_twice_does_not_double_articles(demo_tree, tmp_path):
    path = write(tmp_path, *good_lines(3))
    run(path)
    out, _ = run(path)
    assert Article.objects.count() == 3
    assert "imported 0, already present 3" in out


def test_same_title_in_another_column_is_a_different_article(demo_tree, tmp_path):
    path = write(tmp_path, line(column="industry-planning"), line(column="park-planning"))
    run(path)
    assert Article.objects.count() == 2


def test_bodies_are_sanitized_on_import(demo_tree, tmp_path):
    body = (
        '<p onclick="alert(1)">园区<script>alert(1)</script>规划</p>'
        '<a href="javascript:alert(1)">点我</a><iframe src="https://evil.example/"></iframe>'
    )
    run(write(tmp_path, line(body=body)))
    stored = Article.objects.get().body
    assert "script" not in stored and "onclick" not in stored and "javascript" not in stored
    assert "iframe" not in stored
    assert "<p>园区规划</p>" in stored
    assert "点我" in stored


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2023-01-05T10:00:00", datetime(2023, 1, 5, 10, 0, tzinfo=SHANGHAI)),
        ("2023-01-05 10:00", datetime(2023, 1, 5, 10, 0, tzinfo=SHANGHAI)),
        ("2023-01-05", datetime(2023, 1, 5, 0, 0, tzinfo=SHANGHAI)),
        ("2023-01-05T02:00:00Z", datetime(2023, 1, 5, 10, 0, tzinfo=SHANGHAI)),
        ("2023-01-05T10:00:00+08:00", datetime(2023, 1, 5, 10, 0, tzinfo=SHANGHAI)),
    ],
)
def test_naive_dates_are_taken_in_shanghai_time(demo_tree, tmp_path, given, expected):
    run(write(tmp_path, line(published_at=given)))
    stored = Article.objects.get().published_at
    assert stored == expected
    assert stored.astimezone(SHANGHAI).date().isoformat() == "2023-01-05"


def test_optional_fields_may_be_null_or_absent(demo_tree, tmp_path):
    path = write(
        tmp_path,
        line(source=None, author=None, summary=None, keywords=None, view_count=None),
        line(
            title="只有必填字段",
            source=...,
            published_at=...,
            keywords=...,
            view_count=...,
            status=...,
        ),
    )
    run(path)
    with_nulls = Article.objects.get(title="六城携手打造产业集群都市圈")
    assert (with_nulls.source, with_nulls.author, with_nulls.view_count) == ("", "", 0)
    assert with_nulls.summary == "新年伊始，都市圈六城签署产业协作框架协议。"
    minimal = Article.objects.get(title="只有必填字段")
    assert minimal.status == Article.Status.DRAFT  # nothing goes public unless it says so
    assert not Article.objects.published().filter(pk=minimal.pk).exists()


def test_pinned_and_summary_are_imported(demo_tree, tmp_path):
    run(write(tmp_path, line(is_pinned=True, summary="编辑写的摘要")))
    article = Article.objects.get()
    assert article.pinned_until == PIN_FOREVER
    assert article.summary == "编辑写的摘要"


def test_a_file_with_a_byte_order_mark_is_read(demo_tree, tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_text("\n".join(good_lines(2)) + "\n", encoding="utf-8-sig")
    run(path)
    assert Article.objects.count() == 2


def test_a_missing_file_is_a_clear_error(db, tmp_path):
    missing = tmp_path / "nowhere" / "articles.jsonl"
    with pytest.raises(CommandError, match=r"cannot read .*articles\.jsonl") as error:
        run(missing)
    assert "No such file" in str(error.value)


def test_a_file_that_is_not_utf8_is_a_clear_error(db, tmp_path):
    path = tmp_path / "gbk.jsonl"
    path.write_bytes(line().encode("gbk"))
    with pytest.raises(CommandError, match="cannot read"):
        run(path)
    assert Article.objects.count() == 0


# Archive size: a batch at a time, still all or nothing.


@pytest.fixture
def batches_of_two(monkeypatch):
    monkeypatch.setattr(importing, "BATCH", 2)


def test_a_bad_line_in_a_later_batch_imports_nothing(demo_tree, tmp_path, batches_of_two):
    path = write(tmp_path, *good_lines(3), line(status="deleted"), *good_lines(6)[3:])
    err = StringIO()
    with pytest.raises(CommandError, match="nothing imported"):
        call_command("import_articles", str(path), stdout=StringIO(), stderr=err)
    assert f"{path}:4:" in err.getvalue()
    assert Article.objects.count() == 0
    assert ArticleKeyword.objects.count() == 0


def test_a_later_part_that_is_not_utf8_imports_nothing(demo_tree, tmp_path, batches_of_two):
    path = tmp_path / "mixed.jsonl"
    # Past the first reads of the file (8 KB), so that batches are saved before it fails.
    good = "\n".join(good_lines(100)) + "\n"
    path.write_bytes(good.encode() + line().encode("gbk"))
    with pytest.raises(CommandError, match="cannot read"):
        run(path)
    assert Article.objects.count() == 0


def test_a_repeat_in_a_later_batch_is_already_present(demo_tree, tmp_path, batches_of_two):
    first, second, third = good_lines(3)
    out, _ = run(write(tmp_path, first, second, third, first))
    assert "imported 3, already present 1" in out
    assert Article.objects.count() == 3


def test_imported_articles_are_found_by_tag_and_search(client, demo_tree, tmp_path):
    path = write(tmp_path, line(title="园区动态", body="<p>石墨烯薄膜项目落户开发区。</p>"))
    run(path)
    article = Article.objects.get()
    assert article.body_text == "石墨烯薄膜项目落户开发区。"
    tag_page = client.get("/tags/都市圈/")
    search_page = client.get("/search/", {"q": "石墨烯 开发区"})
    assert article.get_absolute_url() in tag_page.content.decode()
    assert article.get_absolute_url() in search_page.content.decode()


def test_the_queries_of_an_import_do_not_grow_with_its_size(demo_tree, tmp_path):
    def queries(count):
        path = write(tmp_path, *good_lines(count), name=f"{count}.jsonl")
        with CaptureQueriesContext(connection) as captured:
            run(path)
        Article.objects.all().delete()
        return len(captured)

    queries(1)  # what a process reads once (the column tree's version among them)
    assert queries(3) == queries(30)
