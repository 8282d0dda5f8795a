"""The body editor's link dialog uploads: a document, checked as attachments are, stored
under a generated name and linked from the body.

Such a file is public as the body's images are (MEDIA_URL); a file that must follow the
article's visibility is an attachment (the article form's inline) instead."""

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .documents import inspect_document
from .images import generated_name


@staff_member_required
@require_POST
def upload_document(request):
    if not request.user.has_perm("news.change_article"):
        return _refusal(_("You may not upload files."), status=403)
    upload = request.FILES.get("upload")
    if upload is None:
        return _refusal(_("No file was sent."))
    try:
        inspect_document(upload)
    except ValidationError as error:
        return _refusal(error.messages[0])
    # inspect_document has made sure the name's extension is one this kind may carry.
    extension = upload.name.rsplit(".", 1)[-1].lower()
    name = default_storage.save(generated_name("uploads/files", extension), upload)
    return JsonResponse({"uploaded": 1, "fileName": upload.name, "url": default_storage.url(name)})


def _refusal(message, status=200):
    # The JSON answer CKEditor 4's uploader shows to the editor.
    return JsonResponse({"uploaded": 0, "error": {"message": message}}, status=status)
