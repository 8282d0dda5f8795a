"""How DedeCMS's fields become this site's: one function per rule, no database access."""

import hashlib
import html
import json
import re
from datetime import UTC, datetime

from django.utils.text import slugify

from config.validators import strip_control_characters
from news.models import Article

from .source import IMAGE_SET

# arcrank: 0 public, -1 waiting for review, -2 in the recycle bin, above 0 readable only by
# members of that rank (this site has no member ranks).
RECYCLE_BIN = -2
STATUS_BY_ARCRANK = {0: Article.Status.PUBLISHED, -1: Article.Status.PENDING}
MEMBERS_ONLY_STATUS = Article.Status.DRAFT

# DedeCMS's flag letters and the editorial flags they become.
FLAGS = {"h": "is_headline", "c": "is_recommended", "f": "is_slideshow", "b": "bold_title"}

EXTERNAL_LINK = 2  # arctype.ispart of a column that is only a link elsewhere


def from_unix_time(value):
    return datetime.fromtimestamp(int(value), tz=UTC) if value else None


def typedir_key(typedir):
    """The column's directory as it appears in old URLs: "{cmspath}/a/news/" → "a/news"."""
    return typedir.replace("{cmspath}", "").strip().strip("/")


def slug_base(typedir, fallback):
    """The last segment of the directory ("{cmspath}/a/chanyeguihua" → "chanyeguihua")."""
    last = typedir_key(typedir).rsplit("/", 1)[-1]
    return slugify(last, allow_unicode=True)[:70] or fallback


def unescaped(value):
    """DedeCMS stores one-line text through PHP's htmlspecialchars ("&amp;" for "&"): undone
    once, so that "&amp;amp;" (an "&amp;" its writer typed) stays "&amp;". Its full-width
    quotes (＂, which it puts for " in some fields) are characters like any other."""
    return html.unescape(value or "")


def clean_text(value, max_length=None):
    """A one-line text field: control characters dropped, ends trimmed, cut to the field."""
    text = " ".join(strip_control_characters(value or "").split())
    return text[:max_length] if max_length else text


def column_fields(row):
    from categories.models import Category

    def cut(field_name, value):
        return clean_text(value, Category._meta.get_field(field_name).max_length)

    return {
        "name": cut("name", row["typename"]) or f"#{row['id']}",
        "is_visible": not row["ishidden"],
        "meta_description": cut("meta_description", row["description"]),
        "keywords": cut("keywords", row["keywords"]),
        "seo_title": cut("seo_title", row.get("seotitle", "")),
    }


def flag_letters(value):
    if not value:
        return set()
    if isinstance(value, str):
        return set(value.split(","))
    return {v.decode() if isinstance(v, bytes) else v for v in value}


def article_flags(value):
    letters = flag_letters(value)
    return {field: letter in letters for letter, field in FLAGS.items()}


# DedeCMS's page break, #p#subtitle#e#, often alone in a paragraph of its own.
PAGE_BREAK = re.compile(r"(?:<p[^>]*>\s*)?#p#(?P<subtitle>.*?)#e#(?:\s*</p>)?", re.S)
UNNAMED_PAGE = "分页标题"  # what DedeCMS's editor puts when the writer names no page


def page_breaks_as_subheadings(body):
    """DedeCMS splits an article into pages at its page breaks; here the article is one
    page, each break a subheading (its subtitle), or a rule where it has none."""

    def subheading(match):
        subtitle = match["subtitle"].strip()
        return f"<h2>{subtitle}</h2>" if subtitle and subtitle != UNNAMED_PAGE else "<hr>"

    return PAGE_BREAK.sub(subheading, body)


# An image set's pictures in addonimages.imgurls, one a tag: {dede:img ddimg='/uploads/…-lp.jpg'
# text='说明' width='800' height='600'} /uploads/….jpg {/dede:img}
PICTURE = re.compile(r"\{dede:img\b(?P<attributes>[^}]*)\}(?P<src>.*?)\{/dede:img\}", re.S)
ATTRIBUTE = re.compile(r"""(?P<name>\w+)\s*=\s*(?P<quote>['"])(?P<value>.*?)(?P=quote)""", re.S)


def pictures(imgurls):
    """(address, caption) of an image set's pictures, in their order."""
    for match in PICTURE.finditer(imgurls or ""):
        attributes = {a["name"]: a["value"] for a in ATTRIBUTE.finditer(match["attributes"])}
        src = match["src"].strip()
        if src:
            yield src, clean_text(unescaped(attributes.get("text", "")))


def cover_address(row):
    """litpic; for an image set without one, its first picture."""
    litpic = (row["litpic"] or "").strip()
    if litpic or row.get("channel") != IMAGE_SET:
        return litpic
    return next((src for src, _ in pictures(row["imgurls"])), "")


def body_html(row):
    """The body as it is shown here (an image set's text: its pictures are its gallery's)."""
    return page_breaks_as_subheadings(strip_control_characters(row["body"] or ""))


def image_set_pictures(row):
    """(address, caption) of an image set's pictures, in order; none for an article."""
    if row.get("channel") != IMAGE_SET:
        return []
    return list(pictures(strip_control_characters(row["imgurls"] or "")))


def is_jump_link(row):
    """DedeCMS's 跳转网址: a page that only sends its readers elsewhere (flag j, set with the
    address; DedeCMS 5.0/5.1 had the address alone)."""
    return "j" in flag_letters(row["flag"]) or bool((row["redirecturl"] or "").strip())


def article_fields(row):
    """The article's fields from a decoded archives+addonarticle row (body still raw)."""

    def cut(field_name, value):
        return clean_text(unescaped(value), Article._meta.get_field(field_name).max_length)

    published_at = from_unix_time(row["pubdate"]) or from_unix_time(row["senddate"])
    return {
        "title": cut("title", row["title"]),
        "short_title": cut("short_title", row["shorttitle"]),
        "author": cut("author", row["writer"]),
        "source": cut("source", row["source"]),
        "published_at": published_at,
        "created_at": from_unix_time(row["senddate"]) or published_at,
        "keywords": cut("keywords", row["keywords"]),
        "summary": clean_text(unescaped(row["description"])),
        "body": body_html(row),
        **article_flags(row["flag"]),
        "pinned_until": pinned_until(row),
    }


def pinned_until(row):
    """DedeCMS pins an article by pushing its sort time past its publication time: the pin
    lapses at that time."""
    return from_unix_time(row["sortrank"]) if row["sortrank"] > row["pubdate"] else None


def digest(row, *extra):
    """A fingerprint of a source row (and of how it was imported)."""
    values = {key: sorted(flag_letters(v)) if key == "flag" else v for key, v in row.items()}
    payload = json.dumps([values, *extra], ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()
