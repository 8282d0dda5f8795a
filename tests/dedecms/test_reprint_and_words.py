"""DedeCMS's short titles come over; an article holding a listed sensitive word waits for
review here rather than going public, and the report says so."""

from news.models import Article
from wording.models import SensitiveWord

from .sites import article


def test_the_short_title_comes_over(editable_site, import_dedecms):
    notice = article(150, 1, "关于开展园区年度统计工作的通知", shorttitle="统计通知")
    editable_site.add_article(notice)
    import_dedecms(editable_site)
    assert Article.objects.get(legacy_id=150).short_title == "统计通知"


def test_a_listed_word_holds_a_published_article_for_review(editable_site, import_dedecms):
    SensitiveWord.objects.create(word="违禁词", level=SensitiveWord.Level.BLOCK)
    SensitiveWord.objects.create(word="敏感事件", level=SensitiveWord.Level.WARN)
    editable_site.add_article(article(151, 1, "含有违禁词的旧稿"))
    editable_site.add_article(article(152, 1, "一篇旧稿", body="<p>谈到敏感事件。</p>"))
    editable_site.add_article(article(153, 1, "待审旧稿中的违禁词", arcrank=-1))

    output = import_dedecms(editable_site)

    statuses = dict(
        Article.objects.filter(legacy_id__in=[151, 152, 153]).values_list("legacy_id", "status")
    )
    assert statuses == {151: "pending", 152: "pending", 153: "pending"}
    assert "article 151: sensitive words '违禁词': held for review" in output
    assert "article 152: sensitive words '敏感事件': held for review" in output
    assert "article 153: sensitive words '违禁词': to check in review" in output
    assert not Article.objects.published().filter(legacy_id__in=[151, 152]).exists()
