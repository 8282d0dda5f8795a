"""import_dedecms against real DedeCMS databases on MariaDB: what arrives, and how."""

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import CommandError
from django.db import connection
from PIL import Image

from categories.models import Category
from news.models import Article
from tests.helpers import tree_is_valid

from .sites import PUBDATE


def outline():
    return [
        ("  " * c.level + c.name, c.slug, c.is_visible, c.legacy_id)
        for c in Category.objects.order_by("tree_id", "lft")
    ]


def titles():
    return dict(Article.objects.values_list("legacy_id", "title"))


def test_the_column_tree_keeps_names_order_and_visibility(utf8_site, import_dedecms):
    Category.objects.create(name="本站栏目", slug="local")
    output = import_dedecms(utf8_site)

    assert outline() == [
        ("本站栏目", "local", True, None),
        ("新闻中心", "news", True, 1),
        ("  政策解读", "zhengce-2", True, 3),  # sortrank 1 before 2; slug taken by column 7
        ("  产业规划", "chanyeguihua", True, 2),
        ("    园区规划", "yuanqu", True, 4),
        ("政策汇编", "zhengce", True, 7),
        ("内部资料", "neibu", False, 5),
    ]
    assert tree_is_valid(Category.objects.all())
    news = Category.objects.get(legacy_id=1)
    assert (news.meta_description, news.keywords, news.seo_title) == (
        "高新区新闻",
        "新闻,高新区",
        "新闻中心_高新院",
    )
    assert "column 6: an external link (合作网站)" in output


def test_articles_keep_their_fields_status_and_counts(utf8_site, import_dedecms):
    output = import_dedecms(utf8_site)

    article = Article.objects.select_related("column").get(legacy_id=101)
    assert (article.title, article.author, article.source, article.keywords) == (
        "六城携手打造产业集群都市圈",
        "张三",
        "高新院",
        "产业集群,都市圈",
    )
    assert article.column.name == "产业规划"
    assert article.summary == "六城携手的摘要。"
    assert article.published_at == datetime.fromtimestamp(PUBDATE, UTC)
    assert article.created_at == datetime.fromtimestamp(PUBDATE - 3600, UTC)
    assert article.view_count == 120
    # Without a summary in DedeCMS, the body's first words are the summary.
    assert Article.objects.get(legacy_id=102).summary == "政策解读：数据要素的正文。"

    assert dict(Article.objects.values_list("legacy_id", "status")) == {
        101: "published",
        102: "pending",
        104: "draft",
        105: "published",
        106: "published",
        109: "published",
    }
    assert "article 103: in the recycle bin (arcrank -2)" in output
    assert "article 104: for members of rank 10 only: imported as a draft" in output
    assert "article 108: its column is not imported" in output
    assert "not articles, not imported: channel 3: 1" in output
    assert re.search(r"^articles +6 +0 +0$", output, re.M)
    assert "articles by status: draft 1, pending 1, published 4" in output


def test_flags_and_pins_become_the_editorial_fields(utf8_site, import_dedecms):
    import_dedecms(utf8_site)

    flags = {
        a.legacy_id: {
            name
            for name in ("is_headline", "is_recommended", "is_slideshow", "bold_title")
            if getattr(a, name)
        }
        for a in Article.objects.all()
    }
    assert flags == {
        101: {"is_headline"},
        102: {"is_recommended"},
        104: {"is_slideshow"},
        105: {"bold_title"},
        106: {"is_headline", "is_recommended", "is_slideshow", "bold_title"},
        109: set(),
    }
    pins = dict(Article.objects.exclude(pinned_until=None).values_list("legacy_id", "pinned_until"))
    assert pins == {105: datetime(2033, 5, 18, 3, 33, 20, tzinfo=UTC)}


def test_bodies_are_sanitized_and_their_images_copied(
    utf8_site, site_root, import_dedecms, settings, client
):
    output = import_dedecms(utf8_site, f"--site-root={site_root}")

    article = Article.objects.get(legacy_id=101)
    assert "<script" not in article.body
    assert "alert" not in article.body
    (src,) = re.findall(r'<img src="([^"]+)"', article.body)
    assert src.startswith(f"{settings.MEDIA_URL}uploads/")
    with Image.open(Path(settings.MEDIA_ROOT) / src.removeprefix(settings.MEDIA_URL)) as image:
        assert image.format == "PNG"
    with Image.open(article.cover.path) as cover:
        assert cover.format == "JPEG"
    with Image.open(article.cover_thumbnail.path) as thumbnail:
        assert thumbnail.size == (480, 300)
    assert src in client.get(article.get_absolute_url()).content.decode()
    # Another article showing the same image refers to the same copy.
    assert f'<img src="{src}">' in Article.objects.get(legacy_id=106).body

    assert "images copied: 2" in output
    assert "article 105: /uploads/allimg/missing.jpg: no such file" in output
    assert "article 105: /uploads/allimg/fake.jpg: The file is not an image" in output
    assert "/uploads/allimg/missing.jpg" in Article.objects.get(legacy_id=105).body


def test_without_a_site_root_images_are_left_out_and_said_so(utf8_site, import_dedecms):
    output = import_dedecms(utf8_site)

    article = Article.objects.get(legacy_id=101)
    assert not article.cover
    assert "images copied: 0" in output
    assert "no --site-root" in output


