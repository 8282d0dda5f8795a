"""The one allow-list for article HTML, applied by Article.save() whatever the entry point."""

import posixpath
from functools import partial
from urllib.parse import unquote, urlsplit

import nh3
from django.conf import settings
from django.http.request import split_domain_port, validate_host
from django.urls import Resolver404, resolve
from django.utils import translation

from config.validators import strip_control_characters
from uploads import pending

ALLOWED_TAGS = {
    "h2", "h3", "h4", "p", "br", "hr", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "a", "img", "figure", "figcaption", "blockquote", "ul", "ol", "li",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "pre", "code",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "target"},
    "img": {"src", "alt", "width", "height", "title"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def clean_html(html, staff_media=False):
    """Keep the markup an article needs; drop scripts, styles, frames, handlers and bad URLs.

    `staff_media`: an image may show a pending upload at its staff address (uploads.pending),
    as a draft or a body in review may; a live body's were made public before (Article.save).
    nh3 adds rel="noopener noreferrer" to every link itself, so `rel` is not in the allow-list.
    """
    return nh3.clean(
        strip_control_characters(html or ""),
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=partial(_drop_page_images, staff_media=staff_media),
    ).strip()


def _drop_page_images(element, attribute, value, staff_media=False):
    """nh3's attribute filter: an <img> may not load one of this site's pages.

    Loading a page as an image is a request to it: `<img src="/articles/3/">` would count a
    view of article 3 at every view of this one. A same-site source that this site answers
    with a view goes (a file under MEDIA_URL or STATIC_URL stays, and so does a path nothing
    answers, such as an imported body's image that could not be copied); relative paths go
    too, since what they point to depends on the page the body is shown on."""
    if element == "img" and attribute == "src" and is_same_site_page(value):
        if staff_media and pending.address_pattern().fullmatch(value.strip()):
            return value
        return None
    return value


def is_same_site_page(url):
    parts = urlsplit(url.strip().replace("\\", "/"))
    if parts.scheme not in {"", "http", "https"}:
        return False
    if parts.netloc:
        host, _port = split_domain_port(parts.netloc.rpartition("@")[2])
        if not validate_host(host, settings.ALLOWED_HOSTS):
            return False
        path = parts.path or "/"
    elif not parts.path.startswith("/"):
        return True
    else:
        path = parts.path
    # Browsers resolve dot segments, percent-encoded ones too, before asking the server.
    path = posixpath.normpath(unquote(path))
    if path.startswith((settings.MEDIA_URL, settings.STATIC_URL)):
        return False
    # normpath drops a trailing slash; CommonMiddleware would redirect to it (APPEND_SLASH).
    return any(answers(candidate) for candidate in (path, f"{path}/"))


def answers(path):
    """Whether the site answers `path` with a view, in any of its languages: which language
    prefix resolves depends on the language active, the editor's."""
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            try:
                resolve(path)
            except Resolver404:
                continue
            return True
    return False
