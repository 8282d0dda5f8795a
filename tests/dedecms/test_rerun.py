"""Running the import again: nothing changes unless DedeCMS did, and no hit is lost."""

import re
from pathlib import Path

from PIL import Image

from categories.models import Category
from news.models import Article
from tests.helpers import tree_is_valid

from .conftest import image_bytes
from .sites import article
from .test_import import outline, snapshot


def by_legacy_id(model):
    return {row["legacy_id"]: row for row in model.objects.values()}


def test_a_second_run_changes_nothing(utf8_site, site_root, import_dedecms, settings):
    import_dedecms(utf8_site, f"--site-root={site_root}")
    before = snapshot(settings)

    output = import_dedecms(utf8_site, f"--site-root={site_root}")

    assert snapshot(settings) == before
    assert re.search(r"^columns +0 +0 +6$", output, re.M)
    assert re.search(r"^articles +0 +0 +6$", output, re.M)
    # Article 105's two images were tried again, and are listed apart from new problems.
    assert "images missing or not images" not in output
    assert "images still missing since the last run: 2" in output
    assert "  article 105: /uploads/allimg/missing.jpg: no such file" in output


def test_a_run_after_edits_applies_exactly_those_edits(editable_site, import_dedecms, client):
    import_dedecms(editable_site)
    pinned = Article.objects.get(legacy_id=105)
    for _ in range(2):  # readers of the new site, while the old one still runs
        client.get(pinned.get_absolute_url())
    articles, columns = by_legacy_id(Article), by_legacy_id(Category)

    editable_site.execute("UPDATE #@__archives SET title = %s WHERE id = 101", ["新标题"])
    editable_site.execute("UPDATE #@__archives SET click = click + 5 WHERE id = 105")
    editable_site.execute("UPDATE #@__archives SET click = 0 WHERE id = 106")
    editable_site.execute("UPDATE #@__arctype SET typename = %s WHERE id = 4", ["园区建设"])
    editable_site.execute("UPDATE #@__arctype SET sortrank = 9 WHERE id = 3")
    editable_site.add_article(article(120, 2, "新增的文章", click=2))
    output = import_dedecms(editable_site)

    after = by_legacy_id(Article)
    assert after.keys() - articles.keys() == {120}
    assert after[120]["title"] == "新增的文章"
    changed = {
        legacy_id: {k for k, v in row.items() if after[legacy_id][k] != v}
        for legacy_id, row in articles.items()
    }
    assert changed == {
        101: {"title", "search_grams", "updated_at", "version"},
        102: set(),
        104: set(),
        105: {"view_count", "updated_at", "version"},
        106: {"updated_at", "version"},  # its count went down in DedeCMS: ours stays
        109: set(),
    }
    assert list(Article.objects.search(["新标题"]).values_list("legacy_id", flat=True)) == [101]
    assert after[105]["view_count"] == 55 + 2 + 5  # DedeCMS's, ours since, DedeCMS's since
    assert after[106]["view_count"] == 1  # a count is never lowered

    assert re.search(r"^columns +0 +2 +4$", output, re.M)
    assert re.search(r"^articles +1 +3 +3$", output, re.M)
    assert [row[0] for row in outline()] == [
        "新闻中心",
        "  产业规划",
        "    园区建设",
        "  政策解读",
        "政策汇编",
        "内部资料",
    ]
    renamed = by_legacy_id(Category)[4]
    # lft/rght: its parent moved after 政策解读, and it with it.
    assert {k for k, v in columns[4].items() if renamed[k] != v} == {
        "name",
        "updated_at",
        "version",
        "lft",
        "rght",
    }
    assert tree_is_valid(Category.objects.all())


def image_sources(body):
    return re.findall(r'<img src="([^"]+)"', body)


def test_images_missing_at_one_run_arrive_at_the_next(
    utf8_site, site_root, import_dedecms, settings, client
):
    uploads = site_root / "uploads" / "allimg"
    (uploads / "230105" / "cover.jpg").unlink()
    first = import_dedecms(utf8_site, f"--site-root={site_root}")

    assert "images missing or not images: 3" in first
    assert "  article 101: cover /uploads/allimg/230105/cover.jpg: no such file" in first
    assert "  article 105: /uploads/allimg/fake.jpg: The file is not an image" in first
    article = Article.objects.get(legacy_id=105)
    # Meanwhile an image keeps its old address: the old file where the old uploads/ folder
    # is still served, and nothing here (no page of this site, no file of another's name).
    assert image_sources(article.body) == [
        "/uploads/allimg/missing.jpg",
        "/uploads/allimg/fake.jpg",
    ]
    assert client.get("/uploads/allimg/missing.jpg").status_code == 404
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    assert 'src="/uploads/allimg/missing.jpg"' in page.content.decode()
    assert not Article.objects.get(legacy_id=101).cover
    # An editor's change made here in the meantime.
    article.body += "<p>本站补充的说明。</p>"
    article.save()

    (uploads / "230105" / "cover.jpg").write_bytes(image_bytes("JPEG"))
    (uploads / "missing.jpg").write_bytes(image_bytes("JPEG"))
    (uploads / "fake.jpg").write_bytes(image_bytes("JPEG"))
    before = by_legacy_id(Article)
    second = import_dedecms(utf8_site, f"--site-root={site_root}")

    assert "images copied: 3" in second
    assert "missing" not in second
    assert re.search(r"^articles +0 +2 +4$", second, re.M)
    after = by_legacy_id(Article)
    changed = {
        legacy_id: {k for k, v in row.items() if after[legacy_id][k] != v}
        for legacy_id, row in before.items()
    }
    assert changed == {
        101: {"cover", "cover_thumbnail", "cover_width", "cover_height", "updated_at", "version"},
        102: set(),
        104: set(),
        105: {"body", "updated_at", "version"},
        106: set(),
        109: set(),
    }
    with Image.open(Path(settings.MEDIA_ROOT) / after[101]["cover"]) as cover:
        assert (after[101]["cover_width"], after[101]["cover_height"]) == cover.size
    body = after[105]["body"]
    assert "本站补充的说明。" in body  # the edit made here stays
    sources = image_sources(body)
    assert len(sources) == 2
    for src in sources:
        assert src.startswith(f"{settings.MEDIA_URL}uploads/")
        with Image.open(Path(settings.MEDIA_ROOT) / src.removeprefix(settings.MEDIA_URL)) as image:
            assert image.format == "JPEG"
    cover = Article.objects.get(legacy_id=101)
    with Image.open(cover.cover_thumbnail.path) as thumbnail:
        assert thumbnail.size == (480, 300)

    # Nothing is missing any more: the next run has nothing to retry.
    third = import_dedecms(utf8_site, f"--site-root={site_root}")
    assert re.search(r"^articles +0 +0 +6$", third, re.M)
    assert by_legacy_id(Article) == after
