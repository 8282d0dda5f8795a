"""Who may do what to an article on its way to readers: the one rule every door asks.

Reporters (Editors) write and edit drafts, submit them for review, and propose changes to
live articles, which readers see only once a reviewer approves them. Chief editors
(news.publish_article) also publish, unpublish, schedule, place articles on the pages (pin,
headline, recommended, slideshow, bold) and send back; their own saves of a live article go
live. Either may be limited to some columns (newsroom.rights). The admin's form, its
read-only fields, its buttons, bulk actions, inlines and revision views all ask here, so the
rule holds on the server whatever a page shows or a crafted request sends.
"""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from news.models import Article

from . import rights
from .models import Submission

PUBLISH_PERMISSION = "news.publish_article"
# What a writer may change on a live article: a pending change of these waits for review.
CONTENT_FIELDS = (
    "title",
    "short_title",
    "summary",
    "body",
    "source",
    "source_url",
    "author",
    "original_title",
    "keywords",
    "cover",
)
# Who answers for a live article: the chief editors' to set (review fills it in).
CHIEF_FIELDS = ("editor_in_charge",)
# Where and until when an article shows on the pages: chief editors decide.
PLACEMENT_FIELDS = (
    "pinned_until",
    "is_headline",
    "is_recommended",
    "is_slideshow",
    "bold_title",
    "expires_at",
)
# Fixed once an article is live, for those who may not publish it.
LIVE_FIELDS = ("column", "published_at")


class Intent(models.TextChoices):
    """What a save of the article form does: the name of the button pressed."""

    SAVE = "_save"
    SUBMIT = "_submit"
    PUBLISH = "_publish"


def intent_of(data):
    """The intent of a posted form: the button pressed; a plain save otherwise (Django's
    "save and continue" and "save as new" among them)."""
    return next((intent for intent in Intent if intent.value in data), Intent.SAVE)


def can_publish(user, article=None):
    """Whether the user may publish, unpublish and place articles: at all, or this one."""
    if not user.has_perm(PUBLISH_PERMISSION):
        return False
    return article is None or article._state.adding or rights.reaches(user, article.column_id)


def open_submission(article):
    return Submission.objects.in_review().filter(article=article).first()


def why_not_review(user, submission):
    """Why the user may not decide the submission's current stage (None when they may): it
    is for one of the stage's group (or, with none, one who may publish there), neither its
    writer nor a signer of an earlier stage: three reviews are three people."""
    if submission.submitted_by_id == user.pk:
        return _("You sent it for review: someone else reviews it.")
    if submission.decisions.filter(decided_by=user).exists():
        return _("You signed an earlier stage of this review: someone else decides this one.")
    if submission.reviewing_group_id is None:
        in_stage = can_publish(user)
    else:
        in_stage = (
            user.is_superuser or user.groups.filter(pk=submission.reviewing_group_id).exists()
        )
    if not (in_stage and rights.reaches(user, submission.article.column_id)):
        return _("It waits for the reviewers of another stage.")
    return None


def may_review(user, submission):
    return why_not_review(user, submission) is None


def reviewable_by(user, submissions):
    """The submissions of `submissions` (a queryset) whose current stage the user may decide:
    why_not_review's rule for many at once, in the query."""
    submissions = rights.within_reach(user, submissions, "article__column_id")
    submissions = submissions.exclude(submitted_by=user).exclude(decisions__decided_by=user)
    if user.is_superuser:
        return submissions
    stage = models.Q(reviewing_group__in=Group.objects.filter(user=user))
    if can_publish(user):
        stage |= models.Q(reviewing_group__isnull=True)
    return submissions.filter(stage)


def is_live(article):
    """Published (live now, scheduled or expired): its content is what a review approved."""
    return not article._state.adding and article.status == Article.Status.PUBLISHED


def edits_as_change(user, article):
    """Whether this user's save of this article is a pending change rather than a save."""
    return is_live(article) and not can_publish(user, article)


def buttons_for(user, article):
    """(intent, label, is_main) of the buttons this user has on this article's form. A save
    comes first, so that Enter in a field saves rather than publishes or submits. A save by
    one who does not review the current stage sends what is in review back to its first
    stage (newsroom.review.restart), and says so."""
    if article.status == Article.Status.WITHDRAWN and not article._state.adding:
        # It comes back by being reinstated (newsroom.takedown), then as any draft does.
        return [(Intent.SAVE, _("Save (stays withdrawn)"), True)]
    submission = None if article._state.adding else open_submission(article)
    reviews_it = submission is not None and may_review(user, submission)
    in_review_save = (
        (Intent.SAVE, _("Save (stays in review)"), True)
        if reviews_it
        else (Intent.SAVE, _("Save and send for review again"), True)
    )
    if can_publish(user, article):
        if is_live(article):
            return [
                # Unpublishing is the list's action, which asks first (the form's tools).
                (Intent.SAVE, _("Save (readers see it at once)"), True),
            ]
        # Published by hand when in no review, or when its last stage waits for this user:
        # a chief editor does not skip 初审 and 复审.
        if submission is None or (submission.is_last_stage and reviews_it):
            return [
                (Intent.SAVE, _("Save without publishing"), False),
                (Intent.PUBLISH, _("Publish"), True),
            ]
        return [in_review_save]
    if is_live(article):
        if submission is not None:  # its change is in review
            return [in_review_save]
        return [
            (Intent.SAVE, _("Save the change, submit later"), False),
            (Intent.SUBMIT, _("Submit the change for review"), True),
        ]
    if article.status == Article.Status.PENDING and not article._state.adding:
        return [in_review_save]
    return [(Intent.SAVE, _("Save draft"), False), (Intent.SUBMIT, _("Submit for review"), True)]


def may(user, article, intent):
    """Whether this user may save this article with this intent (button)."""
    return intent in {button for button, _label, _main in buttons_for(user, article)}


def locked_fields(user, article):
    """Fields this user sees but may not change on this article. The review note is the last
    reviewer's who sent it back (the review page writes it), for everyone."""
    if can_publish(user, article):
        return ("review_note",)
    locked = ("review_note", *PLACEMENT_FIELDS, *CHIEF_FIELDS)
    if article is not None and is_live(article):
        locked += LIVE_FIELDS
    return locked
