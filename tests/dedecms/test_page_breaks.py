"""DedeCMS's page breaks (#p#subtitle#e#) become subheadings of one page: no marker reaches
a reader."""

from news.models import Article

from .sites import article

BODY = (
    "<p>第一页的内容。</p><p>#p#第二部分：规划#e#</p><p>第二页的内容。</p>"
    "#p#分页标题#e#<p>第三页的内容。</p><p>#p# #e#</p><p>第四页。</p>"
)


def test_page_breaks_become_subheadings(editable_site, import_dedecms, client):
    editable_site.add_article(article(190, 1, "分页的文章", body=BODY))
    import_dedecms(editable_site)

    imported = Article.objects.get(legacy_id=190)
    assert imported.body == (
        "<p>第一页的内容。</p><h2>第二部分：规划</h2><p>第二页的内容。</p>"
        "<hr><p>第三页的内容。</p><hr><p>第四页。</p>"
    )
    page = client.get(imported.get_absolute_url()).content.decode()
    assert "#p#" not in page and "#e#" not in page
    assert "<h2>第二部分：规划</h2>" in page
    assert "#p#" not in imported.summary and "分页标题" not in imported.body_text
