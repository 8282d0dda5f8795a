"""The Article model: derived fields, the public queryset, related/previous/next, covers."""

import re
from datetime import timedelta
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import F
from django.utils import timezone, translation
from PIL import ExifTags, Image

from news.models import Article
from news.text import plain_text

# --- summary -----------------------------------------------------------------------------


def test_blank_summary_is_the_plain_text_of_a_short_body(demo_tree, make_article):
    article = make_article(
        demo_tree["news"],
        body="<h2>研发&amp;创新</h2><p>六城<strong>携手</strong>&nbsp;共建</p><ul><li>都市圈</li></ul>",
    )
    assert article.summary == "研发&创新 六城携手 共建 都市圈"
    article.refresh_from_db()
    assert article.summary == "研发&创新 六城携手 共建 都市圈"


def test_blank_summary_of_a_long_body_is_cut_to_whole_characters(demo_tree, make_article):
    body = "<p>" + "研发&amp;创新<br>" * 40 + "</p>"  # 200+ characters of text, entities inside
    article = make_article(demo_tree["news"], body=body)
    summary = article.summary
    text = plain_text(article.body)
    assert len(text) > 130
    assert summary.endswith("…")
    assert len(summary) <= 121
    assert len(summary) >= 100  # the summary is not needlessly short
    assert text.startswith(summary[:-1])
    assert "<" not in summary and ">" not in summary
    assert "&amp" not in summary and ";" not in summary


def test_summary_does_not_depend_on_the_language_active_when_saved(demo_tree, make_article):
    body = "<p>" + "园区规划" * 60 + "</p>"
    summaries = set()
    for language in ("zh-hans", "en"):
        with translation.override(language):
            summaries.add(make_article(demo_tree["news"], body=body).summary)
    assert summaries == {"园区规划" * 29 + "园区规" + "…"}


def test_summary_has_no_markup_or_entities_left(demo_tree, make_article):
    article = make_article(
        demo_tree["news"],
        body='<p>见<a href="https://example.com/">链接</a>&quot;引文&quot; &lt;标签&gt;</p>',
    )
    assert article.summary == '见链接"引文" <标签>'


def test_a_given_summary_is_kept(demo_tree, make_article):
    article = make_article(demo_tree["news"], summary="  编辑写的摘要  ", body="<p>正文内容</p>")
    article.refresh_from_db()
    assert article.summary == "编辑写的摘要"


def test_summary_is_derived_again_when_cleared(demo_tree, make_article):
    article = make_article(demo_tree["news"], summary="旧摘要", body="<p>正文内容</p>")
    article.summary = ""
    article.save()
    article.refresh_from_db()
    assert article.summary == "正文内容"


# --- keywords ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("a，b、c, a", "a,b,c"),
        ("产业集群；都市圈;数字经济,,", "产业集群,都市圈,数字经济"),
        ("", ""),
    ],
)
def test_keywords_are_normalized(demo_tree, make_article, given, stored):
    article = make_article(demo_tree["news"], keywords=given)
    article.refresh_from_db()
    assert article.keywords == stored


# --- published() -------------------------------------------------------------------------


def test_published_excludes_drafts_and_future_articles(demo_tree, make_article):
    column = demo_tree["news"]
    now = timezone.now()
    public = make_article(column, published_at=now - timedelta(days=1))
    make_article(column, status=Article.Status.DRAFT, published_at=now - timedelta(days=1))
    make_article(column, published_at=now + timedelta(hours=1))
    make_article(column, status=Article.Status.DRAFT, published_at=now + timedelta(hours=1))
    assert list(Article.objects.published()) == [public]


def test_a_scheduled_article_becomes_public_when_its_time_comes(demo_tree, make_article):
    article = make_article(demo_tree["news"], published_at=timezone.now() + timedelta(days=1))
    assert not Article.objects.published().filter(pk=article.pk).exists()
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert Article.objects.published().filter(pk=article.pk).exists()


# --- in_column ---------------------------------------------------------------------------


def test_in_column_includes_descendants_and_nothing_else(demo_tree, make_article):
    data = make_article(demo_tree["data-elements"])  # 专题专栏 > 数字经济 > 数据要素
    digital = make_article(demo_tree["digital-economy"])
    rural = make_article(demo_tree["rural-revitalization"])
    make_article(demo_tree["industry-planning"])  # 新闻中心 > 产业规划

    def titles(slug):
        return set(Article.objects.in_column(demo_tree[slug]).values_list("title", flat=True))

    assert titles("topics") == {data.title, digital.title, rural.title}
    assert titles("digital-economy") == {data.title, digital.title}
    assert titles("data-elements") == {data.title}
    assert titles("rural-revitalization") == {rural.title}
    assert data.title not in titles("news")


