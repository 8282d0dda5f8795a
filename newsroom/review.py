"""Review before publishing (先审后发): sending an article or a change for review, each
stage's approval or sending back, publishing by a chief editor's own hand, and what waits
for whom.

Every step that changes what readers may see saves the article in a revision whose comment
says who did what, and every decision is a row (Decision) with its signer, time and comment.
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from auditlog import records
from auditlog.models import Action
from auditlog.records import record
from categories.models import Category
from news.models import Article
from wording import checks as wording

from . import changes, revisions, workflow
from .display import real_name
from .models import Decision, ReviewPath, Submission
from .revision_comments import said, stored
from .revisions import save_revision


def path_for(column):
    """The group ids of the column's review stages (its own path or its nearest ancestor's);
    [None] (those who may publish there) for a column with none."""
    paths = ReviewPath.objects.filter(
        column__in=column.get_ancestors(include_self=True)
    ).select_related("column")
    nearest = max(paths, key=lambda path: path.column.level, default=None)
    return nearest.group_ids if nearest else [None]


def submit(article, user, is_change=False):
    """Send the article (or its pending change) for review, from the first stage; what was
    in review of it before is withdrawn (one review of an article at a time)."""
    earlier = workflow.open_submission(article)
    if earlier is not None:
        close(earlier, Submission.State.WITHDRAWN)
    stages = path_for(article.column)
    if not is_change and article.status != Article.Status.PENDING:
        set_status(
            article, user, Article.Status.PENDING, said(gettext_noop("Submitted for review."))
        )
    return Submission.objects.create(
        article=article,
        is_change=is_change,
        submitted_by=user,
        stage_groups=stages,
        reviewing_group_id=stages[0],
    )


def submit_all(articles, user):
    """Send these drafts for review, as `submit` does each, in a few statements however
    many they are: their status and revision in bulk (bulk.change_all), a submission each
    on its column's path (read once per column)."""
    from .bulk import change_all

    articles = list(Article.objects.filter(pk__in=articles.values("pk")).only("pk", "column_id"))
    pks = [article.pk for article in articles]
    close_all(Submission.objects.in_review().filter(article_id__in=pks), Submission.State.WITHDRAWN)
    change_all(
        user,
        Article.objects.filter(pk__in=pks),
        said(gettext_noop("Submitted for review.")),
        status=Article.Status.PENDING,
        review_note="",
    )
    paths = {}
    for column in Category.objects.filter(pk__in={article.column_id for article in articles}):
        paths[column.pk] = path_for(column)
    Submission.objects.bulk_create(
        (
            Submission(
                article_id=article.pk,
                submitted_by=user,
                stage_groups=paths[article.column_id],
                reviewing_group_id=paths[article.column_id][0],
            )
            for article in articles
        ),
        batch_size=1000,
    )
    return len(articles)


def reviewed_version(submission):
    """What a reviewer sees of the submission, as a token: a decision taken on a page opened
    before the article or its change was saved again is refused."""
    change = changes.pending_of(submission.article) if submission.is_change else None
    return f"{submission.stage}:{submission.article.version}.{change.version if change else 0}"


def edited_in_review(article, user, is_change=False):
    """Call after `user` changed what is in review of the article (its content, or for
    `is_change` its pending change): unless they review the current stage, the review starts
    again (restart). So it does, whoever made the change, when the article is no longer in a
    column of the path it was sent on (moved): its new column's stages review it. Whether
    it did."""
    submission = workflow.open_submission(article)
    if submission is None or submission.is_change != is_change:
        return False
    on_its_path = path_for(article.column) == submission.stage_groups
    if on_its_path and workflow.may_review(user, submission):
        return False
    restart(submission)
    return True


def moved(article_ids, user):
    """After `user` moved these articles to another column (the list's action): what is in
    review of each is edited as a form's save edits it (edited_in_review). How many reviews
    started again."""
    in_review = Submission.objects.in_review().filter(article_id__in=article_ids)
    return sum(
        edited_in_review(submission.article, user, is_change=submission.is_change)
        for submission in in_review.select_related("article__column")
    )


def restart(submission):
    """What is in review changed by the hand of one who does not review its current stage:
    it goes back to the first stage, as a new submission of the same writer (submit
    withdraws this one), so that every stage reviews what goes public."""
    return submit(submission.article, submission.submitted_by, is_change=submission.is_change)


def queue_unqueued():
    """Give a submission to each article pending review that has none in review: articles
    an import or a script set pending (import_articles, import_dedecms) wait in the queue as
    those submitted here do, from their last change."""
    unqueued = Article.objects.filter(status=Article.Status.PENDING).exclude(
        pk__in=Submission.objects.in_review().values("article")
    )
    paths = {}  # by column: an import brings many articles of a few columns
    submissions = []
    for article in unqueued.select_related("column"):
        if article.column_id not in paths:
            paths[article.column_id] = path_for(article.column)
        stages = paths[article.column_id]
        submissions.append(
            Submission(
                article=article,
                submitted_by_id=article.updated_by_id or article.created_by_id,
                submitted_at=article.updated_at,
                stage_groups=stages,
                reviewing_group_id=stages[0],
            )
        )
    # ignore_conflicts: another request queued one of them meanwhile.
    Submission.objects.bulk_create(submissions, ignore_conflicts=True)


def queue_for(user):
    """Submissions whose current stage the user may decide, oldest first: articles still
    pending, changes still waiting (an import may have published the one, a chief editor
    applied or dropped the other)."""
    queue_unqueued()
    waiting = (
        Submission.objects.in_review()
        .filter(
            Q(is_change=False, article__status=Article.Status.PENDING)
            | Q(is_change=True, article__pending_change__isnull=False)
        )
        .select_related("article", "article__column", "submitted_by")
    )
    return workflow.reviewable_by(user, waiting)


