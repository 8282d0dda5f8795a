"""DedeCMS's image sets (图集) arrive as 图集 articles: their text as the body, their pictures
with captions, in order, in the article's image set (gallery), copied like every image; the
first picture is the cover when the set has none. A re-run brings DedeCMS's changes."""

from pathlib import Path

import pytest
from django.core.management.base import CommandError
from PIL import Image

from dedecms import picture_pool
from dedecms.models import ImportedImage
from dedecms.picture_pool import PicturePool
from gallery.models import Picture
from news.models import Article
from wording.models import SensitiveWord

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


def captions(article):
    return [(p.caption, p.position) for p in Picture.objects.filter(article=article)]


def test_an_image_set_is_an_article_of_its_text_and_its_pictures(
    editable_site, site_root, import_dedecms, client
):
    editable_site.add_article(image_set(200, "园区春色图集", body="<p>园区的春天。</p>"))
    output = import_dedecms(editable_site, f"--site-root={site_root}")

    imported = Article.objects.get(legacy_id=200)
    assert imported.body == "<p>园区的春天。</p>"  # the pictures are not in the body
    # DedeCMS's &amp; unescaped once; the caption is text.
    assert captions(imported) == [("图表&说明", 0), ("", 1)]
    pictures = list(Picture.objects.filter(article=imported))
    assert all(p.image.name.startswith("uploads/") and p.thumbnail for p in pictures)
    assert (pictures[0].width, pictures[0].height) == (640, 400)
    assert imported.cover  # the first picture, as DedeCMS has no litpic for it
    assert "of them image sets (图集), their pictures in galleries: 1" in output
    assert "channel 2" not in output
    page = client.get(imported.get_absolute_url()).content.decode()
    assert "图表&amp;说明</span></figcaption>" in page
    assert page.count("<figure>") == 2


def test_a_rerun_brings_the_sets_changes_and_nothing_twice(
    editable_site, site_root, import_dedecms
):
    editable_site.add_article(image_set(203, "再次导入的图集"))
    import_dedecms(editable_site, f"--site-root={site_root}")
    import_dedecms(editable_site, f"--site-root={site_root}")
    imported = Article.objects.get(legacy_id=203)
    assert captions(imported) == [("图表&说明", 0), ("", 1)]

    editable_site.execute(
        "UPDATE #@__addonimages SET imgurls = REPLACE(imgurls, %s, %s) WHERE aid = 203",
        ["text='图表&amp;说明'", "text='新的说明'"],
    )
    output = import_dedecms(editable_site, f"--site-root={site_root}")

    assert captions(imported) == [("新的说明", 0), ("", 1)]
    assert "updated" in output
    assert Picture.objects.filter(article=imported).count() == 2


def test_without_the_site_root_the_pictures_are_reported(editable_site, import_dedecms):
    editable_site.add_article(image_set(204, "没有站点目录的图集"))
    output = import_dedecms(editable_site)

    assert not Picture.objects.filter(article__legacy_id=204).exists()
    assert "article 204: 2 picture(s) not imported (no --site-root)" in output


def test_image_sets_of_dedecms_56_have_their_pictures_alone(mariadb, site_root, import_dedecms):
    site = create_site(
        mariadb,
        "dede_56_sets",
        charset="gbk",
        tables=TABLES_56,
        articles=[image_set(201, "镕城风光")],
    )
    import_dedecms(site, f"--site-root={site_root}")

    imported = Article.objects.get(legacy_id=201)
    assert imported.title == "镕城风光"
    assert captions(imported) == [("图表&说明", 0), ("", 1)]


def test_an_image_set_without_its_pictures_row_is_noted(editable_site, import_dedecms):
    editable_site.add_article(image_set(202, "缺图的图集"))
    editable_site.execute("DELETE FROM #@__addonimages WHERE aid = 202")
    output = import_dedecms(editable_site)

    assert "article 202: no addonimages row (its body): imported with an empty body" in output