# --- article_links: related articles ----------------------------------------------------


def related(article, limit=8):
    return Article.objects.published().article_links(article, limit)[2]


def neighbours(article):
    """(previous, next) as the article page reads them."""
    return Article.objects.published().article_links(article)[:2]


def test_related_shares_keyword_first_then_same_column(demo_tree, make_article):
    planning, policy = demo_tree["industry-planning"], demo_tree["policy-interpretation"]
    now = timezone.now()
    article = make_article(
        planning, keywords="产业集群,都市圈", published_at=now - timedelta(days=5)
    )
    same_column_new = make_article(planning, keywords="", published_at=now - timedelta(days=1))
    sharing_old = make_article(
        policy, keywords="都市圈,人才", published_at=now - timedelta(days=30)
    )
    sharing_new = make_article(policy, keywords="产业集群", published_at=now - timedelta(days=10))
    make_article(policy, keywords="", published_at=now - timedelta(days=2))  # unrelated
    make_article(
        policy, keywords="都市圈规划", published_at=now - timedelta(days=3)
    )  # substring only
    make_article(planning, keywords="都市圈", status=Article.Status.DRAFT)
    make_article(planning, keywords="都市圈", published_at=now + timedelta(days=1))

    found = related(article)

    assert found == [sharing_new, sharing_old, same_column_new]
    assert article not in found


def test_related_without_keywords_is_the_same_column(demo_tree, make_article):
    planning = demo_tree["industry-planning"]
    article = make_article(planning, keywords="")
    other = make_article(planning, keywords="园区")
    make_article(demo_tree["policy-interpretation"], keywords="")
    assert related(article) == [other]


def test_related_lists_a_sharing_article_of_the_column_once_and_among_the_sharing(
    demo_tree, make_article
):
    planning = demo_tree["industry-planning"]
    now = timezone.now()
    article = make_article(planning, keywords="园区", published_at=now - timedelta(days=9))
    column_only = make_article(planning, keywords="", published_at=now - timedelta(days=1))
    sharing_in_column = make_article(
        planning, keywords="园区", published_at=now - timedelta(days=5)
    )
    assert related(article) == [
        sharing_in_column,
        column_only,
    ]


def test_related_fills_the_limit_with_the_newest_sharing(demo_tree, make_article):
    planning, policy = demo_tree["industry-planning"], demo_tree["policy-interpretation"]
    now = timezone.now()
    article = make_article(planning, keywords="园区", published_at=now - timedelta(days=2))
    make_article(planning, keywords="", published_at=now - timedelta(days=1))
    newest, newer = (
        make_article(policy, keywords="园区", published_at=now - timedelta(days=days))
        for days in (3, 4)
    )
    make_article(planning, keywords="园区", published_at=now - timedelta(days=5))
    assert related(article, limit=2) == [newest, newer]


# --- before / after ----------------------------------------------------------------------


def test_before_and_after_stay_within_the_column_in_date_order(demo_tree, make_article):
    planning = demo_tree["industry-planning"]
    now = timezone.now()
    oldest = make_article(planning, published_at=now - timedelta(days=30))
    older = make_article(planning, published_at=now - timedelta(days=20))
    middle = make_article(planning, published_at=now - timedelta(days=10))
    newer = make_article(planning, published_at=now - timedelta(days=5))
    make_article(demo_tree["policy-interpretation"], published_at=now - timedelta(days=15))
    make_article(planning, status=Article.Status.DRAFT, published_at=now - timedelta(days=8))
    make_article(planning, published_at=now + timedelta(days=1))  # scheduled

    public = Article.objects.published()
    assert list(public.before(middle)) == [older, oldest]
    assert list(public.after(middle)) == [newer]
    assert not public.before(oldest).exists()
    assert not public.after(newer).exists()
    assert neighbours(middle) == (older, newer)
    assert neighbours(oldest) == (None, older)
    assert neighbours(newer) == (middle, None)


def test_before_and_after_break_ties_on_the_same_date(demo_tree, make_article):
    planning = demo_tree["industry-planning"]
    moment = timezone.now() - timedelta(days=1)
    first, second, third = (make_article(planning, published_at=moment) for _ in range(3))
    public = Article.objects.published()
    assert public.before(second).first() == first
    assert public.after(second).first() == third
    assert list(public.after(first)) == [second, third]
    assert neighbours(second) == (first, third)


# --- view count --------------------------------------------------------------------------


def test_saving_does_not_overwrite_hits_counted_meanwhile(demo_tree, make_article):
    article = make_article(demo_tree["news"], title="旧标题")
    stale = Article.objects.get(pk=article.pk)  # read before the hits, as an admin form does
    Article.objects.filter(pk=article.pk).update(view_count=F("view_count") + 7)
    stale.title = "新标题"
    stale.save()
    article.refresh_from_db()
    assert article.title == "新标题"
    assert article.view_count == 7


