"""The language of a request.

Reader pages take it from the URL alone (`/en/…` for English, no prefix for Chinese, with
hreflang alternates), so a page is the same for every reader: it sets no cookie, does not
vary on Cookie, and a shared cache can keep it. The admin and the other unprefixed staff
pages still follow the language cookie and the browser's Accept-Language.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


def is_staff_path(path):
    return path.startswith((f"/{settings.ADMIN_PATH}", "/ckeditor/"))


class ReaderLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request):
        if not is_staff_path(request.path_info):
            return super().process_request(request)
        translation.activate(translation.get_language_from_request(request))
        request.LANGUAGE_CODE = translation.get_language()
        return None

    def process_response(self, request, response):
        if is_staff_path(request.path_info):
            return super().process_response(request, response)
        # A reader page is in its URL's language, whatever the browser asks for: it does not
        # vary on Accept-Language, so a shared cache keeps one copy of it.
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
