"""Serving attachments: as downloads, under their display titles, only when the article is."""

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .attachments import Attachment
from .models import Article


@require_safe
def download(request, pk):
    attachment = (
        Attachment.objects.annotate(
            is_public=Exists(Article.objects.published().filter(pk=OuterRef("article_id")))
        )
        .filter(pk=pk)
        .first()
    )
    # A draft's or a scheduled article's files are for those who may edit it (its preview).
    if attachment is None or not (
        attachment.is_public or request.user.has_perm("news.change_article", attachment.article)
    ):
        raise Http404(_("No such attachment."))
    if settings.ATTACHMENT_X_ACCEL_REDIRECT:
        # nginx sends the file from its internal location (README, "Deploy").
        response = HttpResponse(content_type=attachment.content_type)
        response["X-Accel-Redirect"] = settings.MEDIA_URL + attachment.file.name
    else:
        try:
            response = FileResponse(
                attachment.file.open("rb"), content_type=attachment.content_type
            )
        except FileNotFoundError as error:
            raise Http404(_("No such attachment.")) from error
    response["Content-Disposition"] = content_disposition_header(True, attachment.download_name)
    response["X-Content-Type-Options"] = "nosniff"
    if not attachment.is_public:
        response["Cache-Control"] = "private, no-store"
    return response
