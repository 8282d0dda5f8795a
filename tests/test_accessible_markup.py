"""What the outside checkers (vnu, axe-core, Lighthouse) require of the markup, checked here
on every reader page: `make audit` runs the checkers themselves on the demo site."""

import re
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.timezone import localtime

from news.models import Article

# HTML's "valid global date and time string": at most three digits of fractional seconds.
HTML_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})"
)


class Outline(HTMLParser):
    """The parts of a page these tests read: times, headings, links and their names."""

    def __init__(self, markup):
        super().__init__()
        self.datetimes, self.headings, self.links, self.ids = [], [], [], set()
        self._link = None
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "time":
            self.datetimes.append(attrs.get("datetime"))
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "a" and "href" in attrs:
            self._link = {"href": attrs["href"], "name": attrs.get("aria-label") or ""}
            self._link["hidden"] = attrs.get("aria-hidden") == "true"
            self.links.append(self._link)
        elif tag == "img" and self._link is not None:
            self._link["name"] += attrs.get("alt") or ""

    def handle_endtag(self, tag):
        if tag == "a":
            self._link = None

    def handle_data(self, data):
        if self._link is not None:
            self._link["name"] += data.strip()


@pytest.fixture
def pages(client, demo_tree, make_article, jpeg_upload):
    """The reader pages, with articles on every block of the home page; the fixture's
    publication times carry microseconds, as articles saved through the admin do."""
    column = demo_tree["industry-planning"]
    lead = make_article(column, title="产业规划头条", is_headline=True, cover=jpeg_upload())
    make_article(column, title="园区幻灯", is_slideshow=True, cover=jpeg_upload())
    make_article(column, title="产业推荐", is_recommended=True, keywords="产业")
    make_article(column, title="产业规划要点", keywords="产业")
    assert lead.published_at.microsecond
    paths = {
        "home": "/",
        "column": "/columns/news/",
        "article": lead.get_absolute_url(),
        "search": "/search/?q=产业",
        "404": "/columns/no-such-column/",
    }
    return lead, {name: client.get(path).content.decode() for name, path in paths.items()}


def test_every_time_has_a_valid_datetime_in_whole_seconds(pages):
    lead, rendered = pages

    for name in ("home", "column", "article", "search"):
        datetimes = Outline(rendered[name]).datetimes
        assert datetimes, name
        assert all(HTML_DATETIME.fullmatch(value or "") for value in datetimes), (name, datetimes)
    expected = localtime(lead.published_at).replace(microsecond=0).isoformat()
    assert expected in Outline(rendered["article"]).datetimes


def test_skip_link_comes_first_and_leads_to_the_main_content(pages):
    for name, markup in pages[1].items():
        outline = Outline(markup)
        assert outline.links[0]["href"] == "#content", name
        assert outline.links[0]["name"] == "跳到正文"
        assert re.search(r'<main [^>]*id="content"', markup), name


def test_one_h1_and_no_heading_level_skipped(pages):
    for name, markup in pages[1].items():
        levels = Outline(markup).headings
        assert levels.count(1) == 1, (name, levels)
        for before, after in pairwise(levels):
            assert after <= before + 1, (name, levels)


def test_every_link_a_reader_can_reach_has_a_name(pages):
    for name, markup in pages[1].items():
        links = Outline(markup).links
        assert not [link["href"] for link in links if not link["name"] and not link["hidden"]]
        # A link kept out of the accessibility tree (a thumbnail) repeats a named one.
        named = {link["href"] for link in links if link["name"]}
        assert all(link["href"] in named for link in links if link["hidden"]), name


def test_search_landmarks_have_distinct_names(pages):
    markup = pages[1]["search"]

    forms = re.findall(r'<form [^>]*role="search"[^>]*>', markup)
    assert len(forms) == 2
    assert 'aria-label="站内搜索"' in forms[0]
    assert 'aria-labelledby="search-title"' in forms[1] and 'id="search-title"' in markup


def contrast(foreground, background):
    """WCAG 2.1 contrast ratio of two #rrggbb colours."""

    def luminance(colour):
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted([luminance(foreground), luminance(background)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_stylesheet_colours_meet_wcag_aa_contrast():
    css = (Path(settings.SITE_FILES) / "static" / "css" / "site.css").read_text()
    colours = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-f]{6})", css))
    colours["white"] = "#ffffff"
    # (text, background) pairs the stylesheet uses: grey dates and meta on white and on the
    # soft panels, links, the red active column and tab, white on every coloured bar.
    pairs = [
        ("muted", "white"),
        ("muted", "bg-soft"),
        ("brand", "white"),
        ("brand", "bg-soft"),
        ("accent", "bg-soft"),
        ("white", "accent"),
        ("white", "brand"),
        ("white", "brand-dark"),
        ("white", "muted"),
    ]
    for text, background in pairs:
        ratio = contrast(colours[text], colours[background])
        assert ratio >= 4.5, (text, background, round(ratio, 2))


class LanguageOfParts(HTMLParser):
    """The Chinese texts of a page's body that are not inside an element marked Chinese."""

    VOID = {"img", "input", "br", "hr", "meta", "link", "source", "wbr"}

    def __init__(self, markup):
        super().__init__()
        self.languages, self.in_body, self.unmarked = [], False, []
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        self.in_body = self.in_body or tag == "body"
        if tag not in self.VOID:
            inherited = self.languages[-1] if self.languages else None
            self.languages.append(dict(attrs).get("lang", inherited))

    def handle_endtag(self, tag):
        if tag not in self.VOID:
            self.languages.pop()

    def handle_data(self, data):
        if self.in_body and re.search(r"[\u4e00-\u9fff]", data) and self.languages[-1] != "zh-hans":
            self.unmarked.append(data.strip())


def test_on_english_pages_what_editors_wrote_is_marked_chinese(client, pages):
    lead, _ = pages
    Article.objects.filter(pk=lead.pk).update(source="高新院", author="周建平")
    article = lead.get_absolute_url()  # before the English pages make English the active language
    for path in ("/en/", "/en/columns/industry-planning/", f"/en{article}"):
        page = client.get(path).content.decode()
        assert '<html lang="en">' in page
        assert LanguageOfParts(page).unmarked == [], path

    chinese = client.get(article).content.decode()
    # On Chinese pages nothing more is marked: the page's own and the language switch's.
    assert len(re.findall(r'\slang="zh-hans"', chinese)) == 2
