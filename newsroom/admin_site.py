"""The project's admin site: Django's, with what waits for review on its index page, and the
staff accounts' pages in the user's language (newsroom.accounts)."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class NewsAdminSite(admin.AdminSite):
    # The side navigation takes a third of a laptop screen from the article list.
    enable_nav_sidebar = False

    def index(self, request, extra_context=None):
        from news.models import Article

        from . import workflow

        context = dict(extra_context or {})
        if workflow.can_publish(request.user):
            context["pending_review"] = Article.objects.pending_review().count()
        return super().index(request, context)


class NewsAdminConfig(AdminConfig):
    default_site = "newsroom.admin_site.NewsAdminSite"

    def ready(self):
        super().ready()  # registers every app's admin
        from . import accounts

        accounts.register(admin.site)
