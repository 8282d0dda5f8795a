from django.urls import path

from . import downloads, feeds, views
from .caching import kept_for_readers, shared_cacheable


def reader_page(view):
    return shared_cacheable(kept_for_readers(view))


urlpatterns = [
    path("", reader_page(views.HomeView.as_view()), name="home"),
    path("columns/<str:slug>/", reader_page(views.ColumnView.as_view()), name="column"),
    path("columns/<str:slug>/feed/", reader_page(feeds.ColumnFeed()), name="column_feed"),
    path("articles/<int:pk>/", views.ArticleView.as_view(), name="article"),
    # path: a keyword may hold a slash ("5G/6G"); the feed's pattern is tried first.
    path("tags/<path:keyword>/feed/", reader_page(feeds.TagFeed()), name="tag_feed"),
    path("tags/<path:keyword>/", reader_page(views.TagView.as_view()), name="tag"),
    path("attachments/<int:pk>/", downloads.download, name="attachment"),
    path("search/", shared_cacheable(views.SearchView.as_view()), name="search"),
    path("feed/", reader_page(feeds.LatestArticlesFeed()), name="feed"),
]
