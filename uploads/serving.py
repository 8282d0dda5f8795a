"""Sending a stored file as a download, wherever it is stored: from the local folder
(Django, or nginx through X-Accel-Redirect) or from the bucket, read in pieces as it is
sent, never whole into memory."""

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header


def download(field_file, content_type, download_name, *, public, as_attachment=True):
    """The response that sends the file as an attachment named download_name (or, not
    `as_attachment`, to be shown: a checked image); a file that is not public is kept by no
    cache. Http404 when the file is not in storage."""
    storage = field_file.storage
    if settings.ATTACHMENT_X_ACCEL_REDIRECT and not hasattr(storage, "streamed"):
        # nginx sends the file from its internal location (README, "Deploy").
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.MEDIA_URL + field_file.name
    else:
        file, length = opened(storage, field_file.name)
        response = FileResponse(file, content_type=content_type)
        response["Content-Length"] = length
    response["Content-Disposition"] = content_disposition_header(as_attachment, download_name)
    response["X-Content-Type-Options"] = "nosniff"
    if not public:
        response["Cache-Control"] = "private, no-store"
    return response


def opened(storage, name):
    """(file, length) of the stored file, opened to be read in pieces."""
    try:
        if hasattr(storage, "streamed"):  # a bucket (uploads.bucket)
            return storage.streamed(name)
        file = storage.open(name, "rb")
    except FileNotFoundError as error:
        raise Http404(name) from error
    return file, file.size
