"""The old site's column directories in URLs."""

import re

from django.conf import settings

from categories.models import Category

# Paths under this site's language prefixes (/en/…) are its own pages, never old ones.
LANGUAGE_PREFIXES = "|".join(
    re.escape(code) for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
)


class ColumnDirectory:
    """A directory of an imported column ("a/news/plan", or "tongzhigonggao" for a column
    published at the site's root), as the slug of its column here; the first by DedeCMS id
    where columns share one.

    Any other path does not match at all (the lookup is the match), so that a path the site
    does not answer is a plain 404, and never redirected to itself with a slash added."""

    regex = rf"(?!(?:{LANGUAGE_PREFIXES})/)[^.]+?"

    def to_python(self, value):
        slug = (
            Category.objects.filter(dedecms_import__typedir=value)
            .order_by("legacy_id")
            .values_list("slug", flat=True)
            .first()
        )
        if slug is None:
            raise ValueError(value)
        return slug

    def to_url(self, value):
        return value
