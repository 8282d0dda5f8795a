"""Findings of the security review: hostile text in feeds, bodies, imports, admin queries and
URL fields never becomes live markup, a page-view request or a 500."""

import json
import xml.etree.ElementTree as ET
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from news.models import Article
from news.sanitize import clean_html

from .helpers import article_form

# Feeds


def feed_descriptions(client, url):
    root = ET.fromstring(client.get(url).content)
    return [item.findtext("description") for item in root.iter("item")]


@pytest.mark.parametrize("url", ["/feed/", "/columns/industry-planning/feed/"])
def test_feed_description_carries_markup_written_as_text_as_text(
    client, demo_tree, make_article, url
):
    """A body that shows `<img src=x onerror=…>` as text on the site must not give a feed
    reader, which renders <description> as HTML, a live <img> or <script>."""
    make_article(
        demo_tree["industry-planning"],
        body="<p>&lt;img src=x onerror=alert(1)&gt; 与 &lt;script&gt;alert(2)&lt;/script&gt;</p>",
    )

    (description,) = feed_descriptions(client, url)

    # What a feed reader gets once the XML is parsed, i.e. the HTML it renders:
    assert "<img" not in description and "<script" not in description
    assert description.startswith("&lt;img src=x onerror=alert(1)&gt;")


# Bodies: an image may not load one of the site's own pages


@pytest.mark.parametrize(
    "src",
    [
        "/articles/3/",
        "https://localhost/articles/3/",
        "//127.0.0.1:8000/articles/3/",
        "/media/../articles/3/",
        "/media/%2e%2e/articles/3/",
        "../3/",
        "/search/?q=经济",
        "/articles/3",  # the site redirects it to /articles/3/
    ],
)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_image_pointing_at_a_page_of_the_site_loses_its_source(src, language):
    # In either language of the editor's admin: prefixes resolve by the language active.
    with translation.override(language):
        assert clean_html(f'<p>图</p><img src="{src}" alt="图">') == '<p>图</p><img alt="图">'
        english = src.replace("/articles/", "/en/articles/").replace("/search/", "/en/search/")
        assert clean_html(f'<img src="{english}" alt="图">') == '<img alt="图">'


@pytest.mark.parametrize(
    "src",
    [
        "/media/uploads/2026/01/a.png",
        "/static/img/logo.png",
        "https://example.com/a.jpg",
        "/uploads/allimg/old.jpg",  # no page there: an imported image that was not copied
    ],
)
def test_images_from_media_static_or_other_sites_are_kept(src):
    assert clean_html(f'<img src="{src}" alt="图">') == f'<img src="{src}" alt="图">'


def test_article_embedding_another_article_as_image_does_not_count_its_views(
    client, demo_tree, make_article
):
    target = make_article(demo_tree["industry-planning"])
    embedding = make_article(
        demo_tree["industry-planning"], body=f'<p>正文</p><img src="/articles/{target.pk}/">'
    )

    page = client.get(embedding.get_absolute_url()).content.decode()

    assert f'src="/articles/{target.pk}/"' not in page


# import_articles


def import_file(tmp_path, *lines, skip_bad=False):
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out, err = StringIO(), StringIO()
    args = [str(path), "--skip-bad"] if skip_bad else [str(path)]
    try:
        call_command("import_articles", *args, stdout=out, stderr=err)
    except CommandError as error:
        return path, out.getvalue(), err.getvalue(), error
    return path, out.getvalue(), err.getvalue(), None


def article_line(**fields):
    data = {"title": "园区动态", "column": "industry-planning", "body": "<p>正文</p>"}
    data.update(fields)
    return json.dumps(data)  # ASCII: "\ud800" stays an escape, as a hostile file would have it


BAD_LINES = {
    "lone-surrogate-in-title": (article_line(title="标题\ud800"), "surrogate"),
    "lone-surrogate-in-body": (article_line(body="<p>\udfff</p>"), "surrogate"),
    "offset-plus-20": (article_line(published_at="2024-01-05T10:00:00+20:00"), "UTC offset"),
    "offset-minus-13": (article_line(published_at="2024-01-05T10:00:00-13:00"), "UTC offset"),
    "deeply-nested": ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
}