def test_a_listed_word_in_a_caption_holds_the_set_for_review(
    editable_site, site_root, import_dedecms
):
    SensitiveWord.objects.create(word="违禁词", level=SensitiveWord.Level.BLOCK)
    imgurls = IMGURLS.replace("text='图表&amp;说明'", "text='违禁词的说明'")
    editable_site.add_article(article(205, 1, "说明有问题的图集", channel=2, imgurls=imgurls))

    output = import_dedecms(editable_site, f"--site-root={site_root}")

    assert Article.objects.get(legacy_id=205).status == Article.Status.PENDING
    assert "article 205: sensitive words '违禁词': held for review" in output


def test_a_run_that_fails_after_copying_a_sets_pictures_leaves_no_file_and_no_row(
    editable_site, site_root, import_dedecms, settings
):
    editable_site.add_article(image_set(207, "失败前复制的图集"))
    editable_site.add_article(article(208, 1, ""))  # no title: corrupt, and --strict stops

    with pytest.raises(CommandError, match="article 208: no title"):
        import_dedecms(editable_site, f"--site-root={site_root}", "--strict")

    media = Path(settings.MEDIA_ROOT)
    assert [p for p in media.rglob("*") if p.is_file()] == []
    assert not ImportedImage.objects.exists()


def test_a_pictures_files_removed_from_media_are_copied_again_when_its_set_changes(
    editable_site, site_root, import_dedecms, settings
):
    editable_site.add_article(image_set(209, "文件被删的图集"))
    import_dedecms(editable_site, f"--site-root={site_root}")
    first = Picture.objects.filter(article__legacy_id=209).first()
    Path(settings.MEDIA_ROOT, first.image.name).unlink()
    Path(settings.MEDIA_ROOT, first.thumbnail.name).unlink()
    editable_site.execute("UPDATE #@__archives SET title = '改了标题的图集' WHERE id = 209")

    import_dedecms(editable_site, f"--site-root={site_root}")

    again = Picture.objects.filter(article__legacy_id=209).first()
    assert again.image.name != first.image.name
    for name in (again.image.name, again.thumbnail.name):
        with Image.open(Path(settings.MEDIA_ROOT, name)) as stored:
            assert stored.size == ((640, 400) if name == again.image.name else (480, 300))
    row = ImportedImage.objects.get(source="uploads/allimg/230105/chart.png")
    assert (row.name, row.thumbnail) == (again.image.name, again.thumbnail.name)


def test_pictures_checked_ahead_by_worker_processes_are_imported_as_without_them(
    editable_site, site_root, import_dedecms, settings, monkeypatch
):
    (site_root / "uploads" / "allimg" / "230105" / "fake.jpg").write_text("<?php ?>")
    broken = IMGURLS + "\r\n{dede:img text='坏的'} /uploads/allimg/230105/fake.jpg {/dede:img}"
    editable_site.add_article(article(210, 1, "检查在前的图集", channel=2, imgurls=broken))
    inline = import_dedecms(editable_site, f"--site-root={site_root}", "--dry-run")
    taken = []
    take = PicturePool.take
    monkeypatch.setattr(picture_pool, "WORTH_STARTING", 1)
    monkeypatch.setattr(PicturePool, "take", lambda *a: taken.append(take(*a)) or taken[-1])

    ahead = import_dedecms(editable_site, f"--site-root={site_root}")

    assert ahead == inline.replace(" (dry run: nothing was written)", "")
    assert "fake.jpg: The file is not an image, or it is damaged." in ahead
    # Checked ahead: chart.png (the set's cover, then its first picture) and fake.jpg;
    # cover.jpg was copied before, for an earlier article of the site.
    assert all(taken) and len(taken) == 2
    pictures = Picture.objects.filter(article__legacy_id=210)
    assert [p.caption for p in pictures] == ["图表&说明", ""]
    for picture in pictures:
        with Image.open(Path(settings.MEDIA_ROOT, picture.thumbnail.name)) as thumbnail:
            assert thumbnail.size == (480, 300)
