"""The article admin: the list, the form with its workflow buttons, the attachments inline.

A save does what its button says, as the workflow allows this user on this article: a
writer's save of a live article stores a pending change and leaves the live article alone.
"""

import json
from dataclasses import dataclass
from pathlib import PurePath

import reversion
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.files import File
from django.db import models
from django.http import HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from reversion.admin import VersionAdmin

from auditlog.models import Action
from auditlog.records import record
from gallery import copying as picture_copying
from gallery import sets as image_sets
from gallery.models import Picture
from news.attachments import Attachment
from news.keywords import ArticleKeyword
from news.models import Article
from readership.dashboard import article_chart, article_sparklines, may_see_figures_of
from wording import checks as wording

from . import changes, merging, picture_inline, review, revisions, rights, workflow
from .accounts import TiesLeftOut
from .actions import FLAGS, BulkActions
from .display import describe, person, real_name
from .filters import (
    ColumnTreeFilter,
    PinFilter,
    StatusFilter,
    WriterFilter,
    has_pending_change,
    last_review,
)
from .forms import ArticleAdminForm, AttachmentForm
from .models import Submission
from .revision_comments import Said, said, stored
from .revision_views import RevisionViews
from .workflow import Intent


class AttachmentInline(admin.TabularInline):
    """An article's files. A writer's change to a live article holds no files: on a live
    article they see the files, told that a chief editor changes them."""

    model = Attachment
    form = AttachmentForm
    fields = ("file", "title", "order", "kind_shown", "size_shown")
    readonly_fields = ("kind_shown", "size_shown")
    extra = 1

    @admin.display(description=gettext_lazy("kind"))
    def kind_shown(self, attachment):
        return attachment.kind_label if attachment.kind else ""

    @admin.display(description=gettext_lazy("size"))
    def size_shown(self, attachment):
        return filesizeformat(attachment.size) if attachment.pk else ""

    def may_change(self, request, article):
        return article is None or not workflow.edits_as_change(request.user, article)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if not self.may_change(request, obj):
            # Said under the heading (admin/edit_inline/tabular.html), in place of an empty
            # table when there is no file.
            formset.locked_note = _(
                "This article is published: a chief editor adds and changes its attachments; "
                "your change leaves them as they are."
            )
        return formset

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and self.may_change(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.may_change(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.may_change(request, obj)


# Revisions keep every field but the version, which a save raises in SQL (newsroom.revisions
# decides what a restore copies back), and the attachments and pictures saved with the
# article, for comparing. The bigrams are derived again on save, restores included: no need
# to keep them.
reversion.register(Attachment)
reversion.register(Picture)
reversion.register(Article, exclude=("version", "search_grams"), follow=("attachments", "pictures"))


def edited_fields(form):
    """The stored fields the user really changed: not a body the editor only re-serialized,
    nor a date typed as it was (merging.fingerprint)."""
    cover = ["cover"] if "cover" in form.changed_data else []
    return cover + [
        name
        for name in merging.merged(form)
        if name in form.changed_data
        and merging.fingerprint(name, form.fields[name], form.initial.get(name))
        != merging.fingerprint(name, form.fields[name], form.cleaned_data.get(name))
    ]


def reviewed_fields(form):
    """The fields reviewers check that the user changed: the content and the column, not
    where the article shows on the pages (pin, flags), which is the chief editors'."""
    return [name for name in edited_fields(form) if name in (*workflow.CONTENT_FIELDS, "column")]


def restarted(article):
    return Outcome(
        said(gettext_noop("Changed in review: reviewed again from the first stage.")),
        _(
            "“%(title)s” is saved. It changed while in review, so its review starts again at "
            "the first stage."
        )
        % {"title": article.title},
    )


def stage_note(submission):
    """Where a submission waits, said after a message, when its path has stages to tell
    apart."""
    if len(submission.stage_groups) == 1:
        return ""
    return " " + _("It waits for the stage %(stage)s.") % {"stage": submission.stage_name}


def english_label(form, name):
    with translation.override(None):
        return str(form.fields[name].label or name)


def localized_labels(forms):
    """{a field's label as Django records it (in English): its label in the active
    language}, for the fields of these forms."""
    return {
        english_label(form, name): str(field.label or name)
        for form in forms
        for name, field in form.fields.items()
    }


@dataclass
class Outcome:
    """What a save did: the revision's comment (a revision_comments.Said, or "" for Django's
    record of the save) and the message for the user."""

    comment: Said | str
    message: str


@admin.register(Article)
class ArticleAdmin(TiesLeftOut, RevisionViews, BulkActions, VersionAdmin):
    form = ArticleAdminForm
    # Its keyword rows go with it, and are not news to whoever deletes it.
    ties = (ArticleKeyword,)
    # The admin builds the form with its own field callback; keep https for bare domains.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display_links = ("title",)
    list_filter = (
        StatusFilter,
        WriterFilter,
        PinFilter,
        "is_headline",
        "is_recommended",
        "is_slideshow",
        ("column", ColumnTreeFilter),
        "published_at",
    )
    search_fields = ("title", "source", "keywords")
    date_hierarchy = "published_at"
    list_per_page = 50
    save_as = True
    inlines = (AttachmentInline, picture_inline.PictureInline)
    change_list_template = "admin/news/article/change_list.html"
    change_form_template = "admin/news/article/change_form.html"
    object_history_template = "admin/news/article/object_history.html"
    readonly_fields = (
        "view_count",
        "created_by_name",
        "updated_by_name",
        "created_at",
        "updated_at",
    )

    class Media:
        # The form's readership chart is drawn as the dashboard's are.
        css = {"all": ("css/admin.css", "readership/dashboard.css")}

    # What the user sees and may touch

    def get_queryset(self, request):
        articles = super().get_queryset(request).teasers().select_related("created_by")
        return rights.within_reach(request.user, articles).annotate(
            has_pending_change=has_pending_change(), last_review=last_review()
        )

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or rights.reaches(request.user, obj.column_id))

    def get_changelist_instance(self, request):
        """The list; for a date in the address that no stored date can be (the year 10000 of
        the date drill-down's next year, year 1 converted to UTC), the admin's own answer to
        a filter it cannot apply: the unfiltered list (`?e=1`)."""
        try:
            changelist = super().get_changelist_instance(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error
        # The page's last 30 days, read in one query as the list shows its first row: of the
        # articles whose figures the user may read (a writer's own).
        request.article_sparklines = SimpleLazyObject(
            lambda: article_sparklines(
                [a for a in changelist.result_list if may_see_figures_of(request.user, a)]
            )
        )
        return changelist

    def get_fieldsets(self, request, obj=None):
        locked = workflow.locked_fields(request.user, obj)
        pin = () if "pinned_until" in locked else ("pin",)
        fieldsets = [
            (
                None,
                {
                    "fields": (
                        "title",
                        "short_title",
                        "summary",
                        "body",
                        "opened_version",
                        "opened_fields",
                    )
                },
            ),
            (
                gettext_lazy("Column and publishing"),
                {"fields": ("column", "state", "published_at", "expires_at")},
            ),
            (gettext_lazy("Pin and flags"), {"fields": (*pin, "pinned_until", *FLAGS)}),
            (
                gettext_lazy("Source"),
                {
                    "fields": (
                        "source",
                        "source_url",
                        "author",
                        "original_title",
                        "editor_in_charge",
                    )
                },
            ),
            (gettext_lazy("Cover and search engines"), {"fields": ("cover", "keywords")}),
            (gettext_lazy("Record"), {"fields": self.readonly_fields, "classes": ("collapse",)}),
        ]
        if workflow.can_publish(request.user, obj):
            fieldsets.append((gettext_lazy("Sensitive words"), {"fields": ("wording_reason",)}))
        if obj is not None and obj.review_note:
            # The writer sees first why the article came back.
            fieldsets.insert(0, (gettext_lazy("Review"), {"fields": ("review_note",)}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return (*self.readonly_fields, "state", *workflow.locked_fields(request.user, obj))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user, "request": request})

    def get_inline_instances(self, request, obj=None):
        if "_saveasnew" in request.POST:
            return []  # the copy takes the original's files (save_related)
        return super().get_inline_instances(request, obj)

    # Colleagues by name: the admin's own display links each to their account's page, which
    # only administrators may open.
    @admin.display(description=Article._meta.get_field("created_by").verbose_name)
    def created_by_name(self, article):
        return person(article.created_by)

    @admin.display(description=Article._meta.get_field("updated_by").verbose_name)
    def updated_by_name(self, article):
        return person(article.updated_by)

    # The list

    def get_list_display(self, request):
        # The column's path comes from the request's column tree, read once for the page.
        tree = request.columns

        @admin.display(description=gettext_lazy("column"), ordering="column__tree_id")
        def column_path(article):
            return format_html(
                '<span title="{}">{}</span>',
                tree.path(article.column_id),
                tree.by_id(article.column_id),
            )

        @admin.display(description=gettext_lazy("last 30 days"))
        def recent_views(article):
            return request.article_sparklines.get(article.pk, "")

        return (
            "title",
            column_path,
            "state",
            "publication_date",
            "view_count",
            recent_views,
            "writer",
        )

    @admin.display(description=gettext_lazy("status"), ordering="status")
    def state(self, article):
        """Where the article stands, its pin and flags, as short badges."""
        now = timezone.now()
        if article.status != Article.Status.PUBLISHED:
            badges = [(f"status-{article.status}", article.get_status_display())]
        elif article.published_at > now:
            badges = [("scheduled", _("scheduled"))]
        elif article.is_expired:
            badges = [("expired", _("expired"))]
        else:
            badges = [("status-published", _("live"))]
        if getattr(article, "has_pending_change", False):
            badges.append(("changed", _("change pending")))
        if getattr(article, "last_review", None) == Submission.State.SENT_BACK:
            badges.append(("sent-back", Submission.State.SENT_BACK.label))
        if article.is_pinned:
            badges.append(("pin", _("pinned")))
        badges += [(flag, label) for flag, label in FLAGS.items() if getattr(article, flag)]
        # Each a word of its own, capitalised as the statuses are ("Draft", "Live").
        badges = [(css_class, capfirst(label)) for css_class, label in badges]
        return format_html_join(" ", '<span class="badge badge-{}">{}</span>', badges)

    @admin.display(description=gettext_lazy("publication date"), ordering="published_at")
    def publication_date(self, article):
        return describe(article.published_at)

    @admin.display(description=gettext_lazy("writer"), ordering="created_by")
    def writer(self, article):
        return article.author or person(article.created_by)

    # The form

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        article = obj if obj is not None else Article()
        submission = workflow.open_submission(obj) if obj is not None else None
        may_review = submission is not None and workflow.may_review(request.user, submission)
        restarts = submission is not None and not may_review
        context.update(
            workflow_buttons=workflow.buttons_for(request.user, article),
            show_save_and_add_another=False,
            # Its one save button says that it sends the article back to the first stage.
            show_save_and_continue=not restarts and context.get("show_save_and_continue", True),
            submission=submission,
            may_review=may_review,
            pending_change=changes.pending_of(obj) if obj is not None else None,
            readership=(
                article_chart(obj)
                if obj is not None and may_see_figures_of(request.user, obj)
                else None
            ),
            edits_as_change=obj is not None and workflow.edits_as_change(request.user, obj),
            # 撤下 and 撤稿, from the form too: buttons to the list's actions, which ask first.
            may_withdraw=obj is not None
            and obj.status == Article.Status.PUBLISHED
            and workflow.can_publish(request.user, obj),
            take_down_actions=[("unpublish", _("Unpublish")), ("withdraw", _("Withdraw"))],
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        if change:
            revisions.keep_first_versions(Article.objects.filter(pk=obj.pk))
        if self.proposes(request, form):
            return  # with the image set its form proposes, once the inlines are read
        self.save_article(request, obj, form, change)
        self.note_wording(request, obj, form)

    @staticmethod
    def proposes(request, form):
        """Whether this save proposes a change to a live article, for review."""
        return form.as_change and "_saveasnew" not in request.POST

    def note_wording(self, request, article, form):
        """A chief editor's confirming of words to confirm goes into the revision's comment
        and the audit log; words left to the reviewer are said to the writer."""
        if form.confirmed_hits:
            reason = form.cleaned_data["wording_reason"].strip()
            wording.record_override(article, form.confirmed_hits, reason)
            outcome = request.newsroom_outcome
            note = review.override_note(form.confirmed_hits, reason)
            comment = outcome.comment + " " + note if outcome.comment else note
            request.newsroom_outcome = Outcome(comment, outcome.message)
        if form.left_to_review:
            words = "、".join(wording.Findings(form.left_to_review).words())
            self.message_user(
                request,
                _(
                    "It holds sensitive words to confirm: %(words)s. A chief editor decides "
                    "on them when it is reviewed."
                )
                % {"words": words},
                messages.WARNING,
            )

    def save_article(self, request, obj, form, change):
        user, intent = request.user, form.intent
        if "_saveasnew" in request.POST:
            obj.status, obj.created_by = Article.Status.DRAFT, user
        if not change:
            obj.created_by = user
        obj.updated_by = user
        if intent == Intent.SUBMIT:
            obj.status, obj.review_note = Article.Status.PENDING, ""
        elif intent == Intent.PUBLISH:
            obj.status, obj.review_note = Article.Status.PUBLISHED, ""
            if "editor_in_charge" not in form.changed_data:
                # The chief editor who publishes answers for it, unless they named another.
                obj.editor_in_charge = real_name(user)
        super().save_model(request, obj, form, change)
        submission = None
        if intent == Intent.SUBMIT:
            submission = review.submit(obj, user)
        elif intent == Intent.PUBLISH:
            review.publish_directly(obj, user)
            record(Action.PUBLISH, obj)
        elif change and reviewed_fields(form) and review.edited_in_review(obj, user):
            # What the stages saw is not what would go public: they review it again.
            request.newsroom_outcome = restarted(obj)
            return
        request.newsroom_outcome = self.outcome_of(obj, intent, submission, form)

    def propose_change(self, request, article, form, intent, pictures=None):
        user, title = request.user, {"title": article.title}
        before = changes.pending_of(article)
        change = changes.propose(article, form.cleaned_data, user, pictures)
        submission = workflow.open_submission(article)
        if change is None:
            if submission is not None:
                review.close(submission, Submission.State.WITHDRAWN)
            return Outcome(
                "",
                _("The form says what the published article says: no change waits for review."),
            )
        if submission is not None:
            edited = before is None or before.proposed != change.proposed
            if edited and review.edited_in_review(article, user, is_change=True):
                return restarted(article)
            return Outcome(
                "", _("Your change to “%(title)s” is saved; it stays in review.") % title
            )
        if intent == Intent.SUBMIT:
            submission = review.submit(article, user, is_change=True)
        if submission is None:
            return Outcome(
                "",
                _(
                    "Your change to “%(title)s” is saved for review. Readers see the published "
                    "version until a reviewer approves it."
                )
                % title,
            )
        return Outcome(
            "",
            _(
                "Your change to “%(title)s” is submitted for review. Readers see the published "
                "version until it is approved."
            )
            % title
            + stage_note(submission),
        )

    def outcome_of(self, article, intent, submission, form, pictures_changed=False):
        title = {"title": article.title}
        if intent == Intent.SAVE and not (edited_fields(form) or pictures_changed):
            return Outcome("", _("“%(title)s” is saved; nothing in it changed.") % title)
        if intent == Intent.SUBMIT:
            return Outcome(
                said(gettext_noop("Submitted for review.")),
                _("“%(title)s” is submitted for review.") % title + stage_note(submission),
            )
        if intent == Intent.PUBLISH and article.published_at > timezone.now():
            return Outcome(
                said(gettext_noop("Scheduled.")),
                _("“%(title)s” is scheduled: it goes public at %(time)s.")
                % {**title, "time": describe(article.published_at)},
            )
        if intent == Intent.PUBLISH:
            return Outcome(said(gettext_noop("Published.")), _("“%(title)s” is published.") % title)
        if article.status == Article.Status.PUBLISHED:
            return Outcome("", _("“%(title)s” is saved; readers see the change now.") % title)
        if article.status == Article.Status.PENDING:
            return Outcome("", _("“%(title)s” is saved; it stays in review.") % title)
        return Outcome("", _("The draft “%(title)s” is saved.") % title)

    def save_related(self, request, form, formsets, change):
        pictures = picture_inline.picture_formset(formsets)
        if self.proposes(request, form):
            # Nothing of the form reaches the live article: its image set is proposed too.
            entries = None
            if picture_inline.set_changed(pictures):
                entries = picture_inline.proposed_entries(pictures)
            request.newsroom_outcome = self.propose_change(
                request, form.instance, form, form.intent, entries
            )
            self.note_wording(request, form.instance, form)
            return
        removed = picture_inline.removed_pictures(pictures)
        super().save_related(request, form, formsets, change)
        # The public copy of a picture released and deleted in the same save shows nowhere.
        image_sets.delete_unused_on_commit(removed)
        original_id = request.resolver_match.kwargs.get("object_id")
        if "_saveasnew" in request.POST and original_id:
            self.copy_files(request, original_id, form.instance)
        if change and picture_inline.set_changed(pictures):
            self.note_pictures_changed(request, form)

    def note_pictures_changed(self, request, form):
        """A plain save that changed the image set changed the article: the review in
        progress starts again, as for its text (save_article), unless this user reviews it
        now."""
        article = form.instance
        if form.intent != Intent.SAVE or reviewed_fields(form):
            return  # said by save_article
        if review.edited_in_review(article, request.user):
            request.newsroom_outcome = restarted(article)
        elif not edited_fields(form):
            request.newsroom_outcome = self.outcome_of(
                article, form.intent, None, form, pictures_changed=True
            )

    def copy_files(self, request, original_id, copy):
        original = self.get_object(request, original_id)
        if original is not None:
            picture_copying.copy_pictures(original, copy)
        for attachment in original.attachments.all() if original else ():
            with attachment.file.open("rb") as content:
                Attachment.objects.create(
                    article=copy,
                    title=attachment.title,
                    order=attachment.order,
                    file=File(content, name=PurePath(attachment.file.name).name),
                )

    def construct_change_message(self, request, form, formsets, add=False):
        """Django's record of what a save changed, with the fields named in the user's
        language: Django keeps them in English and translates them when shown by their
        capitalised label, which no catalogue holds ("已修改Title"). The revision keeps the
        English record (request.change_record), named in its reader's language when shown
        (revision_comments). A body only re-serialized by the editor is not counted as
        changed."""
        if not add and self.proposes(request, form):
            formsets = []  # saved nothing: the pictures they propose wait with the change
        message = super().construct_change_message(request, form, formsets, add)
        if "body" in form.changed_data and "body" not in edited_fields(form):
            body = english_label(form, "body")
            for entry in message:
                for kind in entry.values():
                    if "fields" in kind:
                        kind["fields"] = [label for label in kind["fields"] if label != body]
        # A save whose only change was the body's spacing changed nothing.
        message = [entry for entry in message if entry.get("changed", {}).get("fields") != []]
        request.change_record = json.dumps(message)
        names = localized_labels([form, *(f.forms[0] for f in formsets if f.forms)])
        localized = json.loads(request.change_record)
        for entry in localized:
            for kind in entry.values():
                if "fields" in kind:
                    kind["fields"] = [names.get(label, label) for label in kind["fields"]]
        return localized

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        self.comment_revision(request)
        return entry

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self.comment_revision(request)
        return entry

    def comment_revision(self, request):
        """The revision's comment in no language: the workflow's word on the save, else
        Django's record of what it changed (VersionAdmin writes it in the user's words)."""
        if not reversion.is_active():
            return
        outcome = getattr(request, "newsroom_outcome", None)
        if outcome is not None and outcome.comment:
            reversion.set_comment(stored(outcome.comment))
        elif getattr(request, "change_record", None):
            reversion.set_comment(request.change_record)

    def response_add(self, request, obj, post_url_continue=None):
        return self.said(request, obj) or super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        return self.said(request, obj) or super().response_change(request, obj)

    def said(self, request, obj):
        """The response to a save whose outcome the workflow tells (None for a copy made
        with "save as new", which Django's own message describes)."""
        outcome = getattr(request, "newsroom_outcome", None)
        if outcome is None or "_saveasnew" in request.POST:
            return None
        self.message_user(request, outcome.message, messages.SUCCESS)
        if "_continue" in request.POST:
            return HttpResponseRedirect(reverse("admin:news_article_change", args=[obj.pk]))
        return self.response_post_save_change(request, obj)