def is_reviewer(user):
    """Whether the user reviews anything at all (has a review queue)."""
    if not user.is_authenticated:
        return False
    return (
        user.is_superuser
        or workflow.can_publish(user)
        or ReviewPath.objects.filter(
            Q(first_stage__user=user) | Q(second_stage__user=user) | Q(third_stage__user=user)
        ).exists()
    )


def approve(submission, user, comment="", confirmed=None):
    """The current stage approves: the next stage reviews, or after the last one the article
    (or its change) goes live. `confirmed`: (the words to confirm that a chief editor
    confirmed, their reason), recorded with it."""
    sign(submission, user, True, comment)
    record(
        Action.APPROVE,
        submission.article,
        detail={**stage_of(submission), "comment": comment, "published": submission.is_last_stage},
    )
    if not submission.is_last_stage:
        submission.stage += 1
        submission.reviewing_group_id = submission.stage_groups[submission.stage]
        submission.save(update_fields=["stage", "reviewing_group"])
        return
    close(submission, Submission.State.APPROVED)
    if submission.is_change:
        approved = said(gettext_noop("Change approved (%(stage)s)."), stage=submission.stage_said)
    else:
        approved = said(
            gettext_noop("Approved and published (%(stage)s)."), stage=submission.stage_said
        )
    if confirmed:
        approved += " " + override_note(*confirmed)
    if submission.is_change:
        submission.article.editor_in_charge = real_name(user)
        changes.apply(submission.article, user, approved)
    else:
        publish(submission.article, user, approved)
    if confirmed:
        wording.record_override(submission.article, *confirmed)


def override_note(hits, reason):
    """The revision's word on a chief editor's confirming of warned words."""
    words = "、".join(wording.Findings(hits).words())
    return said(
        gettext_noop("Sensitive words confirmed (%(words)s): %(reason)s"),
        words=words,
        reason=reason,
    )


def send_back(submission, user, comment):
    """The current stage sends the submission back to its writer, with a comment they see."""
    send_back_all([submission], user, comment)


def send_back_all(submissions, user, comment):
    """Send these submissions back at their current stages, in a few statements however many
    they are: an article goes back to draft; a change leaves its live article as it is, the
    comment for the change's writer."""
    from .bulk import change_all

    Decision.objects.bulk_create(
        Decision(
            submission=submission,
            stage=submission.stage,
            approved=False,
            comment=comment,
            decided_by=user,
        )
        for submission in submissions
    )
    close_all(
        Submission.objects.filter(pk__in=[submission.pk for submission in submissions]),
        Submission.State.SENT_BACK,
    )
    records.save(
        [
            records.new_entry(
                Action.SEND_BACK,
                submission.article,
                detail={**stage_of(submission), "comment": comment},
            )
            for submission in submissions
        ]
    )
    for is_change, message, status in (
        (False, gettext_noop("Sent back: %(comment)s"), {"status": Article.Status.DRAFT}),
        (True, gettext_noop("Change sent back: %(comment)s"), {}),
    ):
        pks = [s.article_id for s in submissions if s.is_change == is_change]
        change_all(
            user,
            Article.objects.filter(pk__in=pks),
            said(message, comment=comment),
            review_note=comment,
            **status,
        )


def sign(submission, user, approved, comment):
    """Record the current stage's decision, signed and dated."""
    Decision.objects.create(
        submission=submission,
        stage=submission.stage,
        approved=approved,
        comment=comment,
        decided_by=user,
    )


def stage_of(submission):
    """Which stage of how many decided, as the audit log keeps it."""
    return {"stage": submission.stage + 1, "stages": len(submission.stage_groups)}


def close(submission, state):
    submission.state, submission.closed_at = state, timezone.now()
    submission.save(update_fields=["state", "closed_at"])


def close_all(submissions, state):
    """Close these submissions (a queryset) in one statement."""
    submissions.update(state=state, closed_at=timezone.now())


def unpublished(article, user):
    """After a live article went back to draft: its pending change (its writer's work) goes
    into the draft, which is reviewed as a whole when it is sent again, and the change's
    review, if any, is withdrawn."""
    submission = workflow.open_submission(article)
    if submission is not None and submission.is_change:
        close(submission, Submission.State.WITHDRAWN)
    changes.apply(
        article, user, said(gettext_noop("Unpublished: its pending change went into the draft."))
    )


def publish(article, user, comment):
    """Make the article live (when: revisions.publication_time); the approving chief editor
    answers for it (责任编辑)."""
    article.published_at = (
        Article.objects.filter(pk=article.pk)
        .values_list(revisions.publication_time(timezone.now()), flat=True)
        .get()
    )
    article.editor_in_charge = real_name(user)
    article.review_note = ""
    set_status(article, user, Article.Status.PUBLISHED, comment)


def publish_directly(article, user):
    """A chief editor publishes with their own hand: a review in progress is closed as
    approved by them, signed at its current stage."""
    submission = workflow.open_submission(article)
    if submission is not None:
        close_as_published([submission], user)


def close_as_published(submissions, user):
    """Close these submissions as approved, each signed by `user` at its current stage, in
    two statements however many they are."""
    Decision.objects.bulk_create(
        Decision(
            submission=submission,
            stage=submission.stage,
            approved=True,
            comment=stored(said(gettext_noop("Published directly."))),
            decided_by=user,
        )
        for submission in submissions
    )
    close_all(
        Submission.objects.filter(pk__in=[submission.pk for submission in submissions]),
        Submission.State.APPROVED,
    )


def set_status(article, user, status, comment):
    article.status = status
    save_revision(article, user, comment)
