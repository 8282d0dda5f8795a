"""DedeCMS's image sets (图集) arrive as picture articles: their text, then their pictures
with captions, in order, copied like every image; the first picture is the cover when the
set has none."""

import re

from news.models import Article

from .sites import TABLES_56, article, create_site

IMGURLS = (
    "{dede:pagestyle maxwidth='800' pagepicnum='12' ddmaxwidth='200' row='3' col='4' value='2'/}"
    "\r\n{dede:img ddimg='/uploads/allimg/230105/chart-lp.png' text='图表&amp;说明' width='640'"
    " height='400'} /uploads/allimg/230105/chart.png {/dede:img}"
    "\r\n{dede:img ddimg='' text='' width='640' height='400'} /uploads/allimg/230105/cover.jpg"
    " {/dede:img}"
)


def image_set(aid, title, **fields):
    return article(aid, 1, title, channel=2, imgurls=IMGURLS, **fields)


def test_an_image_set_is_an_article_of_its_text_and_captioned_pictures(
    editable_site, site_root, import_dedecms, settings, client
):
    editable_site.add_article(image_set(200, "园区春色图集", body="<p>园区的春天。</p>"))
    output = import_dedecms(editable_site, f"--site-root={site_root}")

    imported = Article.objects.get(legacy_id=200)
    figures = re.findall(
        r'<figure><img src="([^"]+)" alt="([^"]*)">(?:<figcaption>(.*?)</figcaption>)?</figure>',
        imported.body,
    )
    assert imported.body.startswith("<p>园区的春天。</p><figure>")
    assert [(alt, caption) for _, alt, caption in figures] == [
        ("图表&amp;说明", "图表&amp;说明"),  # DedeCMS's &amp; unescaped once, escaped as HTML
        ("", ""),
    ]
    assert all(src.startswith(f"{settings.MEDIA_URL}uploads/") for src, _, _ in figures)
    assert imported.cover  # the first picture, as DedeCMS has no litpic for it
    assert "of them image sets (图集), their pictures in the body: 1" in output
    assert "channel 2" not in output
    page = client.get(imported.get_absolute_url()).content.decode()
    assert "<figcaption>图表&amp;说明</figcaption>" in page


def test_image_sets_of_dedecms_56_have_their_pictures_alone(mariadb, import_dedecms):
    site = create_site(
        mariadb,
        "dede_56_sets",
        charset="gbk",
        tables=TABLES_56,
        articles=[image_set(201, "镕城风光")],
    )
    import_dedecms(site)

    imported = Article.objects.get(legacy_id=201)
    assert imported.title == "镕城风光"
    assert imported.body.count("<figure>") == 2


def test_an_image_set_without_its_pictures_row_is_noted(editable_site, import_dedecms):
    editable_site.add_article(image_set(202, "缺图的图集"))
    editable_site.execute("DELETE FROM #@__addonimages WHERE aid = 202")
    output = import_dedecms(editable_site)

    assert "article 202: no addonimages row (its body): imported with an empty body" in output
