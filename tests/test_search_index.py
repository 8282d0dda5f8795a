"""The search's index of bigrams and characters finds what the substring rule finds, no more
and no less, on either database and without the index; it is kept up to date by saves,
filled by its migrations for older articles, and the search reads it."""

import json

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from news import search_index
from news.models import Article
from news.search_index import grams, is_one_entry, word_entries

from .helpers import column_in, migrate_to_latest, news_app_at

TEXTS = {
    "title": {"title": "产业集群观察", "body": "<p>正文内容</p>"},
    "comma": {"title": "别的标题", "body": "<p>产，业之间隔着逗号</p>"},
    "summary": {"title": "网络", "summary": "5G网络覆盖全市", "body": "<p>正文</p>"},
    "ascii": {"title": "报告", "body": "<p>Digital Economy 与区域协同</p>"},
    "rare": {"title": "石墨烯薄膜研究进展", "body": "<p>新材料</p>"},
    "body": {"title": "观察", "body": "<p>推动区域协同发展，产业升级</p>"},
    "draft": {"title": "产业草稿", "body": "<p>区域协同</p>", "status": Article.Status.DRAFT},
    "chars": {"title": "鑫源报道", "body": "<p>淼水 A-B 方案</p>"},
    "char_in_body": {"title": "观察", "body": "<p>鑫</p>"},
}
QUERIES = [
    ["产业"],  # two characters: one bigram, the index alone decides
    ["石墨烯薄膜"],  # several bigrams and the substring test
    ["5G网络"],  # Chinese and ASCII in one run
    ["5g"],
    ["DIGITAL"],  # ASCII case does not matter
    ["digital", "ECONOMY"],
    ["产，业"],  # punctuation inside the word: no bigram, the substring test only
    ["产业", "协同"],
    ["业", "协同"],  # a one-character word with another
    ["鑫", "淼"],  # one-character words only: their characters' entries
    ["鑫"],
    ["a"],  # in a longer run (Digital) and alone (A-B)
    ["A-B"],  # runs of one character: their characters narrow, the substring test decides
    ["鑫", "产业"],
    ["区域协同", "升级"],
    ["集群观察"],
    ["覆盖"],  # summary only
    ["内容"],  # body only
    ["网络"],  # title and summary
    ["不存在的词"],
]


@pytest.fixture
def articles(demo_tree, make_article):
    return {
        key: make_article(demo_tree["regional-economy"], **fields) for key, fields in TEXTS.items()
    }


def by_substring_rule(words):
    """The public articles whose title, summary or text contain every word, ignoring case."""
    return {
        article.pk
        for article in Article.objects.published()
        if all(
            any(
                word.lower() in text.lower()
                for text in (article.title, article.summary, article.body_text)
            )
            for word in words
        )
    }


@pytest.fixture(params=["index", "no index"])
def index(request, monkeypatch):
    """Each search in turn with the database's index and, as on an SQLite without FTS5,
    without one."""
    if request.param == "no index":
        monkeypatch.setattr(search_index, "index_for", lambda using: None)
    return request.param


@pytest.mark.parametrize("words", QUERIES, ids=" ".join)
def test_search_finds_what_the_substring_rule_finds(articles, index, words):
    found = set(Article.objects.published().search(words).values_list("pk", flat=True))

    assert found == by_substring_rule(words)


def test_a_limit_keeps_the_first_results_and_their_order(demo_tree, make_article):
    column = demo_tree["regional-economy"]
    for n in range(4):
        make_article(column, title=f"协同{n}")
        make_article(column, title=f"别的{n}", body="<p>区域协同</p>")
    everything = list(Article.objects.published().search(["协同"]))

    assert list(Article.objects.published().search(["协同"], limit=5))[:5] == everything[:5]
    assert list(Article.objects.published().search(["协同"], limit=3))[:3] == everything[:3]
    assert [a.title for a in everything[:4]] == ["协同0", "协同1", "协同2", "协同3"]


