from django.urls import path

from . import downloads, feeds, views
from .caching import list_page, reader_page

# Each reader page names the query parameters its view reads (a ListView its `page`, the
# search `q` too): the page is kept once per value of those, whatever else the URL carries.
urlpatterns = [
    path("", reader_page(views.HomeView.as_view()), name="home"),
    path(
        "columns/<str:slug>/",
        reader_page(views.ColumnView.as_view(), page=list_page),
        name="column",
    ),
    path("columns/<str:slug>/feed/", reader_page(feeds.ColumnFeed()), name="column_feed"),
    path("articles/<int:pk>/", views.ArticleView.as_view(), name="article"),
    path("articles/<int:pk>/qr.svg", views.article_qr, name="article_qr"),
    # path: a keyword may hold a slash ("5G/6G"); the feed's pattern is tried first.
    path("tags/<path:keyword>/feed/", reader_page(feeds.TagFeed()), name="tag_feed"),
    path("tags/<path:keyword>/", reader_page(views.TagView.as_view(), page=list_page), name="tag"),
    path("attachments/<int:pk>/", downloads.download, name="attachment"),
    # A search's results are kept too: a popular search costs one lookup until content changes.
    path(
        "search/",
        reader_page(views.SearchView.as_view(), q=views.search_query, page=list_page),
        name="search",
    ),
    path("feed/", reader_page(feeds.LatestArticlesFeed()), name="feed"),
]
