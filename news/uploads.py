"""The body editor's image uploads (django-ckeditor's uploader), checked before storing."""

from ckeditor_uploader.views import ImageUploadView
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from .images import extension_for, generated_name, inspect_image


def upload_filename(filename, request):
    """CKEDITOR_FILENAME_GENERATOR: the name comes from the format Pillow detects, never the
    uploader's own name, so a PNG called page.html is stored as .png."""
    return generated_name("", extension_for(request.FILES["upload"])).lstrip("/")


class CheckedImageUploadView(ImageUploadView):
    def post(self, request, **kwargs):
        if not request.user.has_perm("news.change_article") and not request.user.has_perm(
            "news.add_article"
        ):
            return _refusal(_("You may not upload images."), status=403)
        # ckeditor_uploader writes CKEditorFuncNum into a <script> with only HTML escaping, so
        # `?CKEditorFuncNum=1);alert(1);//` would run script; CKEditor only ever sends a number.
        func_num = request.GET.get("CKEditorFuncNum")
        if func_num is not None and not func_num.isdecimal():
            return _refusal(_("The upload request is malformed."), status=400)
        upload = request.FILES.get("upload")
        if upload is None:
            return _refusal(_("No file was sent."))
        try:
            inspect_image(upload)
        except ValidationError as error:
            return _refusal(error.messages[0])
        return super().post(request, **kwargs)


def _refusal(message, status=200):
    # The JSON answer CKEditor 4's uploader shows to the editor.
    return JsonResponse({"uploaded": 0, "error": {"message": message}}, status=status)


# CKEditor posts from its own dialog without the CSRF token; the session cookie is
# SameSite=Lax, so a cross-site form cannot carry a staff session here.
upload = csrf_exempt(staff_member_required(CheckedImageUploadView.as_view()))
