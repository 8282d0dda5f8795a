"""Serving attachments: as downloads, under their display titles, only when the article is."""

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from uploads import serving

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
    try:
        return serving.download(
            attachment.file,
            attachment.content_type,
            attachment.download_name,
            public=attachment.is_public,
        )
    except Http404 as error:
        raise Http404(_("No such attachment.")) from error
