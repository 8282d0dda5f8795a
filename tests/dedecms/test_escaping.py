"""DedeCMS's one-line text arrives as its writers typed it, escaped once by the page only."""

from news.models import Article

from .sites import article


def test_text_fields_are_unescaped_once_and_bodies_stay_html(editable_site, import_dedecms, client):
    # As article_add.php stores them: through htmlspecialchars; ＂ is DedeCMS's own.
    editable_site.add_article(
        article(
            140, 1, "中美贸易&amp;投资报告 &lt;2023&gt;",
            writer="O&#039;Brien", source="新华社&amp;路透", keywords="贸易&amp;投资",
            description="&quot;开放&quot;与＂合作＂", body="<p>R&amp;D 投入 &lt;5%</p>",
        )
    )  # fmt: skip
    editable_site.add_article(article(141, 1, "写作 &amp;amp; 的用法"))
    import_dedecms(editable_site)

    imported = Article.objects.get(legacy_id=140)
    assert imported.title == "中美贸易&投资报告 <2023>"
    assert (imported.author, imported.source, imported.keywords) == (
        "O'Brien",
        "新华社&路透",
        "贸易&投资",
    )
    assert imported.summary == '"开放"与＂合作＂'
    assert imported.body == "<p>R&amp;D 投入 &lt;5%</p>"
    # What a writer typed as "&amp;" is shown as "&amp;".
    assert Article.objects.get(legacy_id=141).title == "写作 &amp; 的用法"

    page = client.get(imported.get_absolute_url()).content.decode()
    assert "<title>中美贸易&amp;投资报告 &lt;2023&gt; - " in page
    assert ">中美贸易&amp;投资报告 &lt;2023&gt;</h1>" in page
    assert "中美贸易&amp;amp;" not in page
    assert "<p>R&amp;D 投入 &lt;5%</p>" in page
