import time
from contextlib import contextmanager

from django.conf import settings
from django.core.paginator import Paginator
from django.db import OperationalError, connection, transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import DetailView, ListView, TemplateView

from config.validators import strip_control_characters
from gallery import listing as gallery_listing
from readership.lists import cached_reader_lists
from topics import listing as topic_listing

from . import caching, counter, search_index, search_statements, sharing
from .keywords import Keyword
from .listing import PinnedFirst
from .models import Article
from .ranked_page import ranked_pks, ranked_with_page
from .search_slots import search_slot

COLUMN_PAGE_SIZE = 20
TAG_PAGE_SIZE = 20
SEARCH_PAGE_SIZE = 20
SEARCH_MIN_LENGTH = 2
SEARCH_MAX_LENGTH = 200
SEARCH_MAX_WORDS = 8
# Results a search lists and counts; past them it says "more than". Each search walks its
# matches newest first only this far (Article.objects.search): at 100,000 articles, fresh
# pairs of common words took a median 89-125 ms to their 1,001st match, 38-42 to the 101st.
SEARCH_MAX_RESULTS = 100
# How soon a search refused for the searches already running may be tried again.
SEARCH_RETRY_AFTER_SECONDS = 2


class ColumnMixin:
    """Looks the page's column up in the request's column tree (no query of its own)."""

    def get_column(self):
        column = self.request.columns.get(self.kwargs["slug"])
        if column is None:
            raise Http404(_("No such column."))
        return column

    def column_context(self, column, is_its_page=False):
        """The column, its place in the tree, and whether this page is the column's own (its
        links are then the current page; on an article's page, the section it is in)."""
        tree = self.request.columns
        return {
            "column": column,
            "column_current": "page" if is_its_page else "true",
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
        blocks = caching.cached(self.request, "home", self.blocks)
        by_column = blocks.pop("latest_by_column")
        return super().get_context_data(
            **blocks,
            column_blocks=[
                (column, by_column[column.pk])
                for column in self.request.columns.navigation
                if column.pk in by_column
            ],
            most_read=cached_reader_lists(self.request),
            **kwargs,
        )

    def blocks(self):
        public = Article.objects.published()
        tree = self.request.columns
        return {
            "slides": list(public.slideshow().pinned_first(self.SLIDES_COUNT)),
            # The template shows the first headline as the lead and the rest below it.
            "headlines": list(public.headlines().pinned_first(self.HEADLINES_COUNT)),
            "recommended": list(public.recommended().pinned_first(self.RECOMMENDED_COUNT)),
            "latest": list(public.pinned_first(self.LATEST_COUNT)),
            "most_viewed": list(public.most_viewed()[: self.MOST_VIEWED_COUNT]),
            "latest_by_column": latest_by_column(public, tree, self.PER_COLUMN),
        }


def latest_by_column(public, tree, count):
    """The newest `count` articles under each top-level column, by column id."""
    by_column = {}
    if tree.navigation:
        groups = [tree.subtree_ids(top) for top in tree.navigation]
        for article in public.newest_of_each(groups, count):
            top = tree.by_id(article.column_id)
            root = tree.ancestors(top)[0] if top.parent_id else top
            by_column.setdefault(root.pk, []).append(article)
    return by_column


class ColumnView(ColumnMixin, PageRangeMixin, ListView):
    template_name = "news/column.html"
    paginate_by = COLUMN_PAGE_SIZE
    context_object_name = "articles"

    MOST_VIEWED_COUNT = 10

    def get_queryset(self):
        self.column = self.get_column()
        self.articles = Article.objects.published().in_columns(
            self.request.columns.subtree_ids(self.column)
        )
        count = caching.cached(self.request, f"column-count:{self.column.pk}", self.articles.count)
        # 图集 articles are marked in the list, from the list's own query.
        return PinnedFirst(
            self.articles.annotate(is_image_set=gallery_listing.has_pictures()), count
        )

    def get_context_data(self, **kwargs):
        most_viewed = caching.cached(
            self.request,
            f"column-most-viewed:{self.column.pk}",
            lambda: list(self.articles.most_viewed()[: self.MOST_VIEWED_COUNT]),
        )
        # The column's 专题 (a DedeCMS topic column's are imported so): no column write
        # changes which column a topic is linked to, so they are kept whatever the tree.
        topics, more_topics = topic_listing.of_columns(
            caching.cached(self.request, "topics-by-column", topic_listing.by_column, False),
            self.request.columns.subtree_ids(self.column),
        )
        return super().get_context_data(
            **self.column_context(self.column, is_its_page=True),
            most_viewed=most_viewed,
            column_topics=topics,
            more_topics=more_topics,
            most_read=cached_reader_lists(self.request, self.column),
            **kwargs,
        )


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
    if article.status == Article.Status.WITHDRAWN:
        return _("Preview: this article was withdrawn; readers are told it is gone (410).")
    return _("Preview: this article is not public (%(status)s).") % {
        "status": article.get_status_display()
    }


class Gone(Exception):
    """What the address showed was public and is no more (an article expired or withdrawn, a
    topic taken back): the address answers 410 Gone (gone()), so that search engines drop it."""


def gone(request, is_topic=False):
    return render(request, "410.html", {"is_topic": is_topic}, status=410)


# Who may open an article that is not public (a draft, pending, scheduled or expired one).
PREVIEW_PERMISSION = "news.change_article"


class ArticleView(ColumnMixin, DetailView):
    template_name = "news/article.html"
    # Built once: each request only filters it (see get_queryset).
    queryset = (
        Article.objects.with_attachments()
        .with_keyword_ids()
        .annotate(picture_rows=gallery_listing.listed_with_article())
        .defer("body_text", "search_grams")
    )
    RELATED_COUNT = 8

    def get(self, request, *args, **kwargs):
        self.page = caching.CountedPage(request)
        response = self.kept_response() or self.rendered_response()
        # Never kept by a shared cache: every page view counts.
        patch_cache_control(response, private=True, no_cache=True)
        return response

    def kept_response(self):
        """The kept page with this hit's count, or None when there is none to use."""
        kept = counter.kept_page_hit(self.request, self.kwargs["pk"], self.page)
        # None: no page kept, or the article deleted meanwhile (the full view answers 404).
        return None if kept is None else self.page.response(*kept)

    def rendered_response(self):
        try:
            response = super().get(self.request, *self.args, **self.kwargs).render()
        except Gone:
            return gone(self.request)
        article = self.object
        if not article.is_public:
            # A preview: for the editor's eyes only, never kept by any cache.
            add_never_cache_headers(response)
        return self.page.fill(response, article.view_count, keep=article.is_public)

    def get_object(self, queryset=None):
        pk = self.kwargs["pk"]
        article = self.get_queryset().filter(pk=pk).first()
        if article is None:
            raise Http404(_("No such article."))
        if not (article.is_public or self.request.user.has_perm(PREVIEW_PERMISSION, article)):
            if article.status == Article.Status.WITHDRAWN or (
                article.is_expired and article.status == Article.Status.PUBLISHED
            ):
                raise Gone
            raise Http404(_("No such article."))
        if article.is_public:
            article.view_count = counter.shown_count(self.request, article)
        return article

    def get_context_data(self, **kwargs):
        article = self.object
        column = self.request.columns.by_id(article.column_id)
        previous_article, next_article, related = caching.article_links(
            self.request, article, self.RELATED_COUNT
        )
        return super().get_context_data(
            **self.column_context(column),
            previous_article=previous_article,
            next_article=next_article,
            related=related,
            most_read=cached_reader_lists(self.request, column),
            **self.sharing(article),
            pictures=gallery_listing.from_listing(article.picture_rows),
            is_preview=not article.is_public,
            view_count=self.page.mark,
            preview_notice=None if article.is_public else preview_notice(article),
            **kwargs,
        )

    def sharing(self, article):
        """The article's canonical address, shown to copy and printed."""
        url = f"{self.request.scheme}://{self.request.get_host()}{article.get_absolute_url()}"
        return {"canonical_url": url}


@require_safe
def article_qr(request, pk):
    """The QR code of the article `pk`'s canonical address (分享到微信): drawn from the address
    alone, with no query; the same for every reader, so shared caches keep it."""
    url = request.build_absolute_uri(reverse("article", args=[pk]))
    response = HttpResponse(sharing.qr_svg(url), content_type="image/svg+xml")
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
    return response


class BoundedPaginator(Paginator):
    """Pages over at most MAX_ITEMS objects: counting stops there, so a keyword carried by
    tens of thousands of articles costs no more than one carried by a thousand."""

    MAX_ITEMS = 1000

    @cached_property
    def count(self):
        return self.object_list[: self.MAX_ITEMS + 1].count()

    @cached_property
    def capped(self):
        return self.count > self.MAX_ITEMS

    @cached_property
    def num_pages(self):
        return super().num_pages if not self.capped else self.MAX_ITEMS // self.per_page


class RankedResults:
    """A search's results as its paginator reads them: the pks of the first `bound`, in
    order, with the articles of the page expected (`page_start`, the place before its first,
    or None) in the same statement (ranked_page); the articles of another page, by pk.
    Paginating the search's queryset would run the search twice, for the count and for the
    page. `ranked`: the statement of the pks (search_statements.Ranked)."""

    def __init__(self, ranked, page_start):
        self.ranked, self.page_start = ranked, page_start

    @cached_property
    def read(self):
        if self.page_start is None:
            return ranked_pks(self.ranked), {}
        return ranked_with_page(self.ranked, self.page_start, SEARCH_PAGE_SIZE)

    @property
    def pks(self):
        return self.read[0]

    def __len__(self):
        return len(self.pks)

    def __getitem__(self, index):
        pks, articles = self.pks[index], self.read[1]
        if not all(pk in articles for pk in pks):
            articles = Article.objects.using(self.ranked.using).teasers().in_bulk(pks)
        return [articles[pk] for pk in pks]


class RankedPaginator(BoundedPaginator):
    MAX_ITEMS = SEARCH_MAX_RESULTS

    @cached_property
    def count(self):
        return len(self.object_list)


class TagView(PageRangeMixin, ListView):
    """The public articles carrying a keyword, newest first; a 404 when there are none."""

    template_name = "news/tag.html"
    paginate_by = TAG_PAGE_SIZE
    paginator_class = BoundedPaginator
    context_object_name = "articles"

    def get_queryset(self):
        self.keyword = get_object_or_404(Keyword, name=self.kwargs["keyword"])
        return Article.objects.published().tagged(self.keyword).teasers()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(keyword=self.keyword, **kwargs)
        # Checked on the paginator's count (allow_empty=False would ask the database again).
        if not context["paginator"].count:
            raise Http404(_("No public article carries this keyword."))
        return context


def search_query(value):
    """What a search page reads from `q` (None when absent): its text without control
    characters, spaces folded."""
    return " ".join(strip_control_characters(value or "").split())


class SearchView(PageRangeMixin, ListView):
    template_name = "news/search.html"
    paginate_by = SEARCH_PAGE_SIZE
    paginator_class = RankedPaginator
    context_object_name = "articles"

    def get(self, request, *args, **kwargs):
        self.read_query()
        if not self.searches:  # the form and what it asks for: nothing to look up
            return super().get(request, *args, **kwargs)
        with search_slot() as free:
            if not free:
                return self.stopped(busy=True)
            # The search and its count run, and the page renders, within the time limit.
            try:
                with search_time_limit():
                    return super().get(request, *args, **kwargs).render()
            except OperationalError as error:
                if not is_statement_timeout(error):
                    raise  # an unreachable database is the 503 page's (config.errors)
                return self.stopped(busy=False)

    def stopped(self, busy):
        """The page of a search that did not run to its end: too many were running (503, to
        be tried again shortly), or it ran out of time (asked to narrow it). Either is the
        load of the moment, not the content: never kept."""
        response = render(
            self.request, "news/search_timeout.html", {"query": self.query, "busy": busy}
        )
        if busy:
            response.status_code = 503
            response["Retry-After"] = str(SEARCH_RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
        return response

    def read_query(self):
        query = search_query(self.request.GET.get("q"))
        self.truncated = len(query) > SEARCH_MAX_LENGTH
        self.query = query[:SEARCH_MAX_LENGTH]
        words = list(dict.fromkeys(self.query.split()))
        self.too_many_words = len(words) > SEARCH_MAX_WORDS
        self.words = words[:SEARCH_MAX_WORDS]
        self.too_short = 0 < len(self.query.replace(" ", "")) < SEARCH_MIN_LENGTH
        # Punctuation alone has no entry in the index: it would be tested against every text.
        self.no_letters = bool(self.words) and not any(map(search_index.RUN.search, self.words))
        self.searches = bool(self.words) and not (self.too_short or self.no_letters)

    def get_queryset(self):
        if not self.searches:
            return []
        # The paginator shows the first MAX_ITEMS and counts one more to say "more than"; only
        # the results up to the end of the page asked for need their exact places.
        bound = RankedPaginator.MAX_ITEMS + 1
        page_end = self.page_end()
        return RankedResults(
            search_statements.ranked(self.words, bound, page_end),
            None if page_end is None else page_end - SEARCH_PAGE_SIZE,
        )

    def page_end(self):
        """How many results the page asked for shows, with those before it; None (all that
        are counted) for a page named otherwise ("last") or numbered below 1."""
        try:
            page = int(self.request.GET.get(self.page_kwarg, 1))
        except ValueError:
            return None
        return page * self.paginate_by if page > 0 else None

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            query=self.query,
            words=self.words,
            searched=" ".join(self.words),  # what the results are for: the words used
            truncated=self.truncated,
            too_many_words=self.too_many_words,
            max_words=SEARCH_MAX_WORDS,
            max_count=RankedPaginator.MAX_ITEMS,
            too_short=self.too_short,
            no_letters=self.no_letters,
            min_length=SEARCH_MIN_LENGTH,
            max_length=SEARCH_MAX_LENGTH,
            **kwargs,
        )


# PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout.
QUERY_CANCELED = "57014"
# SQLite asks whether to go on every this many steps of its virtual machine (a few µs).
SQLITE_STEPS_BETWEEN_CHECKS = 1000


def is_statement_timeout(error):
    """Whether the database stopped the statement at the search's time limit."""
    if connection.vendor == "sqlite":
        return str(error.__cause__) == "interrupted"  # only search_time_limit interrupts
    return connection.vendor == "postgresql" and getattr(error.__cause__, "sqlstate", "") == (
        QUERY_CANCELED
    )


@contextmanager
def search_time_limit():
    """Stop the search's statements after SEARCH_TIMEOUT_MS. On PostgreSQL, a setting local
    to a transaction around them; on SQLite (where a transaction begins IMMEDIATE and would
    hold the write lock, and with it every hit, while the search reads), a progress handler
    that interrupts the statement running when the time is up."""
    if connection.vendor == "sqlite":
        deadline = time.monotonic() + settings.SEARCH_TIMEOUT_MS / 1000
        connection.ensure_connection()
        database = connection.connection
        database.set_progress_handler(
            lambda: time.monotonic() > deadline, SQLITE_STEPS_BETWEEN_CHECKS
        )
        try:
            yield
        finally:
            database.set_progress_handler(None, 0)
        return
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            # No JIT compilation either: a search's plan is costed with the branches it
            # seldom runs (search_index.newest_passing), above jit_above_cost, and compiling
            # it took 280 ms of a 40 ms statement.
            cursor.execute(
                "SELECT set_config('statement_timeout', %s, true), set_config('jit', 'off', true)",
                [str(settings.SEARCH_TIMEOUT_MS)],
            )
        yield
