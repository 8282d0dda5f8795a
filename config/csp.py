"""The Content-Security-Policy (django-csp), one for the site and a wider one for the admin.

CKEditor 4 builds its toolbar and dialogs with inline event handlers
(`onclick="CKEDITOR.tools.callFunction(…)"`), so the admin's pages allow inline event
attributes (`script-src-attr 'unsafe-inline'`), still no inline <script> element. django-
ckeditor's image browser (/ckeditor/browse/) is a page of inline scripts; it allows them
(uploads.editor_images). Reader pages allow neither.
"""

from csp.middleware import CSPMiddleware
from django.urls import reverse

ADMIN_UPDATE = {"script-src-attr": ["'unsafe-inline'"]}
IMAGE_BROWSER_UPDATE = {"script-src": ["'unsafe-inline'"]}


class SiteCSPMiddleware(CSPMiddleware):
    def process_response(self, request, response):
        if request.path_info.startswith(reverse("admin:index")) and not hasattr(
            response, "_csp_update"
        ):
            response._csp_update = ADMIN_UPDATE
        return super().process_response(request, response)