def test_each_character_set_reads_correct_chinese(utf8_site, gbk_site, import_dedecms):
    import_dedecms(gbk_site)
    assert titles()[110] == "朱镕基考察园区"  # 镕 is GBK, not GB2312
    assert Category.objects.get(legacy_id=4).name == "园区规划"

    import_dedecms(utf8_site)
    assert titles()[109] == "朱镕基与𠮷野家"  # 𠮷 needs four bytes


def test_undecodable_bytes_are_reported_by_article_id(mislabelled_site, import_dedecms):
    output = import_dedecms(mislabelled_site, "--charset=gbk")

    assert titles()[110] == "朱镕基考察园区"
    assert 111 not in titles()
    assert "article 111: title: the bytes b'\\x81' are not valid gbk" in output


def snapshot(settings):
    media = Path(settings.MEDIA_ROOT)
    return (
        list(Category.objects.order_by("pk").values()),
        list(Article.objects.order_by("pk").values()),
        sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else [],
    )


def test_a_failed_run_leaves_the_site_as_it_was(
    utf8_site, mislabelled_site, site_root, import_dedecms, settings
):
    import_dedecms(utf8_site)
    before = snapshot(settings)

    with pytest.raises(CommandError, match=r"article 111: title: .*nothing was imported"):
        import_dedecms(mislabelled_site, "--charset=gbk", "--strict", f"--site-root={site_root}")

    # The images of the articles read before 111 were copied, then removed again.
    assert snapshot(settings) == before


def test_a_dry_run_writes_nothing_and_prints_the_same_report(
    utf8_site, site_root, import_dedecms, settings
):
    dry = import_dedecms(utf8_site, f"--site-root={site_root}", "--dry-run")
    assert snapshot(settings) == ([], [], [])

    real = import_dedecms(utf8_site, f"--site-root={site_root}")
    assert dry.replace(" (dry run: nothing was written)", "") == real


def test_only_columns(utf8_site, import_dedecms):
    import_dedecms(utf8_site, "--only-columns")
    assert Category.objects.count() == 6
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("postgres://localhost/x", "is not a database URL"),
        ("mysql://root@127.0.0.1:1/dede", "cannot connect"),
    ],
)
def test_bad_database_urls_say_why(url, message, db):
    from io import StringIO

    from django.core.management import call_command

    with pytest.raises(CommandError, match=message):
        call_command("import_dedecms", url, stdout=StringIO())


def test_a_site_root_without_uploads_says_so(utf8_site, import_dedecms, tmp_path):
    with pytest.raises(CommandError, match="no uploads/ folder"):
        import_dedecms(utf8_site, f"--site-root={tmp_path}")


def test_a_wrong_prefix_says_so(utf8_site, import_dedecms):
    with pytest.raises(CommandError, match=r"no table cms_arctype .*--prefix"):
        import_dedecms(utf8_site, "--prefix=cms_")


def test_queries_do_not_grow_with_the_number_of_articles(utf8_site, editable_site, import_dedecms):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .sites import article

    for n in range(40):
        editable_site.add_article(article(200 + n, 2, f"批量文章 {n}"))
    counts = []
    for site in (utf8_site, editable_site):
        Article.objects.all().delete()
        Category.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            import_dedecms(site)
        counts.append(len(queries))
    assert Article.objects.count() == 46
    # 40 more articles, no more queries (but for SQLite splitting a long INSERT in two: it
    # takes at most 999 parameters a statement).
    assert counts[1] - counts[0] <= 1


def test_rows_that_cannot_be_imported_are_listed_with_why(editable_site, import_dedecms):
    from .sites import article

    editable_site.add_article(article(130, 99, "栏目已删除"))
    editable_site.add_article(article(131, 2, ""))
    editable_site.execute(
        "INSERT INTO #@__arctype (id, reid, typename, typedir) VALUES (40, 39, '孤儿', 'a/x')"
    )
    output = import_dedecms(editable_site)

    assert "article 130: its column 99 is missing" in output
    assert "article 131: no title" in output
    assert "column 40: its parent column 39 is missing" in output
    assert not Article.objects.filter(legacy_id__in=[130, 131]).exists()
    with pytest.raises(CommandError, match="column 40: its parent column 39 is missing"):
        import_dedecms(editable_site, "--strict")


def test_articles_written_here_after_an_import_get_ids_of_their_own(utf8_site, import_dedecms):
    import_dedecms(utf8_site)  # on PostgreSQL by COPY, with ids taken from the sequence
    imported = set(Article.objects.values_list("pk", flat=True))

    article = Article.objects.create(
        title="本站新文章", column=Category.objects.get(legacy_id=1), body="<p>正文。</p>"
    )

    assert article.pk not in imported
    assert Article.objects.get(pk=article.pk).title == "本站新文章"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner statistics")
def test_on_sqlite_the_import_leaves_the_planner_statistics_of_the_site(utf8_site, import_dedecms):
    import_dedecms(utf8_site)
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1")
        analyzed = {table for (table,) in cursor.fetchall()}
    # Without them, tag pages and related articles walk every public article (config.sqlite3).
    assert {"news_article", "news_articlekeyword", "categories_category"} <= analyzed
