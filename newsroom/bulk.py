"""Bulk changes to articles: what the article list's actions do (newsroom.actions), and
`manage.py articles` for selections larger than a request may take (BULK_ACTION_LIMIT).

Each operation takes the acting user and the articles (a queryset within their reach), asks
the workflow which of them it may change, and changes those in a few statements, not one per
article, with one revision holding a version of each. (An unpublished article's pending
change is merged into its draft one article at a time: review.unpublished.)
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_noop

from auditlog.models import Action
from auditlog.records import record_each
from news.models import Article
from wording import checks as wording

from . import changes, review, workflow
from .display import real_name
from .forms import pin_end
from .models import PendingChange, Submission
from .revision_comments import said
from .revisions import keep_first_versions, publication_time, save_revision_of_all


@dataclass
class Outcome:
    changed: int
    # Those the operation considered, of which it changed `changed`: the rest were left out.
    considered: int
    # (article, the sensitive words found) of those held back by the word check.
    held: list = field(default_factory=list)
    # Of those changed, how many went back to the first stage of their review.
    restarted: int = 0

    @property
    def left_out(self):
        return self.considered - self.changed


def over_limit(count):
    """Whether a selection of `count` articles is too large to change within a request."""
    return count > settings.BULK_ACTION_LIMIT


def change_all(user, articles, comment, audited=None, audit_detail=None, **changes):
    """Apply a change to these articles as one statement, raising each one's version (so
    that forms opened before it are stale), and keep a revision of them (and with an
    `audited` action, an audit entry of each, with `audit_detail`); their number."""
    pks = list(articles.values_list("pk", flat=True))
    if not pks:
        return 0
    with transaction.atomic():
        keep_first_versions(Article.objects.filter(pk__in=pks))
        count = Article.objects.filter(pk__in=pks).update(
            **changes,
            version=F("version") + 1,
            updated_by=user,
            updated_at=timezone.now(),
        )
        save_revision_of_all(Article.objects.filter(pk__in=pks), user, comment)
        if audited:
            changed = Article.objects.filter(pk__in=pks).only("pk", "title")
            record_each(audited, changed, detail=audit_detail)
    return count


def publish(user, articles):
    """Publish the unpublished articles, but not one whose review waits at an earlier stage
    or at a stage that is not the user's: a chief editor does not skip it. A review that the
    user decides now closes as approved by them."""
    # A withdrawn article comes back by being reinstated first (newsroom.takedown).
    unpublished = articles.exclude(status__in=[Article.Status.PUBLISHED, Article.Status.WITHDRAWN])
    considered = unpublished.count()
    # Blocked words stop them; words to confirm need a reason, given in the form.
    worded = wording.flagged(unpublished)
    unpublished = unpublished.exclude(pk__in=[article.pk for article, _words in worded])
    reviews = Submission.objects.in_review().filter(article__in=unpublished)
    decidable = set(workflow.reviewable_by(user, reviews).values_list("pk", flat=True))
    closed, held = [], []
    for submission in reviews:
        decides = submission.is_last_stage and submission.pk in decidable
        (closed if decides else held).append(submission)
    with transaction.atomic():
        review.close_as_published(closed, user)
        count = change_all(
            user,
            unpublished.exclude(pk__in=[submission.article_id for submission in held]),
            said(gettext_noop("Published.")),
            audited=Action.PUBLISH,
            status=Article.Status.PUBLISHED,
            review_note="",
            editor_in_charge=real_name(user),
            published_at=publication_time(timezone.now()),
        )
    return Outcome(count, considered, worded)


def submit(user, articles):
    """Send for review the drafts, and the changes to live articles not yet sent; a blocked
    sensitive word holds one back (`held`: with its words). Drafts go in a few statements
    (review.submit_all); each change is merged on its own (review.submit)."""
    considered = articles.count()
    drafts = articles.filter(status=Article.Status.DRAFT)
    changed = articles.filter(
        status=Article.Status.PUBLISHED, pk__in=PendingChange.objects.values("article")
    ).exclude(pk__in=Submission.objects.in_review().values("article"))
    held = wording.flagged(drafts, blocked_only=True)
    for article in changed:
        findings = wording.check_article(article, changes.pending_of(article).changed_fields)
        if findings.blocked:
            held.append((article, findings.words(findings.blocked)))
    kept_back = [article.pk for article, _words in held]
    with transaction.atomic():
        count = review.submit_all(drafts.exclude(pk__in=kept_back), user)
        for article in changed.exclude(pk__in=kept_back):
            review.submit(article, user, is_change=True)
            count += 1
    return Outcome(count, considered, held)


def unpublish(user, articles):
    """Set the live articles back to draft. A pending change goes into its draft (its
    writer's work, merged one article at a time: review.unpublished)."""
    live = articles.filter(status=Article.Status.PUBLISHED)
    changed = list(
        live.filter(pk__in=PendingChange.objects.values("article")).values_list("pk", flat=True)
    )
    with transaction.atomic():
        count = change_all(
            user,
            live,
            said(gettext_noop("Unpublished.")),
            audited=Action.UNPUBLISH,
            status=Article.Status.DRAFT,
        )
        for article in Article.objects.filter(pk__in=changed):
            review.unpublished(article, user)
    return Outcome(count, count)


def kept_in_place(user, articles):
    """Those of the articles that the user may not move: live ones, unless they publish."""
    if workflow.can_publish(user):
        return articles.none()
    return articles.filter(status=Article.Status.PUBLISHED)


def move(user, articles, column):
    """Move the articles to `column` (which the caller checked is within the user's reach);
    only those who may publish move live articles."""
    considered = articles.count()
    articles = articles.exclude(pk__in=kept_in_place(user, articles))
    moved = said(gettext_noop("Moved to %(column)s."), column=column)
    pks = list(articles.values_list("pk", flat=True))
    with transaction.atomic():
        count = change_all(user, Article.objects.filter(pk__in=pks), moved, column=column)
        restarted = review.moved(pks, user)
    return Outcome(count, considered, restarted=restarted)


def pin(user, articles, length, comment):
    """Pin the articles for `length` (a pin choice of the article form: "week", "forever")."""
    until = pin_end(length, None, timezone.now())
    count = change_all(user, articles, comment, pinned_until=until)
    return Outcome(count, count)


def unpin(user, articles):
    """Unpin the pinned articles (an article with no pin has nothing to change, and no
    revision to show for it)."""
    pinned = articles.exclude(pinned_until=None)
    count = change_all(user, pinned, said(gettext_noop("Unpinned.")), pinned_until=None)
    return Outcome(count, count)


def set_flag(user, articles, flag, value, comment):
    """Set or clear one editorial flag where it is not so already; only articles with a
    cover go into the slideshow."""
    considered = articles.count()
    if flag == "is_slideshow" and value:
        articles = articles.exclude(cover="")
    articles = articles.exclude(**{flag: value})
    return Outcome(change_all(user, articles, comment, **{flag: value}), considered)
