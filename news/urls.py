from django.urls import path

from . import feeds, views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("columns/<str:slug>/", views.ColumnView.as_view(), name="column"),
    path("columns/<str:slug>/feed/", feeds.ColumnFeed(), name="column_feed"),
    path("articles/<int:pk>/", views.ArticleView.as_view(), name="article"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
]
