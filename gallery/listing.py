"""An article's pictures read with the article itself, for its page (whose query budget has
no room for a query of their own)."""

from django.db import models
from django.db.models.functions import JSONObject

from news.aggregates import JSONList

from .models import Picture

LISTED_FIELDS = ("id", "image", "thumbnail", "width", "height", "caption", "position")


def listed_with_article():
    """The article's pictures as one JSON value of its own row (null when it has none)."""
    rows = (
        Picture.objects.filter(article=models.OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(rows=JSONList(JSONObject(**{name: name for name in LISTED_FIELDS})))
        .values("rows")
    )
    return models.Subquery(rows, output_field=models.JSONField())


def has_pictures():
    """Whether the article (of the query this is in) is a 图集: for lists that mark them."""
    return models.Exists(Picture.objects.filter(article=models.OuterRef("pk")))


def from_listing(rows):
    """Pictures (unsaved copies, for showing) from listed_with_article()'s value, in order."""
    pictures = [Picture(**row) for row in rows or []]
    return sorted(pictures, key=lambda picture: (picture.position, picture.pk))
