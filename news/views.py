from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from config.validators import strip_control_characters

from . import counter
from .models import Article

COLUMN_PAGE_SIZE = 20
SEARCH_PAGE_SIZE = 20
SEARCH_MIN_LENGTH = 2
SEARCH_MAX_LENGTH = 200


class ColumnMixin:
    """Looks the page's column up in the request's column tree (no query of its own)."""

    def get_column(self):
        column = self.request.columns.get(self.kwargs["slug"])
        if column is None:
            raise Http404(_("No such column."))
        return column

    def column_context(self, column):
        tree = self.request.columns
        return {
            "column": column,
            "ancestors": tree.ancestors(column),
            "siblings": tree.siblings(column),
            "children": tree.children(column),
        }


class PageRangeMixin:
    """Numbered pagination with ellipses: 1 … 4 5 [6] 7 8 … 40."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        context["page_range"] = page.paginator.get_elided_page_range(
            page.number, on_each_side=2, on_ends=1
        )
        return context


class HomeView(TemplateView):
    template_name = "news/home.html"
    SLIDES_COUNT = 5
    HEADLINES_COUNT = 6
    RECOMMENDED_COUNT = 8
    LATEST_COUNT = 12
    PER_COLUMN = 6
    MOST_VIEWED_COUNT = 10

    def get_context_data(self, **kwargs):
        public = Article.objects.published()
        per_top_level = (
            public.teasers()
            .annotate(
                top_level=F("column__tree_id"),
                rank=Window(
                    RowNumber(),
                    partition_by="column__tree_id",
                    order_by=("-published_at", "-pk"),
                ),
            )
            .filter(rank__lte=self.PER_COLUMN)
            .order_by("column__tree_id", "rank")
        )
        blocks = {}
        for article in per_top_level:
            blocks.setdefault(article.top_level, []).append(article)
        return super().get_context_data(
            slides=public.slideshow().for_listing()[: self.SLIDES_COUNT],
            # A list: the template shows the first as the lead and the rest below it.
            headlines=list(public.headlines().for_listing()[: self.HEADLINES_COUNT]),
            recommended=public.recommended().for_listing()[: self.RECOMMENDED_COUNT],
            latest=public.for_listing()[: self.LATEST_COUNT],
            column_blocks=[
                (column, blocks[column.tree_id])
                for column in self.request.columns.navigation
                if column.tree_id in blocks
            ],
            most_viewed=public.most_viewed()[: self.MOST_VIEWED_COUNT],
            **kwargs,
        )


class ColumnView(ColumnMixin, PageRangeMixin, ListView):
    template_name = "news/column.html"
    paginate_by = COLUMN_PAGE_SIZE
    context_object_name = "articles"

    def get_queryset(self):
        self.column = self.get_column()
        return Article.objects.published().in_column(self.column).for_listing()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.column_context(self.column), **kwargs)


def preview_notice(article):
    """Why the editor's preview is not what readers see."""
    when = date_format(timezone.localtime(article.published_at), "Y-m-d H:i")
    if article.is_expired:
        ended = date_format(timezone.localtime(article.expires_at), "Y-m-d H:i")
        return _("Preview: this article expired on %(date)s and is no longer public.") % {
            "date": ended
        }
    if article.status == Article.Status.PUBLISHED:
        return _("Preview: this article goes public on %(date)s.") % {"date": when}
    return _("Preview: this article is not public (%(status)s).") % {
        "status": article.get_status_display()
    }


class ArticleGone(Exception):
    """The article was public and has expired: its URL answers 410 Gone."""


# Who may open an article that is not public (a draft, pending, scheduled or expired one).
PREVIEW_PERMISSION = "news.change_article"


class ArticleView(ColumnMixin, DetailView):
    template_name = "news/article.html"
    RELATED_COUNT = 8

    def get(self, request, *args, **kwargs):
        try:
            response = super().get(request, *args, **kwargs)
        except ArticleGone:
            return render(request, "410.html", status=410)
        if not self.object.is_public:
            # A preview: for the editor's eyes only, never kept by any cache.
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response

    def get_object(self, queryset=None):
        pk = self.kwargs["pk"]
        article = Article.objects.with_visibility().defer("body_text").filter(pk=pk).first()
        if article is None:
            raise Http404(_("No such article."))
        if not (article.is_public or self.request.user.has_perm(PREVIEW_PERMISSION)):
            if article.is_expired and article.status == Article.Status.PUBLISHED:
                raise ArticleGone
            raise Http404(_("No such article."))
        if article.is_public and counter.is_page_view(self.request):
            # The page shows the count including this hit.
            article.view_count = counter.hit(article)
        return article

    def get_context_data(self, **kwargs):
        article = self.object
        public = Article.objects.published()
        column = self.request.columns.by_id(article.column_id)
        return super().get_context_data(
            **self.column_context(column),
            previous_article=public.before(article).teasers().first(),
            next_article=public.after(article).teasers().first(),
            related=public.related_to(article)[: self.RELATED_COUNT],
            is_preview=not article.is_public,
            preview_notice=None if article.is_public else preview_notice(article),
            **kwargs,
        )


class SearchView(PageRangeMixin, ListView):
    template_name = "news/search.html"
    paginate_by = SEARCH_PAGE_SIZE
    context_object_name = "articles"

    def get_queryset(self):
        query = " ".join(strip_control_characters(self.request.GET.get("q", "")).split())
        self.truncated = len(query) > SEARCH_MAX_LENGTH
        self.query = query[:SEARCH_MAX_LENGTH]
        self.words = [word for word in self.query.split() if word]
        if len(self.query.replace(" ", "")) < SEARCH_MIN_LENGTH:
            return Article.objects.none()
        return Article.objects.published().search(self.words)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            query=self.query,
            words=self.words,
            truncated=self.truncated,
            too_short=0 < len(self.query.replace(" ", "")) < SEARCH_MIN_LENGTH,
            min_length=SEARCH_MIN_LENGTH,
            max_length=SEARCH_MAX_LENGTH,
            **kwargs,
        )
