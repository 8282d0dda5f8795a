from django.urls import path

from . import downloads, feeds, views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("columns/<str:slug>/", views.ColumnView.as_view(), name="column"),
    path("columns/<str:slug>/feed/", feeds.ColumnFeed(), name="column_feed"),
    path("articles/<int:pk>/", views.ArticleView.as_view(), name="article"),
    # path: a keyword may hold a slash ("5G/6G"); the feed's pattern is tried first.
    path("tags/<path:keyword>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("tags/<path:keyword>/", views.TagView.as_view(), name="tag"),
    path("attachments/<int:pk>/", downloads.download, name="attachment"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
]
