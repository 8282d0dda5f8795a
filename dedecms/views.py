"""The old DedeCMS addresses answer 301 with the new page (410 or 404 where there is none to
show); one indexed lookup each."""

from functools import wraps

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from categories.models import Category
from config.validators import id_in_address
from news.models import Article
from news.views import gone
from topics.models import Topic

MAX_ID = 2**32  # DedeCMS's ids are unsigned 32-bit at most; a longer number is no id


def old_address(view):
    """An old address is the visitor's path, which has no version in another language (and
    may be //another.site/): a page not found or gone there offers the home pages in its
    language links, as for any path the site does not answer."""

    @wraps(view)
    def answer(request, *args, **kwargs):
        request.resolver_match = None
        return view(request, *args, **kwargs)

    return answer


def _legacy_id(value):
    legacy_id = id_in_address(value, MAX_ID)
    if legacy_id is None:
        raise Http404(_("No such page."))
    return legacy_id


def _article_redirect(request, aid):
    """301 to a public article; 410 Gone for one that was public and is no more (withdrawn
    by an import, or expired), so that search engines drop it; else 404. Never a redirect
    to a page that is not there."""
    legacy_id = _legacy_id(aid)
    article = (
        Article.objects.filter(legacy_id=legacy_id)
        .select_related("dedecms_import")
        .only("status", "published_at", "expires_at", "dedecms_import__was_public")
        .first()
    )
    if article is None:
        return _topic_redirect(request, legacy_id)
    if article.is_public:
        return HttpResponsePermanentRedirect(reverse("article", kwargs={"pk": article.pk}))
    record = getattr(article, "dedecms_import", None)
    if (record is not None and record.was_public) or (
        article.is_expired and article.status == Article.Status.PUBLISHED
    ):
        return gone(request)
    raise Http404(_("No such article."))


def _topic_redirect(request, legacy_id):
    """A 专题 shares the articles' ids and addresses in DedeCMS: 301 to the public topic; 410
    Gone for one readers saw that is no more public; else 404."""
    topic = (
        Topic.objects.filter(legacy_id=legacy_id)
        .only("slug", "status", "published_at", "has_been_public")
        .first()
    )
    if topic is not None and topic.is_public:
        return HttpResponsePermanentRedirect(topic.get_absolute_url())
    if topic is not None and topic.is_gone:
        return gone(request, is_topic=True)
    raise Http404(_("No such article."))


def _column_redirect(columns):
    slug = columns.values_list("slug", flat=True).first()
    if slug is None:
        raise Http404(_("No such column."))
    return _to_column(slug)


def _to_column(slug):
    return HttpResponsePermanentRedirect(reverse("column", kwargs={"slug": slug}))


@old_address
def view_php(request):
    """/plus/view.php?aid=N, DedeCMS's dynamic article page."""
    return _article_redirect(request, request.GET.get("aid"))


@old_address
def static_article(request, aid):
    """/a/<typedir>/<YYYY>/<MMDD>/<aid>.html, DedeCMS's default static article page."""
    return _article_redirect(request, aid)


@old_address
def list_php(request):
    """/plus/list.php?tid=N, DedeCMS's dynamic column page."""
    return _column_redirect(Category.objects.filter(legacy_id=_legacy_id(request.GET.get("tid"))))


@old_address
def static_list(request, tid):
    """/a/<typedir>/list_<tid>_<page>.html: page N of the old list is not page N here (the
    page sizes differ), so every page leads to the column's first."""
    return _column_redirect(Category.objects.filter(legacy_id=_legacy_id(tid)))


@old_address
def static_column(request, slug):
    """/<typedir>/ (and its index.html), the column's static home: the URL's converter found
    the column."""
    return _to_column(slug)