# Newest first: title and text matches of a common word, rows that hold every bigram of
# 区域协同 without the word (which only the substring test turns away), a rare word, a draft.
MIXED = [
    {"title": "区域协同观察", "body": "<p>产业</p>"},
    {"title": "别的", "body": "<p>区域协作，协同发展</p>"},
    {"title": "观察", "body": "<p>推动区域协同，产业升级</p>"},
    {"title": "产业园区", "body": "<p>石墨烯薄膜</p>"},
    {"title": "别的", "body": "<p>区域协同</p>", "status": Article.Status.DRAFT},
    {"title": "别的", "summary": "区域协同与产业", "body": "<p>正文</p>"},
    {"title": "区域协作", "body": "<p>协同，产业</p>"},
    {"title": "石墨烯薄膜与区域协同", "body": "<p>正文</p>"},
] * 3


def plainly_ranked(words):
    """The public articles containing every word, by a plain filter and sort in Python: title
    matches first, then newest."""
    found = [Article.objects.get(pk=pk) for pk in by_substring_rule(words)]
    return sorted(
        found,
        key=lambda article: (
            not all(word.lower() in article.title.lower() for word in words),
            -article.published_at.timestamp(),
            -article.pk,
        ),
    )


@pytest.mark.parametrize("limit", [None, 1, 3, 7])
@pytest.mark.parametrize(
    "words",
    [["区域协同"], ["产业"], ["石墨烯薄膜"], ["产业", "区域协同"], ["区域协同", "石墨烯薄膜"]],
    ids=" ".join,
)
def test_the_first_results_are_those_of_a_plain_filter(demo_tree, make_article, words, limit):
    for fields in MIXED:
        make_article(demo_tree["regional-economy"], **fields)
    expected = plainly_ranked(words)

    found = list(Article.objects.published().search(words, limit=limit))

    assert found[:limit] == expected[:limit]
    assert len(found) >= min(limit or len(expected), len(expected))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
def test_the_substring_test_stops_at_the_limit(demo_tree, make_article):
    for n in range(12):
        make_article(demo_tree["regional-economy"], title=f"别的{n}", body="<p>推动区域协同</p>")
    found = Article.objects.published().search(["区域协同"], limit=5)

    plan = json.loads(found.explain(format="json", analyze=True, verbose=True))
    testing_texts = [node for node in plan_nodes(plan[0]["Plan"]) if "body_text" in str(node)]

    # Each text is tested in a subquery of its own row, and only for the 5 newest candidates:
    # not in a scan of all of them (12 here; tens of thousands for a common word).
    assert testing_texts
    assert {node["Parent Relationship"] for node in testing_texts} == {"SubPlan"}
    assert sum(node["Actual Loops"] for node in testing_texts) == 5


@pytest.mark.parametrize("walked", [2, 4, 100])
@pytest.mark.parametrize("common", [True, False])
def test_the_walk_and_the_sorted_candidates_find_the_same(
    demo_tree, make_article, monkeypatch, walked, common
):
    for fields in MIXED:
        make_article(demo_tree["regional-economy"], **fields)
    # Whichever way the statistics send the search (news.search_index.newest_passing): a walk
    # of the newest `walked` rows, then, when it found too few, all candidates sorted.
    bound = float("inf") if common else 0
    monkeypatch.setattr(search_index, "most_candidates", lambda using, wanted: bound)
    monkeypatch.setattr(search_index, "unlisted", lambda using, wanted: not common)
    monkeypatch.setattr(search_index, "WALKED", walked)
    monkeypatch.setattr(search_index, "TITLES_WALKED", walked)
    expected = plainly_ranked(["区域协同"])

    assert list(Article.objects.published().search(["区域协同"], limit=5))[:5] == expected[:5]
    assert (
        list(Article.objects.published().search(["产业"], limit=3))[:3]
        == (plainly_ranked(["产业"])[:3])
    )


