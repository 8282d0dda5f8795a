"""Servers and DedeCMS versions: MariaDB 11's collations, DedeCMS 5.0/5.1's schema."""

import pytest
from django.core.management import CommandError

from news.models import Article

from .sites import ARTICLES, TABLES_51, TABLES_57, UTF8_ONLY, article, create_site


def test_tables_in_mariadb_11s_default_collation_are_read(mariadb, import_dedecms):
    # MariaDB 11's default for utf8mb4 (also on 10.10+ when asked for).
    site = create_site(
        mariadb,
        "dede_uca1400",
        charset="utf8mb4",
        collation="utf8mb4_uca1400_ai_ci",
        tables=TABLES_57,
        articles=ARTICLES + UTF8_ONLY,
    )
    import_dedecms(site)

    assert Article.objects.get(legacy_id=109).title == "朱镕基与𠮷野家"
    assert Article.objects.count() == 6


def article_51(aid, typeid, title, iscommend=0):
    row = article(aid, typeid, title, iscommend=iscommend)
    del row["flag"]
    return row


def test_dedecms_51_articles_come_with_iscommend_as_recommended(mariadb, import_dedecms):
    site = create_site(
        mariadb,
        "dede_51",
        charset="gbk",
        tables=TABLES_51,
        articles=[article_51(161, 1, "推荐的文章", iscommend=11), article_51(162, 3, "普通文章")],
    )
    output = import_dedecms(site)

    assert dict(Article.objects.values_list("legacy_id", "is_recommended")) == {
        161: True,
        162: False,
    }
    assert Article.objects.get(legacy_id=162).column.name == "政策解读"
    assert "articles by status: published 2" in output


def test_a_schema_of_no_known_version_is_refused_in_one_line(mariadb, import_dedecms):
    site = create_site(
        mariadb,
        "dede_unknown",
        charset="gbk",
        tables=TABLES_51.replace("  `iscommend` smallint(6) NOT NULL default '0',\n", ""),
        articles=[],
    )
    with pytest.raises(CommandError) as failure:
        import_dedecms(site)
    message = str(failure.value)
    assert "\n" not in message
    assert "neither flag (DedeCMS 5.3 and later) nor iscommend (DedeCMS 5.0, 5.1)" in message


def test_a_table_missing_a_column_the_import_reads_is_refused_in_one_line(mariadb, import_dedecms):
    site = create_site(mariadb, "dede_no_ishidden", charset="gbk", tables=TABLES_51, articles=[])
    site.execute("ALTER TABLE #@__arctype DROP COLUMN ishidden")
    with pytest.raises(CommandError) as failure:
        import_dedecms(site)
    assert str(failure.value) == (
        "dede_arctype has no ishidden: not a DedeCMS 5.x schema this command can read"
    )