def test_an_imported_view_count_is_stored_on_creation(demo_tree, make_article):
    article = make_article(demo_tree["news"], view_count=18652)
    article.refresh_from_db()
    assert article.view_count == 18652


# --- cover -------------------------------------------------------------------------------


def image_bytes(image_format, size=(800, 600)):
    buffer = BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=image_format)
    return buffer.getvalue()


def test_cover_gets_a_480x300_jpeg_thumbnail(demo_tree, make_article):
    cover = SimpleUploadedFile("封面.jpg", image_bytes("JPEG"), content_type="image/jpeg")
    article = make_article(demo_tree["news"], cover=cover)
    article.refresh_from_db()
    assert article.cover_thumbnail.name
    with article.cover_thumbnail.open("rb"), Image.open(article.cover_thumbnail) as thumb:
        assert thumb.format == "JPEG"
        assert thumb.size == (480, 300)


def test_a_portrait_cover_is_cropped_to_the_same_thumbnail_size(demo_tree, make_article):
    cover = SimpleUploadedFile("tall.png", image_bytes("PNG", (300, 900)), content_type="image/png")
    article = make_article(demo_tree["news"], cover=cover)
    article.refresh_from_db()
    with article.cover_thumbnail.open("rb"), Image.open(article.cover_thumbnail) as thumb:
        assert (thumb.format, thumb.size) == ("JPEG", (480, 300))


@pytest.mark.parametrize(
    ("upload_name", "image_format", "extension"),
    [
        ("封面.jpg", "JPEG", "jpg"),
        ("photo.png", "JPEG", "jpg"),  # the name lies: the format decides
        ("evil.php", "PNG", "png"),
    ],
)
def test_cover_name_is_generated_with_the_detected_formats_extension(
    demo_tree, make_article, upload_name, image_format, extension
):
    cover = SimpleUploadedFile(upload_name, image_bytes(image_format))
    article = make_article(demo_tree["news"], cover=cover)
    article.refresh_from_db()
    assert re.fullmatch(rf"covers/\d{{4}}/\d{{2}}/[0-9a-f]{{32}}\.{extension}", article.cover.name)
    with article.cover.open("rb"), Image.open(article.cover) as stored:
        assert stored.format == image_format


def test_two_covers_with_the_same_upload_name_get_different_names(demo_tree, make_article):
    names = {
        make_article(
            demo_tree["news"], cover=SimpleUploadedFile("cover.jpg", image_bytes("JPEG"))
        ).cover.name
        for _ in range(2)
    }
    assert len(names) == 2


def test_the_covers_size_as_shown_is_kept_for_the_page(demo_tree, make_article):
    buffer = BytesIO()
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # stored landscape, shown a quarter turn: portrait
    Image.new("RGB", (300, 200)).save(buffer, format="JPEG", exif=exif)
    turned = make_article(demo_tree["news"], cover=SimpleUploadedFile("t.jpg", buffer.getvalue()))
    plain = make_article(
        demo_tree["news"], cover=SimpleUploadedFile("p.png", image_bytes("PNG", (640, 360)))
    )
    turned.refresh_from_db()
    plain.refresh_from_db()

    assert (turned.cover_width, turned.cover_height) == (200, 300)
    assert (plain.cover_width, plain.cover_height) == (640, 360)


def test_removing_the_cover_removes_the_thumbnail_reference(demo_tree, make_article):
    article = make_article(
        demo_tree["news"], cover=SimpleUploadedFile("c.jpg", image_bytes("JPEG"))
    )
    article.refresh_from_db()
    article.cover = ""
    article.save()
    article.refresh_from_db()
    assert not article.cover
    assert not article.cover_thumbnail
    assert (article.cover_width, article.cover_height) == (None, None)


def test_a_derived_summary_follows_body_edits_but_a_written_one_stays(demo_tree, make_article):
    derived = make_article(demo_tree["news"], body="<p>旧的正文内容</p>")
    written = make_article(demo_tree["news"], summary="编辑写的摘要", body="<p>旧的正文内容</p>")

    for article in (derived, written):
        article.body = "<p>新的正文内容</p>"
        article.save()

    assert Article.objects.get(pk=derived.pk).summary == "新的正文内容"
    assert Article.objects.get(pk=written.pk).summary == "编辑写的摘要"


def test_control_characters_leave_body_text_and_summary(demo_tree, make_article):
    article = make_article(demo_tree["news"], body="<p>正文\x01内容\x00</p>")

    assert article.body == "<p>正文内容</p>"
    assert article.body_text == "正文内容"
    assert article.summary == "正文内容"
