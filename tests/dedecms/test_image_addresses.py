"""Every way DedeCMS's bodies name an image of the old site: each copied and rewritten."""

import re
import shutil

from news.models import Article
from uploads.storage import media_url_prefix

from ..buckets import readable
from .conftest import image_bytes
from .sites import article

BODY = (
    "<p><img src=/uploads/allimg/230105/chart.png alt=图表></p>"
    '<p><img src="/uploads/allimg/230105/a%20b.jpg"></p>'
    "<p><img src='/uploads/allimg/230105/cover.jpg?v=2'></p>"
    '<p><img src="http://www.example.com/uploads/allimg/230105/old.jpg"></p>'
    '<p><img src="https://EXAMPLE.com/uploads/allimg/230105/old.png#top"></p>'
    '<p><img src="//www.example.com/uploads/allimg/230105/chart.png"></p>'
    '<p><img src="http://elsewhere.org/uploads/allimg/230105/chart.png"></p>'
)


def sources(legacy_id):
    return re.findall(r'<img [^>]*src="([^"]+)"', Article.objects.get(legacy_id=legacy_id).body)


def test_unquoted_encoded_queried_and_absolute_images_are_copied(
    editable_site, site_root, import_dedecms, media_storage
):
    folder = site_root / "uploads" / "allimg" / "230105"
    (folder / "a b.jpg").write_bytes(image_bytes("JPEG"))
    (folder / "old.jpg").write_bytes(image_bytes("JPEG"))
    (folder / "old.png").write_bytes(image_bytes("PNG"))
    editable_site.add_article(
        article(
            180, 1, "各种图片地址", body=BODY,
            litpic="http://www.example.com/uploads/allimg/230105/cover.jpg",
        )
    )  # fmt: skip
    output = import_dedecms(
        editable_site,
        f"--site-root={site_root}",
        "--old-domain=www.example.com",
        "--old-domain=example.com",
    )

    found = sources(180)
    assert len(found) == 7
    copied, elsewhere = found[:6], found[6]
    assert all(src.startswith(f"{media_url_prefix()}uploads/") for src in copied)
    assert all(readable(src) for src in copied)  # from the bucket, when media are there
    assert copied[0] == copied[5]  # the same file, relative or absolute: one copy
    assert elsewhere == "http://elsewhere.org/uploads/allimg/230105/chart.png"
    assert Article.objects.get(legacy_id=180).cover
    assert "article 180" not in output


def test_without_the_old_domain_absolute_images_stay_where_they_are(
    editable_site, site_root, import_dedecms
):
    editable_site.add_article(article(180, 1, "各种图片地址", body=BODY))
    import_dedecms(editable_site, f"--site-root={site_root}")

    assert sources(180)[3] == "http://www.example.com/uploads/allimg/230105/old.jpg"


def test_symbolic_links_are_followed_inside_the_site_root_only(
    utf8_site, site_root, import_dedecms, settings, tmp_path
):
    # uploads/ moved to another folder of the site, a link left in its place.
    shutil.move(site_root / "uploads", site_root / "data")
    (site_root / "uploads").symlink_to(site_root / "data")
    import_dedecms(utf8_site, f"--site-root={site_root}")
    assert sources(101)[0].startswith(f"{settings.MEDIA_URL}uploads/")

    # A link that leads out of the site's root is refused.
    Article.objects.all().delete()
    outside = tmp_path / "outside"
    shutil.move(site_root / "data", outside)
    (site_root / "uploads").unlink()
    (site_root / "uploads").symlink_to(outside)
    output = import_dedecms(utf8_site, f"--site-root={site_root}")
    assert "article 101: /uploads/allimg/230105/chart.png: a link to outside the site's root" in (
        output
    )
