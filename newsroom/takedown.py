"""撤稿: a chief editor takes articles down at once. Each answers 410 Gone from then on
(its page; lists, feeds, the sitemap, search, tags and related lists know only public
articles), its own files are moved out of what readers may fetch, the folder or the bucket
(news.withdrawn_media), a CDN is asked to forget its addresses (news.cdn), and the reason is
kept in its revision and the audit log. Reinstating brings the files back and leaves the
article a draft, to be published again as any draft is."""

from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_noop

from auditlog.models import Action
from news import cdn, withdrawn_media
from news.attachments import Attachment
from news.models import Article
from sitesettings.display import CARE_PREFIX

from . import review
from .bulk import Outcome, change_all
from .models import Submission
from .revision_comments import said


@dataclass
class Withdrawal(Outcome):
    # Addresses the CDN could not be made to forget, and files that could not be moved.
    not_purged: list = field(default_factory=list)
    not_moved: list = field(default_factory=list)


def withdraw(user, articles, reason, absolute):
    """Take down the articles that went or may go public (live, scheduled or expired);
    `absolute` makes an address absolute, for the CDN."""
    chosen = articles.filter(status=Article.Status.PUBLISHED)
    considered = articles.count()
    pks = list(chosen.values_list("pk", flat=True))
    with transaction.atomic():
        # What was in review of them (a change to a live article) is withdrawn with them.
        review.close_all(
            Submission.objects.in_review().filter(article_id__in=pks), Submission.State.WITHDRAWN
        )
        count = change_all(
            user,
            Article.objects.filter(pk__in=pks),
            said(gettext_noop("Withdrawn: %(reason)s"), reason=reason),
            audited=Action.WITHDRAW,
            audit_detail={"comment": reason},
            status=Article.Status.WITHDRAWN,
        )
    outcome = Withdrawal(count, considered)
    urls = []
    for article in Article.objects.filter(pk__in=pks).select_related("column"):
        urls += addresses(article)
        try:
            withdrawn_media.take_down(article)
        except OSError:
            outcome.not_moved.append(article.title)
    outcome.not_purged = cdn.purge(absolute(url) for url in urls)
    return outcome


def reinstate(user, articles):
    """Bring withdrawn articles back as drafts, their files served again."""
    chosen = list(articles.filter(status=Article.Status.WITHDRAWN))
    count = change_all(
        user,
        Article.objects.filter(pk__in=[article.pk for article in chosen]),
        said(gettext_noop("Reinstated after withdrawal, as a draft.")),
        audited=Action.REINSTATE,
        status=Article.Status.DRAFT,
    )
    outcome = Withdrawal(count, articles.count())
    for article in chosen:
        try:
            withdrawn_media.bring_back(article)
        except OSError:
            outcome.not_moved.append(article.title)
    return outcome


def addresses(article):
    """Every address that showed the article or its files: its page and the lists it was
    in, in each language and in the 关怀版, its attachments' downloads, its files."""
    pages = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            pages += [
                article.get_absolute_url(),
                reverse("home"),
                reverse("feed"),
                reverse("column", kwargs={"slug": article.column.slug}),
                reverse("column_feed", kwargs={"slug": article.column.slug}),
            ]
    pages += [CARE_PREFIX + page.lstrip("/") for page in pages]
    pages += [
        reverse("attachment", kwargs={"pk": pk})
        for pk in Attachment.objects.filter(article=article).values_list("pk", flat=True)
    ]
    files = withdrawn_media.own_files(article)
    # Bodies written before the media moved into a bucket show them at MEDIA_URL too.
    prefixes = sorted(withdrawn_media.prefixes())
    return pages + [prefix + name for name in sorted(files) for prefix in prefixes]
