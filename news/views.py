from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from config.validators import strip_control_characters

from .counter import record_view
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
    PINNED_COUNT = 5
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
            # A list: the template shows the first as the lead and the rest below it.
            pinned=list(public.filter(is_pinned=True).for_listing()[: self.PINNED_COUNT]),
            latest=public.teasers().newest_first()[: self.LATEST_COUNT],
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


class ArticleView(ColumnMixin, DetailView):
    template_name = "news/article.html"
    RELATED_COUNT = 8

    def get_object(self, queryset=None):
        pk = self.kwargs["pk"]
        # Counted before the read, so the page shows the count including this hit.
        if self.request.method == "GET":
            record_view(pk)
        article = Article.objects.with_visibility().defer("body_text").filter(pk=pk).first()
        if article is None or not (article.is_public or self.request.user.is_staff):
            raise Http404(_("No such article."))
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
