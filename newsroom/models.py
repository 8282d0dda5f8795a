"""The newsroom's records: where each member of staff may work (column rights), how a
column's articles are reviewed (review paths), what is in review and who decided what
(submissions and their decisions), and changes to live articles waiting for review."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from categories.models import Category
from config.validators import reject_control_characters
from uploads import images

from .revision_comments import pgettext_noop


class ColumnRight(models.Model):
    """The columns (with their descendants) one user or one group works in: DedeCMS's
    栏目权限. Staff with no right of their own or of their groups work everywhere."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="column_right",
    )
    group = models.OneToOneField(
        Group,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="column_right",
    )
    columns = models.ManyToManyField(
        Category,
        verbose_name=_("columns"),
        related_name="+",
        help_text=_("Each with all its sub-columns."),
    )

    class Meta:
        verbose_name = _("column right")
        verbose_name_plural = _("column rights")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False, group__isnull=True)
                | Q(user__isnull=True, group__isnull=False),
                name="column_right_of_a_user_or_a_group",
                violation_error_message=_("Choose either a user or a group."),
            )
        ]

    def __str__(self):
        return str(self.user or self.group)


# A path's stages are named by how many it has: 审核 alone, or 初审, 复审, 终审; kept in no
# language, so that a revision's comment names its stage in the language of its reader.
STAGE_NAMES = {
    1: (pgettext_noop("review stage", "Review"),),
    2: (
        pgettext_noop("review stage", "First review"),
        pgettext_noop("review stage", "Final review"),
    ),
    3: (
        pgettext_noop("review stage", "First review"),
        pgettext_noop("review stage", "Second review"),
        pgettext_noop("review stage", "Final review"),
    ),
}


class ReviewPath(models.Model):
    """A column's review stages in order (初审, 复审, 终审), each done by a group. Its
    sub-columns follow it unless they have a path of their own; a column with none is
    reviewed in one stage by those who may publish there."""

    column = models.OneToOneField(
        Category, verbose_name=_("column"), on_delete=models.CASCADE, related_name="+"
    )
    first_stage = models.ForeignKey(
        Group, verbose_name=_("first stage"), on_delete=models.PROTECT, related_name="+"
    )
    second_stage = models.ForeignKey(
        Group,
        verbose_name=_("second stage"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    third_stage = models.ForeignKey(
        Group,
        verbose_name=_("third stage"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("review path")
        verbose_name_plural = _("review paths")

    def __str__(self):
        return str(self.column)

    def clean(self):
        if self.third_stage_id and not self.second_stage_id:
            raise ValidationError({"third_stage": _("Give the second stage first.")})
        if len(set(self.group_ids)) < len(self.group_ids):
            raise ValidationError(_("Each stage is done by a group of its own."))

    @property
    def group_ids(self):
        stages = (self.first_stage_id, self.second_stage_id, self.third_stage_id)
        return [group_id for group_id in stages if group_id]


class SubmissionQuerySet(models.QuerySet):
    def in_review(self):
        return self.filter(state=Submission.State.IN_REVIEW)


class Submission(models.Model):
    """An article, or a change to a live article, sent for review: it passes the stages of
    its column's path (as the path was when it was sent) until the last approves, or one
    sends it back."""

    class State(models.TextChoices):
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")
        SENT_BACK = "sent_back", _("Sent back")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    article = models.ForeignKey(
        "news.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="submissions",
    )
    is_change = models.BooleanField(
        _("change to a live article"),
        default=False,
        help_text=_("A change to a published article, rather than a new article."),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.IN_REVIEW
    )
    # The groups of the path's stages when it was sent; null: those who may publish.
    stage_groups = models.JSONField(default=list)
    stage = models.PositiveSmallIntegerField(_("stage"), default=0)
    # The group of the stage now reviewing (stage_groups[stage]), a column for the queue to
    # filter on; null: those who may publish.
    reviewing_group = models.ForeignKey(
        Group,
        verbose_name=_("reviewing group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("review queue")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(state="in_review"),
                name="one_review_of_an_article_at_a_time",
            )
        ]
        indexes = [models.Index(fields=["state", "submitted_at"], name="submission_queue")]

    def __str__(self):
        return str(self.article)

    @property
    def stage_names(self):
        return [str(name) for name in STAGE_NAMES[len(self.stage_groups)]]

    @property
    def stage_name(self):
        return str(self.stage_said)

    @property
    def stage_said(self):
        """The current stage's name in no language, for a revision's comment."""
        names = STAGE_NAMES[len(self.stage_groups)]
        return names[min(self.stage, len(names) - 1)]

    @property
    def is_last_stage(self):
        return self.stage == len(self.stage_groups) - 1


class Decision(models.Model):
    """One stage's approval or sending back, signed and dated, with the reviewer's comment."""

    submission = models.ForeignKey(
        Submission,
        verbose_name=_("submission"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    stage = models.PositiveSmallIntegerField(_("stage"))
    approved = models.BooleanField(_("approved"))
    comment = models.TextField(_("comment"), blank=True, validators=[reject_control_characters])
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["decided_at", "pk"]

    def __str__(self):
        # As the history's review record says it (审核 · 退回): a list of what a deletion
        # takes names each decision so, where the stage alone read "审核意见: 审核".
        verdict = gettext("approved") if self.approved else gettext("sent back")
        return f"{self.stage_name} · {verdict}"

    @property
    def stage_name(self):
        return self.submission.stage_names[self.stage]


class PendingChange(models.Model):
    """A change to a live article that waits for review: readers see the live article until
    a reviewer approves. It keeps the live values the writer started from, so that approving
    applies only what the writer changed, over whatever a chief editor changed meanwhile."""

    article = models.OneToOneField(
        "news.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="pending_change",
    )
    proposed = models.JSONField(_("proposed values"))
    base = models.JSONField(_("values it started from"))
    # A new cover proposed with the change, kept apart from the live one until approved.
    cover = models.ImageField(
        _("proposed cover"),
        upload_to=images.pending_cover_upload_to,
        blank=True,
        validators=[images.validate_image],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Raised by every save: a form opened on an older one is stale, as for articles.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("pending change")
        verbose_name_plural = _("pending changes")

    def __str__(self):
        return str(self.article)

    @property
    def changed_fields(self):
        """The fields the writer changed, with their proposed values."""
        return {
            name: value for name, value in self.proposed.items() if self.base.get(name) != value
        }
