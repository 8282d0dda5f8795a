"""The body editor's image uploads and image browser (django-ckeditor's uploader), checked
before storing and open only to those who may change articles.

An upload is kept from readers (uploads.pending) until the body that shows it goes live; the
editor gets its staff address. The image browser lists the public (approved) ones."""

from functools import wraps
from io import BytesIO
from pathlib import PurePath

from ckeditor_uploader import views as ckeditor_views
from ckeditor_uploader.backends import get_backend
from ckeditor_uploader.backends.pillow_backend import THUMBNAIL_SIZE, PillowBackend
from ckeditor_uploader.utils import get_thumb_filename
from csp.decorators import csp_update
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseForbidden, JsonResponse
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from PIL import Image

from config.csp import IMAGE_BROWSER_UPDATE

from . import pending
from .images import EXTENSIONS, eight_bit, extension_for, generated_name
from .storage import media_storage

EDITOR_PERMISSION = "news.change_article"


class SameFormatThumbnailBackend(PillowBackend):
    """CKEDITOR_IMAGE_BACKEND: the image browser's thumbnail (`<name>_thumb.<ext>`, a name the
    uploader fixes) is written in the image's own format, so its bytes match its name; and
    the image is removed again if its thumbnail cannot be made."""

    def save_as(self, filepath):
        saved_path = self.storage_engine.save(filepath, self.file_object)
        try:
            self.create_thumbnail(self.file_object, saved_path)
        except Exception:
            self.storage_engine.delete(saved_path)
            raise
        return saved_path

    def create_thumbnail(self, file_object, file_path):
        file_object.seek(0)
        with Image.open(file_object) as image:
            # In the format its extension names (an MPO's thumbnail is a plain JPEG).
            image_format = Image.registered_extensions()[f".{EXTENSIONS[image.format]}"]
            image = eight_bit(image)
            image.thumbnail(THUMBNAIL_SIZE, Image.Resampling.LANCZOS)
            buffer = BytesIO()
            image.save(buffer, format=image_format)
        return self.storage_engine.save(get_thumb_filename(file_path), buffer)


def editor_required(refusal):
    """Staff with news.change_article, the permission article previews ask for too; others
    on the staff get `refusal(message)` with a 403."""

    def decorator(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            if not request.user.has_perm(EDITOR_PERMISSION):
                return refusal(_("You may not upload or browse images."), status=403)
            return view(request, *args, **kwargs)

        return staff_member_required(checked)

    return decorator


class CheckedImageUploadView(View):
    """ckeditor_uploader's upload, checked, named and stored here (its own view would store
    under CKEDITOR_UPLOAD_PATH, public), answered in CKEditor 4's JSON."""

    http_method_names = ["post"]

    def post(self, request, **kwargs):
        upload = request.FILES.get("upload")
        if upload is None:
            return upload_refusal(_("No file was sent."))
        try:
            # Named from the format Pillow detects, never the uploader's own name, so a PNG
            # called page.html is stored as .png.
            name = generated_name(pending.PENDING_UPLOADS, extension_for(upload))
            saved = get_backend()(media_storage(), upload).save_as(name)
        except ValidationError as error:
            return upload_refusal(error.messages[0])
        except OSError:
            return upload_refusal(_("The file is not an image, or it is damaged."))
        return uploaded(pending.staff_address(saved), PurePath(saved).name)


def uploaded(url, file_name):
    """The answer CKEditor 4 (4.9 on) reads from every upload it sends by XHR: the image
    dialog's (filebrowserUploadMethod "xhr"), a pasted or a dropped image. Never the old
    form post's answer, a page whose inline script calls the dialog back
    (`?CKEditorFuncNum=N`): no policy of this site lets such a script run."""
    return JsonResponse({"url": url, "uploaded": "1", "fileName": file_name})


def upload_refusal(message, status=200):
    # The JSON answer CKEditor 4's uploader shows to the editor.
    return JsonResponse({"uploaded": 0, "error": {"message": message}}, status=status)


# CSRF-protected: the admin's editor sends the token with its uploads (config/static/js/
# ckeditor-csrf.js); the request size is capped before the body is read
# (config.request_guards).
upload = editor_required(upload_refusal)(CheckedImageUploadView.as_view())
browse = never_cache(
    editor_required(HttpResponseForbidden)(csp_update(IMAGE_BROWSER_UPDATE)(ckeditor_views.browse))
)
