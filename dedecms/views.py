"""The old DedeCMS addresses answer 301 with the new page; one indexed lookup each."""

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from categories.models import Category
from config.validators import id_in_address
from news.models import Article

MAX_ID = 2**32  # DedeCMS's ids are unsigned 32-bit at most; a longer number is no id


def _legacy_id(value):
    legacy_id = id_in_address(value, MAX_ID)
    if legacy_id is None:
        raise Http404(_("No such page."))
    return legacy_id


def _article_redirect(aid):
    pk = Article.objects.filter(legacy_id=_legacy_id(aid)).values_list("pk", flat=True).first()
    if pk is None:
        raise Http404(_("No such article."))
    return HttpResponsePermanentRedirect(reverse("article", kwargs={"pk": pk}))


def _column_redirect(columns):
    slug = columns.values_list("slug", flat=True).first()
    if slug is None:
        raise Http404(_("No such column."))
    return HttpResponsePermanentRedirect(reverse("column", kwargs={"slug": slug}))


def view_php(request):
    """/plus/view.php?aid=N, DedeCMS's dynamic article page."""
    return _article_redirect(request.GET.get("aid"))


def static_article(request, aid):
    """/a/<typedir>/<YYYY>/<MMDD>/<aid>.html, DedeCMS's default static article page."""
    return _article_redirect(aid)


def list_php(request):
    """/plus/list.php?tid=N, DedeCMS's dynamic column page."""
    return _column_redirect(Category.objects.filter(legacy_id=_legacy_id(request.GET.get("tid"))))


def static_list(request, tid):
    """/a/<typedir>/list_<tid>_<page>.html: page N of the old list is not page N here (the
    page sizes differ), so every page leads to the column's first."""
    return _column_redirect(Category.objects.filter(legacy_id=_legacy_id(tid)))


def static_column(request, typedir):
    """/a/<typedir>/ (and its index.html), the column's static home."""
    return _column_redirect(Category.objects.filter(dedecms_import__typedir=f"a/{typedir}"))
