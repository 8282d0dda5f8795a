"""The project's admin site: Django's, with what waits for the user on its index page, the
staff accounts' pages in the user's language (newsroom.accounts), yes/no icons that say
yes or no in it, and two-step login (newsroom.second_factor)."""

from functools import partial

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.admin.templatetags import admin_list
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


class NewsAdminSite(admin.AdminSite):
    # The side navigation takes a third of a laptop screen from the article list.
    enable_nav_sidebar = False

    @property
    def login_form(self):
        from .second_factor.forms import StaffLoginForm

        return StaffLoginForm

    def get_urls(self):
        from readership import dashboard
        from uploads.pending_views import pending_media

        from .second_factor import views

        return [
            *dashboard.urls(self),
            path(
                "two-step-login/",
                self.admin_view(partial(views.second_factor, site=self)),
                name="second_factor",
            ),
            path(
                "two-step-login/recovery-codes/",
                self.admin_view(partial(views.new_codes, site=self)),
                name="second_factor_codes",
            ),
            # Staff uploads waiting for approval (uploads.pending).
            path(
                "pending-media/<path:name>",
                self.admin_view(pending_media),
                name="pending_media",
            ),
            *super().get_urls(),
        ]

    def index(self, request, extra_context=None):
        from news.models import Article

        from . import review
        from .filters import sent_back_to

        context = dict(extra_context or {})
        if request.user.has_perm("news.view_article") or review.is_reviewer(request.user):
            context["waiting_for_me"] = review.queue_for(request.user).count()
            context["sent_back_to_me"] = sent_back_to(request.user, Article.objects).count()
        context["app_list"] = app_list = self.get_app_list(request)
        # What an app adds to the index goes into its module, so that no heading shows
        # twice; to those who do not see the app's module, in a box of its own.
        context["index_boxes"] = index_boxes(app_list)
        from readership.dashboard import may_see_dashboard

        if may_see_dashboard(request.user):
            readership = next((app for app in app_list if app["app_label"] == "readership"), None)
            if readership is None:
                context["readership_dashboard"] = True
            else:
                readership["models"].insert(0, dashboard_row())
        # Offered to whoever has none (the middleware sends those who must set one up there).
        context["offer_second_factor"] = not request.user.is_verified()
        return super().index(request, context)


def index_boxes(app_list):
    """Give each app of the list whose config names an `admin_index_template` (what it shows
    on the admin's index) that template; return the apps listed nowhere that have one, as
    (name, template), for a box each."""
    listed = {app["app_label"]: app for app in app_list}
    boxes = []
    for config in apps.get_app_configs():
        template = getattr(config, "admin_index_template", None)
        if template is None:
            continue
        if config.label in listed:
            listed[config.label]["index_template"] = template
        else:
            boxes.append((config.verbose_name, template))
    return boxes


def dashboard_row():
    """The readership dashboard as the first row of its app's module on the index."""
    return {
        "name": _("Views per day, most read articles, views per column"),
        "object_name": "Dashboard",
        "admin_url": reverse("admin:readership_dashboard"),
        "view_only": True,
    }


# The icon and text for each value of a yes/no field.
BOOLEAN_ICONS = {True: ("yes", _("Yes")), False: ("no", _("No")), None: ("unknown", _("Unknown"))}


def boolean_icon(value):
    """The admin's icon for a yes/no value (lists, read-only fields), its text in the user's
    language: Django's own gives it the text "True", "False" or "None" in every language."""
    name, text = BOOLEAN_ICONS[value]
    return format_html('<img src="{}" alt="{}">', static(f"admin/img/icon-{name}.svg"), text)


class NewsAdminConfig(AdminConfig):
    default_site = "newsroom.admin_site.NewsAdminSite"

    def ready(self):
        super().ready()  # registers every app's admin
        from . import accounts

        accounts.register(admin.site)
        # Django 5.2 draws every such icon through this function (its lists, and read-only
        # fields through admin.utils), with no setting to change its text.
        admin_list._boolean_icon = boolean_icon