@pytest.mark.parametrize("exact", [1, 3, 5])
@pytest.mark.parametrize("walked", [2, 100])
@pytest.mark.parametrize("common", [True, False])
def test_the_first_exact_results_are_those_of_the_whole_ranking(
    demo_tree, make_article, monkeypatch, exact, walked, common
):
    for fields in MIXED:
        make_article(demo_tree["regional-economy"], **fields)
    # Title matches are walked only as far as `exact` (the end of the page asked for), the
    # count's walk as far as the limit, each walked or sorted as the statistics say.
    bound = float("inf") if common else 0
    monkeypatch.setattr(search_index, "most_candidates", lambda using, wanted: bound)
    monkeypatch.setattr(search_index, "unlisted", lambda using, wanted: not common)
    monkeypatch.setattr(search_index, "WALKED", walked)
    monkeypatch.setattr(search_index, "TITLES_WALKED", walked)

    # 6 title matches of 区域协同 and 6 others; 3 of 产业 (产业园区) and 9 others.
    for words in (["区域协同"], ["产业"], ["产业", "区域协同"]):
        expected = plainly_ranked(words)
        found = list(Article.objects.published().search(words, limit=7, exact=exact))
        assert found[:exact] == expected[:exact]
        assert len(found) >= min(7, len(expected))  # how many there are, up to the limit
        assert set(found) <= set(expected)


def plan_for_this_table(cursor):
    """Plan for the table as this test filled it: statistics left by earlier tests that
    committed many articles would make the planner read it in parallel, as a large one."""
    cursor.execute("ANALYZE news_article")
    cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
# Restores what the database held before (content types among it), as other tests expect.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_title_matches_are_walked_in_the_titles_index(articles, monkeypatch):
    monkeypatch.setattr(search_index, "most_candidates", lambda using, wanted: float("inf"))
    monkeypatch.setattr(search_index, "unlisted", lambda using, wanted: False)
    with connection.cursor() as cursor:
        # As a table a day old: its statistics and visibility map up to date, so that an
        # index-only scan reads no row (VACUUM runs outside a transaction).
        cursor.execute("VACUUM ANALYZE news_article")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        # The test's table is tiny: without this a scan (or a bitmap of another index's
        # rows) and a sort would cost less.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        plan = Article.objects.published().search(["产业"], limit=5, exact=2).explain()

    assert f"Index Only Scan using {search_index.PG_TITLES_INDEX}" in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statistics")
def test_an_entry_the_statistics_leave_out_is_told_apart(demo_tree, make_article, monkeypatch):
    for n in range(30):
        make_article(demo_tree["regional-economy"], title=f"产业{n}", body="<p>园区</p>")
    monkeypatch.setattr(search_index, "_statistics", {})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE news_article")

    assert not search_index.unlisted(connection.alias, {"产业", "t产业"})
    # No article has 鑫: the statistics cannot say how rare, only that it is rarer.
    assert search_index.unlisted(connection.alias, {"产业", "鑫"})
    assert search_index.most_candidates(connection.alias, {"产业"}) == pytest.approx(30, rel=0.1)


def plan_nodes(node):
    """A node of an EXPLAIN (FORMAT JSON) plan and those below it, without their children."""
    yield {key: value for key, value in node.items() if key != "Plans"}
    for child in node.get("Plans", ()):
        yield from plan_nodes(child)


def test_a_word_does_not_span_punctuation(articles):
    found = set(Article.objects.published().search(["产业"]))

    assert found == {articles["title"], articles["body"]}
    assert articles["comma"] not in found


def test_edits_change_what_is_found(articles):
    article = articles["rare"]
    article.title = "新标题"
    article.save()
    assert article not in Article.objects.search(["石墨烯"])
    assert article in Article.objects.search(["新标题"])

    article.body = "<p>石墨烯重回正文</p>"
    article.save()
    assert article in Article.objects.search(["石墨烯"])
    assert article not in Article.objects.search(["新材料"])


def test_entries_stay_within_runs_of_letters_and_digits():
    assert grams("5G网络，产业 AB_c") == {"5g", "g网", "网络", "产业", "ab"}
    assert search_index.search_grams("产业 A", "5G", "") == (
        "5 5g a cta ct业 ct产 g t产业 业 产 产业"
    )
    assert word_entries("A-B") == {"a", "b"} and word_entries("产业") == {"产业"}
    assert word_entries("鑫，产业") == {"鑫", "产业"}
    assert is_one_entry("产业") and is_one_entry("Ab") and is_one_entry("鑫")
    assert not is_one_entry("产，") and not is_one_entry("石墨烯") and not is_one_entry("İ")