@pytest.mark.parametrize("case", BAD_LINES.values(), ids=BAD_LINES.keys())
def test_hostile_import_line_is_reported_as_file_line_reason(demo_tree, tmp_path, case):
    bad, reason = case

    path, _, err, error = import_file(tmp_path, article_line(title="好的一篇"), bad)

    assert error is not None
    assert f"{path}:2: " in err and reason in err
    assert not Article.objects.exists()


def test_skip_bad_imports_around_every_hostile_line(demo_tree, tmp_path):
    lines = [article_line(title="第一篇")]
    lines += [bad for bad, _ in BAD_LINES.values()]
    lines += [article_line(title="最后一篇")]

    path, out, err, error = import_file(tmp_path, *lines, skip_bad=True)

    assert error is None
    assert sorted(Article.objects.values_list("title", flat=True)) == ["最后一篇", "第一篇"]
    assert [f"{path}:{n}:" in err for n in range(2, 2 + len(BAD_LINES))] == [True] * len(BAD_LINES)
    assert f"bad {len(BAD_LINES)}" in out


def test_offsets_of_real_time_zones_are_accepted(demo_tree, tmp_path):
    import_file(
        tmp_path,
        article_line(title="基里巴斯", published_at="2024-01-05T10:00:00+14:00"),
        article_line(title="贝克岛", published_at="2024-01-05T10:00:00-12:00"),
    )

    assert Article.objects.count() == 2


# Admin query parameters


@pytest.mark.parametrize(
    "query",
    [
        "status__exact=%00",
        "q=%E7%BB%8F%00",
        "o=%00",
        "column__id__exact=1%00",
        "published_at__gte=%00",
        "%00=1",
    ],
)
def test_nul_in_admin_query_parameters_goes_back_to_the_unfiltered_list(
    admin_client, demo_tree, make_article, query
):
    make_article(demo_tree["industry-planning"], title="可见的文章")

    response = admin_client.get(f"/admin/news/article/?{query}", follow=True)

    assert response.status_code == 200
    assert response.redirect_chain == [("/admin/news/article/?e=1", 302)]
    assert "可见的文章" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "published_at__year=9999",  # the drill-down's next year is 10000
        "published_at__year=9999&published_at__month=12",
        "published_at__year=1&published_at__month=1&published_at__day=1",
        "published_at__gte=0001-01-01T00:00:00%2B08:00",  # before year 1 in UTC
    ],
)
def test_dates_no_article_can_have_go_back_to_the_unfiltered_list(
    admin_client, demo_tree, make_article, query
):
    make_article(demo_tree["industry-planning"], title="可见的文章")

    response = admin_client.get(f"/admin/news/article/?{query}", follow=True)

    # The list: unfiltered where the database cannot take the date, else filtered to nothing.
    assert response.status_code == 200 and "cl" in response.context
    if response.redirect_chain:
        assert response.redirect_chain == [("/admin/news/article/?e=1", 302)]
        assert "可见的文章" in response.content.decode()


@pytest.mark.parametrize(
    ("admin_list", "query"),
    [
        ("news/article", "title__regex=("),
        ("news/article", "title__iregex=%5Cx"),
        ("news/article", "source__regex=a"),
        ("categories/category", "name__regex=("),
        ("sitesettings/friendlylink", "name__iregex=%5Cx"),
    ],
)
def test_pattern_lookups_in_the_admin_lists_are_refused(admin_client, demo_tree, admin_list, query):
    assert admin_client.get(f"/admin/{admin_list}/?{query}").status_code == 400
    assert admin_client.get(f"/admin/{admin_list}/").status_code == 200


# source_url


@pytest.mark.parametrize("character", ["\x01", "\x08", "\x1b", "\x7f"])
def test_control_characters_in_source_url_are_refused(demo_tree, character):
    article = Article(
        title="标题",
        column=demo_tree["industry-planning"],
        body="<p>正文</p>",
        source_url=f"https://www.ce.cn/a{character}b",
    )

    with pytest.raises(ValidationError) as error:
        article.full_clean()

    assert "source_url" in error.value.message_dict


def test_admin_form_refuses_control_characters_in_source_url(editor_client, demo_tree):
    response = editor_client.post(
        "/admin/news/article/add/",
        article_form(demo_tree["industry-planning"], source_url="https://www.ce.cn/a\x1bb"),
    )

    assert response.status_code == 200
    assert "source_url" in response.context["adminform"].form.errors
    assert not Article.objects.exists()
