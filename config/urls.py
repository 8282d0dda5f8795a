from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import TemplateView

from news.caching import page_number, reader_page
from news.sitemaps import sitemaps
from sitesettings.cache import sitewide
from staffaccess.views import keep_alive
from topics.sitemaps import TopicSitemap
from uploads.editor_documents import upload_document
from uploads.editor_images import browse, upload

# The site's name as staff set it, read when an admin page is drawn.
admin.site.site_header = admin.site.site_title = lazy(lambda: sitewide()[0].site_name, str)()
handler403 = "config.errors.permission_denied_in_its_layout"
handler500 = "config.errors.server_error_or_unavailable"
all_sitemaps = {**sitemaps, "topics": TopicSitemap}

urlpatterns = [
    path(f"{settings.ADMIN_PATH}keep-alive/", keep_alive, name="keep_alive"),
    path(settings.ADMIN_PATH, admin.site.urls),
    # ckeditor_uploader's own URLs are not included: its unanchored upload pattern would
    # also reach the unchecked upload view. Uploads go through uploads.editor_images.
    path("ckeditor/upload/", upload, name="ckeditor_upload"),
    # The link dialog's uploads: documents, not images (uploads.editor_documents).
    path("ckeditor/upload-file/", upload_document, name="ckeditor_upload_file"),
    path("ckeditor/browse/", browse, name="ckeditor_browse"),
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "sitemap.xml",
        reader_page(sitemap_views.index),
        {"sitemaps": all_sitemaps, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        # Django's sitemap view reads its page from `p`.
        reader_page(sitemap_views.sitemap, p=page_number),
        {"sitemaps": all_sitemaps},
        name="sitemap_section",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(
            template_name="robots.txt",
            content_type="text/plain",
            # An admin moved to a path of its own is not named to every visitor.
            extra_context={"admin_path_is_public": settings.ADMIN_PATH == "admin/"},
        ),
        name="robots",
    ),
]

# Reader pages: Chinese at the unprefixed URLs, English under /en/ (config.locale).
urlpatterns += i18n_patterns(
    path("", include("news.urls")),
    path("", include("topics.urls")),
    path("", include("inspection.urls")),
    prefix_default_language=False,
)
# The old DedeCMS site's addresses, last: they answer only what nothing else does.
urlpatterns.append(path("", include("dedecms.urls")))

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