@pytest.mark.parametrize("words", [["产业"], ["石墨烯薄膜"], ["产业", "协同"], ["鑫", "淼"]])
def test_the_search_reads_the_index(articles, words, monkeypatch):
    # As for words that few articles can hold, the index's candidates are read.
    monkeypatch.setattr(search_index, "most_candidates", lambda using, wanted: 0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            plan_for_this_table(cursor)
            # The test's table is tiny: forbid the scans a small table would get, leaving
            # bitmap scans, of which only the bigram index's fits the search's condition.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            # Nor a walk of another index's rows, each tested by its pk: as cheap on a tiny
            # table, as every search tests the title too.
            cursor.execute("SET LOCAL enable_nestloop = off")
        plan = Article.objects.search(words).explain()
        assert f"Bitmap Index Scan on {search_index.PG_INDEX}" in plan
        assert "Seq Scan" not in plan
    else:
        plan = Article.objects.published().search(words).explain()
        assert f"SCAN {search_index.FTS_TABLE} VIRTUAL TABLE" in plan


def where_clause(words):
    sql = str(Article.objects.published().search(words).query)
    return sql.split(" WHERE ", 1)[1].rsplit(" ORDER BY ", 1)[0]


@pytest.mark.parametrize("words", [["产业", "协同"], ["鑫", "淼"], ["业", "协同"]])
def test_a_word_of_one_entry_needs_no_substring_test(articles, words):
    # Only the titles' (short, and on PostgreSQL in an index of their own), which tell the
    # title matches that come first.
    assert '"body_text"' not in where_clause(words)
    assert '"summary"' not in where_clause(words)


def test_a_longer_word_is_tested_as_a_substring(articles):
    assert '"body_text"' in where_clause(["石墨烯薄膜"])
    assert '"body_text"' in where_clause(["A-B"])


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's triggers")
def test_migrate_puts_back_triggers_a_table_change_dropped(articles):
    # What Django's SQLite backend does to alter the article table drops its triggers.
    with connection.cursor() as cursor:
        for name in search_index.SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
    article = articles["rare"]
    article.title = "未进索引的标题"
    article.save()

    call_command("migrate", verbosity=0)

    assert article in Article.objects.search(["索引"])
    article.title = "又改了"
    article.save()
    assert article not in Article.objects.search(["索引"])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migration_fills_the_bigrams_of_existing_articles():
    old = news_app_at("0014_hits_rewrite_no_index")
    old.get_model("news", "Article").objects.create(
        title="旧文章",
        column=column_in(old),
        body="<p>正文</p>",
        body_text="区域协同",
        summary="摘要",
    )

    migrate_to_latest()

    article = Article.objects.get()
    assert set(article.search_grams.split()) == {
        *("旧文", "文章", "区域", "域协", "协同", "摘要"),
        *"旧文章区域协同摘要",
        *("t旧文", "t文章", "ct旧", "ct文", "ct章"),  # the title's, marked
    }
    assert list(Article.objects.search(["协同"])) == [article]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migration_adds_the_characters_of_existing_articles():
    old = news_app_at("0025_review_note_by_any_reviewer")
    old.get_model("news", "Article").objects.create(
        title="鑫源报道",
        column=column_in(old),
        body="<p>淼水</p>",
        body_text="淼水",
        summary="摘要",
        status="published",
        published_at="2020-01-01T00:00:00Z",
        search_grams="摘要 淼水 源报 报道 鑫源 t源报 t报道 t鑫源",  # bigrams only, as stored then
    )

    migrate_to_latest()

    article = Article.objects.get()
    assert list(Article.objects.published().search(["鑫", "淼"])) == [article]
    assert search_index.TITLE_CHAR_MARK + "鑫" in article.search_grams.split()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's text[]")
@pytest.mark.django_db
def test_the_entries_reach_postgresql_as_they_are():
    entries = 'ab t产业 a"b c\\d  {x},NULL'
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::text[]", [search_index.array_literal(entries)])
        [stored] = cursor.fetchone()
        cursor.execute("SELECT %s::text[]", [search_index.array_literal("")])
        [empty] = cursor.fetchone()
    assert stored == entries.split()
    assert empty == []
