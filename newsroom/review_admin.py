"""The review queue (待审核) in the admin: what waits for the user's stage, oldest first, and
the review page where a stage approves or sends back, with a comparison of what it
approves."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.models import Version

from config.validators import id_in_address
from news.models import Article
from news.text import plain_text, summarize, summary_adds
from wording import checks as wording

from . import changes, review, revisions, workflow
from .display import person
from .forms import shown_address, wording_reason_field
from .models import Submission


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Review comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Required to send back: the writer reads it."),
    )
    wording_reason = wording_reason_field(
        gettext_lazy("A chief editor's, kept in the article's history and in the audit log.")
    )
    # What the page showed (review.reviewed_version): a decision on an older page is refused.
    reviewed = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, current, findings, may_confirm, *args, **kwargs):
        """`findings`: the sensitive words of what goes out; `may_confirm`: whether this
        approval makes it go live, by one who may confirm words to confirm."""
        super().__init__(*args, **kwargs)
        self.fields["reviewed"].initial = self.current = current
        self.findings, self.may_confirm = findings, may_confirm

    # Set by clean: the words to confirm that an approval confirmed.
    confirmed_hits = ()

    def clean(self):
        cleaned = super().clean()
        if "_send_back" in self.data and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Say what the writer should change."))
        if "_approve" in self.data:
            self.check_wording(cleaned)
        if cleaned.get("reviewed") != self.current:
            # The page is drawn again with what is there now, and the comment kept.
            self.data = self.data.copy()
            self.data["reviewed"] = self.current
            raise forms.ValidationError(
                _(
                    "The article was saved again after you opened this page: what you "
                    "decide on is shown below now. Look at it again before you decide."
                ),
                code="stale",
            )
        return cleaned

    def check_wording(self, cleaned):
        """Blocked words stop any approval; words to confirm stop the last one until a chief
        editor gives a reason."""
        for hit in self.findings.blocked:
            self.add_error(None, hit.message)
        if not (self.findings.warned and self.may_confirm is not None):
            return
        if not self.may_confirm:
            self.add_error(
                None, _("Only a chief editor may publish it despite the sensitive words.")
            )
        elif not cleaned.get("wording_reason", "").strip():
            self.add_error(
                "wording_reason",
                _("Give a reason to publish despite the sensitive words, or send it back."),
            )
        else:
            self.confirmed_hits = self.findings.warned


def what_goes_out(submission):
    """The sensitive words of what a submission makes public: the article, or the live
    article with its change."""
    article = submission.article
    if not submission.is_change:
        return wording.check_article(article)
    change = changes.pending_of(article)
    return wording.check_article(article, change.changed_fields if change else {})


def state_when(article, moment):
    """The article as its last revision before `moment` holds it (None if none is older)."""
    version = (
        Version.objects.get_for_object(article).filter(revision__date_created__lte=moment).first()
    )
    return revisions.state_in(version) if version else None


def what_is_reviewed(submission):
    """(heading, rows) of what a reviewer decides on: a change, the fields it changes in the
    live article; an article sent before, what changed since it was sent then; a new
    article, no rows (the page shows it in full)."""
    article = submission.article
    live = revisions.state_of(article)
    if submission.is_change:
        change = changes.pending_of(article)
        proposed = {**live, **(change.changed_fields if change else {})}
        rows = revisions.compare(live, proposed)
        return _("What the change changes in the live article"), revisions.changed_rows(rows)
    earlier = (
        Submission.objects.filter(article=article, submitted_at__lt=submission.submitted_at)
        .order_by("-submitted_at")
        .first()
    )
    before = state_when(article, earlier.submitted_at) if earlier else None
    if before is None:
        return _("The article"), None
    rows = revisions.compare(before, live)
    return _("What changed since it was sent last time"), revisions.changed_rows(rows)


def own_summary(summary, body_text):
    """The summary to show above the body: none when it only repeats the body's start."""
    return summary if summary_adds(summary, body_text) else ""


def proposed_article(submission):
    """A change in review as readers would read it once approved: the live text and cover
    with the change's (None for a new article, shown in full already)."""
    if not submission.is_change:
        return None
    article = submission.article
    change = changes.pending_of(article)
    changed = change.changed_fields if change else {}
    text = {name: getattr(article, name) for name in ("title", "summary", "body")}
    if "summary" not in changed and article.summary == summarize(article.body):
        text["summary"] = ""  # derived from the live body: approving derives it again
    text.update({k: v for k, v in changed.items() if k in text})
    return {
        **text,
        "summary": own_summary(text["summary"], plain_text(text["body"])),
        "cover_url": (
            shown_address(change.cover, article.pk)
            if change and change.cover
            else article.cover and article.cover.url
        ),
    }


