from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import TemplateView

from news.sitemaps import sitemaps
from news.uploads import upload

from .views import healthz

admin.site.site_header = admin.site.site_title = settings.SITE_NAME

urlpatterns = [
    path("", include("news.urls")),
    path("admin/", admin.site.urls),
    # The editor's uploads go through the checked view; browsing stays ckeditor_uploader's.
    path("ckeditor/upload/", upload, name="ckeditor_upload"),
    path("ckeditor/", include("ckeditor_uploader.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain"),
        name="robots",
    ),
    path("healthz", healthz, name="healthz"),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
