from django.urls import path

from . import feeds, views
from .caching import kept_for_readers, shared_cacheable


def reader_page(view):
    return shared_cacheable(kept_for_readers(view))


urlpatterns = [
    path("", reader_page(views.HomeView.as_view()), name="home"),
    path("columns/<str:slug>/", reader_page(views.ColumnView.as_view()), name="column"),
    path("columns/<str:slug>/feed/", reader_page(feeds.ColumnFeed()), name="column_feed"),
    path("articles/<int:pk>/", views.ArticleView.as_view(), name="article"),
    path("search/", shared_cacheable(views.SearchView.as_view()), name="search"),
    path("feed/", reader_page(feeds.LatestArticlesFeed()), name="feed"),
]
