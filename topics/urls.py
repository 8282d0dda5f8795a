from django.urls import path

from news.caching import list_page, reader_page

from . import views

# As news.urls: each page names the query parameters it reads, for the kept page's key.
urlpatterns = [
    path(
        "topics/",
        reader_page(views.TopicListView.as_view(), page=list_page),
        name="topic_list",
    ),
    # str: a slug may be Chinese (Django's <slug:> is ASCII-only).
    path("topics/<str:slug>/", reader_page(views.TopicView.as_view()), name="topic"),
]
