"""The one allow-list for article HTML, applied by Article.save() whatever the entry point."""

import nh3

from config.validators import strip_control_characters

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


def clean_html(html):
    """Keep the markup an article needs; drop scripts, styles, frames, handlers and bad URLs.

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
    ).strip()
