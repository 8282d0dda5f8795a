"""Articles with nothing to show of their own: jump links, missing or empty bodies. Each is
in the report, never silently imported empty."""

from news.models import Article

from .sites import article

GOV = "https://www.gov.cn/zhengce/"


def test_jump_links_are_listed_not_imported(editable_site, import_dedecms):
    editable_site.add_article(article(170, 1, "国务院政策", flag="j", redirecturl=GOV, body=""))
    output = import_dedecms(editable_site)

    assert not Article.objects.filter(legacy_id=170).exists()
    assert f"article 170: a jump link to {GOV}" in output


def test_an_article_that_becomes_a_jump_link_is_withdrawn(editable_site, import_dedecms):
    import_dedecms(editable_site)
    editable_site.execute("UPDATE #@__archives SET flag = 'j' WHERE id = 109")
    editable_site.execute("UPDATE #@__addonarticle SET redirecturl = %s WHERE aid = 109", [GOV])
    output = import_dedecms(editable_site)

    assert Article.objects.get(legacy_id=109).status == "draft"
    assert f"  article 109: a jump link to {GOV}" in output


def test_missing_and_empty_bodies_are_noted(editable_site, import_dedecms):
    editable_site.add_article(article(171, 1, "正文丢失"))
    editable_site.execute("DELETE FROM #@__addonarticle WHERE aid = 171")
    editable_site.add_article(article(172, 1, "正文为空", body="  "))
    output = import_dedecms(editable_site)

    assert Article.objects.get(legacy_id=171).body == ""
    assert "article 171: no addonarticle row (its body): imported with an empty body" in output
    assert "article 172: its body is empty in DedeCMS" in output