@admin.register(Submission)
class ReviewQueueAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "writer", "column", "stage_shown", "submitted_at")
    list_display_links = ("title",)
    ordering = ("submitted_at", "pk")
    actions = None

    class Media:
        css = {"all": ("css/admin.css",)}

    def get_queryset(self, request):
        return review.queue_for(request.user)

    def has_module_permission(self, request):
        return review.is_reviewer(request.user)

    def has_view_permission(self, request, obj=None):
        return review.is_reviewer(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Review records go with their article: those who may delete it may delete them.
        return request.user.has_perm("news.delete_article")

    @admin.display(description=gettext_lazy("title"), ordering="article__title")
    def title(self, submission):
        return submission.article.title

    @admin.display(description=gettext_lazy("kind"), boolean=False, ordering="is_change")
    def kind(self, submission):
        return _("Change to a live article") if submission.is_change else _("New article")

    @admin.display(description=gettext_lazy("writer"), ordering="submitted_by")
    def writer(self, submission):
        return person(submission.submitted_by)

    @admin.display(description=gettext_lazy("column"), ordering="article__column")
    def column(self, submission):
        return submission.article.column

    @admin.display(description=gettext_lazy("stage"), ordering="stage")
    def stage_shown(self, submission):
        if len(submission.stage_groups) == 1:
            return submission.stage_name
        return _("%(stage)s (%(number)d of %(count)d)") % {
            "stage": submission.stage_name,
            "number": submission.stage + 1,
            "count": len(submission.stage_groups),
        }

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(
            request, {"title": _("Waiting for your review"), **(extra_context or {})}
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The review page: what is reviewed, the path so far, approve or send back."""
        pk = id_in_address(object_id, 2**63)
        submission = Submission.objects.select_related("article").filter(pk=pk).first()
        if pk is None or submission is None:
            raise Http404
        posted = request.POST if request.method == "POST" else None
        if submission.state == Submission.State.WITHDRAWN:
            return self.not_decided(
                request, posted, _("It changed in review and went back to the first stage.")
            )
        if submission.state != Submission.State.IN_REVIEW:
            return self.not_decided(request, posted, _("Someone decided on it before you."))
        reason = workflow.why_not_review(request.user, submission)
        if reason is not None:
            return self.not_decided(request, posted, reason)
        if posted and posted.get("reviewed", "").partition(":")[0] != str(submission.stage):
            # Decided at the stage the page showed, by someone else: not again at the next.
            return self.not_decided(request, posted, _("Someone decided on it before you."))
        findings = what_goes_out(submission)
        # None: this approval does not make it go live (an earlier stage).
        may_confirm = (
            workflow.can_publish(request.user, submission.article)
            if submission.is_last_stage
            else None
        )
        form = DecisionForm(review.reviewed_version(submission), findings, may_confirm, posted)
        if form.is_valid():
            return self.decide(request, submission, form)
        heading, rows = what_is_reviewed(submission)
        return TemplateResponse(
            request,
            "admin/newsroom/submission/review.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Review “%(title)s”") % {"title": submission.article.title},
                "opts": self.model._meta,
                "submission": submission,
                "article": submission.article,
                "summary": own_summary(submission.article.summary, submission.article.body_text),
                "heading": heading,
                "rows": rows,
                "form": form,
                "decisions": submission.decisions.select_related("decided_by"),
                "proposed": proposed_article(submission),
                "on_approval": what_approval_does(submission),
                "findings": findings,
                "asks_reason": bool(findings.warned) and bool(may_confirm),
                "can_open": self.has_article_permission(request, "view"),
                "can_preview": self.has_article_permission(request, "change"),
                "media": self.media,
            },
        )

    def has_article_permission(self, request, action):
        return request.user.has_perm(f"news.{action}_article")

    def not_decided(self, request, posted, message):
        """Back to the queue, saying why this reviewer decides nothing here (someone decided
        first, the review started again, another stage's), with the comment they typed."""
        comment = (posted or {}).get("comment", "").strip()
        if comment:
            message += " " + _("Your comment, not sent: %(comment)s") % {"comment": comment}
        self.message_user(request, message, messages.WARNING)
        return redirect("admin:newsroom_submission_changelist")

    def decide(self, request, submission, form):
        comment, title = form.cleaned_data["comment"].strip(), {"title": submission.article.title}
        confirmed = None
        if form.confirmed_hits:
            confirmed = (form.confirmed_hits, form.cleaned_data["wording_reason"].strip())
        with transaction.atomic():
            submission = Submission.objects.select_for_update().get(pk=submission.pk)
            if submission.state != Submission.State.IN_REVIEW:
                return self.not_decided(
                    request, request.POST, _("Someone decided on it before you.")
                )
            if "_send_back" in request.POST:
                review.send_back(submission, request.user, comment)
                message = _("“%(title)s” is sent back to its writer.") % title
            else:
                stage = submission.stage_name
                review.approve(submission, request.user, comment, confirmed)
                article = Article.objects.get(pk=submission.article_id)
                if submission.state != Submission.State.IN_REVIEW:
                    # An approved change is on the article now: named as it is called now.
                    title = {"title": article.title}
                if submission.state == Submission.State.IN_REVIEW:
                    message = _("%(stage)s approved: “%(title)s” goes to %(next)s.") % {
                        **title,
                        "stage": stage,
                        "next": submission.stage_name,
                    }
                elif article.is_public:
                    message = _("“%(title)s” is approved; readers see it now.") % title
                else:
                    message = _("“%(title)s” is approved; it goes public at %(time)s.") % {
                        **title,
                        "time": revisions.describe(article.published_at),
                    }
        self.message_user(request, message, messages.SUCCESS)
        return redirect("admin:newsroom_submission_changelist")


def what_approval_does(submission):
    """What approving at this stage does, said beside the button: the next stage reviews, or
    readers see the change, or the article goes public now (or at its scheduled time)."""
    if not submission.is_last_stage:
        return _("Approving passes it to the next stage: %(next)s.") % {
            "next": submission.stage_names[submission.stage + 1]
        }
    if submission.is_change:
        return _("Approving puts this change on the live article at once.")
    now = timezone.now()
    when = (
        Article.objects.filter(pk=submission.article_id)
        .values_list(revisions.publication_time(now), flat=True)
        .get()
    )
    if when > now:
        return _("Approving schedules it: it goes public at %(time)s.") % {
            "time": revisions.describe(when)
        }
    return _("Approving publishes it at once, dated %(time)s.") % {"time": revisions.describe(when)}
