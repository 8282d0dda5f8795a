"""The body editor's link dialog uploads: a document, checked as attachments are, stored
under a generated name and linked from the body.

Such a file waits as the body's images do (uploads.pending): staff fetch it through the
admin until the body that links it goes live, then readers at its public address
(MEDIA_URL). A file that must follow the article's visibility afterwards is an attachment
(the article form's inline) instead."""

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import pending
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
    name = default_storage.save(generated_name(pending.PENDING_FILES, extension), upload)
    return JsonResponse(
        {"uploaded": 1, "fileName": upload.name, "url": pending.staff_address(name)}
    )


def _refusal(message, status=200):
    # The JSON answer CKEditor 4's uploader shows to the editor.
    return JsonResponse({"uploaded": 0, "error": {"message": message}}, status=status)
