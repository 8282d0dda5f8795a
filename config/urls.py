from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import TemplateView

from news.sitemaps import sitemaps
from news.uploads import browse, upload

admin.site.site_header = admin.site.site_title = settings.SITE_NAME
handler500 = "config.errors.server_error_or_unavailable"

urlpatterns = [
    path("", include("news.urls")),
    path("admin/", admin.site.urls),
    # ckeditor_uploader's own URLs are not included: its unanchored upload pattern would
    # also reach the unchecked upload view. Uploads go through news.uploads.
    path("ckeditor/upload/", upload, name="ckeditor_upload"),
    path("ckeditor/browse/", browse, name="ckeditor_browse"),
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="sitemap_section",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("", include("dedecms.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
