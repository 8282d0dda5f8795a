from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from sitesettings.cache import sitewide

from .keywords import Keyword
from .models import Article

FEED_SIZE = 20


def site_name():
    return sitewide()[0].site_name


class LatestArticlesFeed(Feed):
    # The articles' language, in either language's feed (its title is the reader's).
    language = settings.LANGUAGE_CODE

    def link(self):
        return reverse("home")  # in the feed's language: /en/ for /en/feed/

    def title(self):
        return site_name()

    def description(self):
        return _("The latest articles of %(site)s") % {"site": site_name()}

    def items(self):
        return Article.objects.published().teasers().newest_first()[:FEED_SIZE]

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # Feed readers take the channel's <description> as HTML, as they take an item's: the
        # description (a site, column or keyword name in a sentence) is escaped as items' are.
        feed.feed["description"] = escape(feed.feed["description"])
        return feed

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        # Feed readers render <description> as HTML: the summary is plain text, so it is
        # escaped for HTML here, then once more for XML by the feed writer.
        return escape(article.summary)

    def item_pubdate(self, article):
        return article.published_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        return article.author or article.source or None

    def item_categories(self, article):
        return article.keyword_list


class ColumnFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        column = request.columns.get(slug)
        if column is None:
            raise Http404("No such column.")
        return column

    def title(self, column):
        return f"{column.name} - {site_name()}"

    def link(self, column):
        return column.get_absolute_url()

    def description(self, column):
        return column.description or column.name

    def items(self, column):
        return Article.objects.published().in_column(column).teasers().newest_first()[:FEED_SIZE]


class TagFeed(LatestArticlesFeed):
    def get_object(self, request, keyword):
        """The keyword, when a public article carries it: a 404 exactly when its tag page is
        one, so the feed tells no more than the page (a keyword only drafts carry)."""
        keyword = get_object_or_404(Keyword, name=keyword)
        if not Article.objects.published().tagged(keyword).exists():
            raise Http404(_("No public article carries this keyword."))
        return keyword

    def title(self, keyword):
        return f"{keyword.name} - {site_name()}"

    def link(self, keyword):
        return keyword.get_absolute_url()

    def description(self, keyword):
        return _("Articles on %(name)s") % {"name": keyword.name}

    def items(self, keyword):
        return Article.objects.published().tagged(keyword).teasers()[:FEED_SIZE]
