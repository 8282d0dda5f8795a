"""The article list's bulk actions. Each acts only on what the user may touch: the list holds
only the columns they work in, and the workflow's rule decides per article; what it leaves
out is said in its message."""

import reversion
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from news.models import Article

from . import review, rights, workflow
from .forms import MoveToColumnForm, SendBackForm, pin_end
from .models import PendingChange, Submission

FLAGS = {
    "is_headline": _("headline"),
    "is_recommended": _("recommended"),
    "is_slideshow": _("slideshow"),
    "bold_title": _("bold title"),
}
PIN_ACTIONS = {
    "pin_for_a_week": (_("Pin selected articles for a week"), "week"),
    "pin_until_unpinned": (_("Pin selected articles until unpinned"), "forever"),
}


def changed_message(count):
    return ngettext("%(count)d article changed.", "%(count)d articles changed.", count) % {
        "count": count
    }


def flag_action(flag, value):
    """A bulk action that sets or clears one editorial flag (chief editors)."""
    verb = _("Mark selected articles as {flag}") if value else _("Clear {flag} on selected")

    def action(modeladmin, request, queryset):
        if flag == "is_slideshow" and value:
            without_cover = queryset.filter(cover="")
            if without_cover.exists():
                modeladmin.message_user(
                    request,
                    _("Articles without a cover were left out of the slideshow: %(titles)s")
                    % {"titles": "、".join(without_cover.values_list("title", flat=True))},
                    messages.WARNING,
                )
            queryset = queryset.exclude(cover="")
        count = modeladmin.change_all(request, queryset, str(description), **{flag: value})
        modeladmin.message_user(request, changed_message(count))

    action.__name__ = f"{'set' if value else 'clear'}_{flag}"
    description = format_lazy(verb, flag=FLAGS[flag])
    return admin.action(permissions=["publish"], description=description)(action)


class BulkActions:
    """The actions of ArticleAdmin."""

    actions = (
        "submit_for_review",
        "publish",
        "unpublish",
        "send_back",
        *PIN_ACTIONS,
        "unpin",
        *(flag_action(flag, value) for flag in FLAGS for value in (True, False)),
        "move_to_column",
    )

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)

    def change_all(self, request, queryset, comment="", **changes):
        """Apply a bulk change as one statement, raising each article's version (so forms
        opened before it are stale) and keeping a revision of each."""
        pks = list(queryset.values_list("pk", flat=True))
        with transaction.atomic(), reversion.create_revision():
            reversion.set_user(request.user)
            reversion.set_comment(comment or gettext("Changed in bulk from the list."))
            count = Article.objects.filter(pk__in=pks).update(
                **changes,
                version=F("version") + 1,
                updated_by=request.user,
                updated_at=timezone.now(),
            )
            for article in Article.objects.filter(pk__in=pks):
                reversion.add_to_revision(article)
        return count

    def left_out(self, request, count, reason):
        if count:
            self.message_user(
                request,
                ngettext(
                    "%(count)d selected article was left out: %(reason)s",
                    "%(count)d selected articles were left out: %(reason)s",
                    count,
                )
                % {"count": count, "reason": reason},
                messages.WARNING,
            )

    @admin.action(description=_("Submit selected articles for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        # Counted first: what the action changes may leave a filtered list.
        selected = queryset.count()
        in_review = Submission.objects.in_review().values("article")
        drafts = queryset.filter(status=Article.Status.DRAFT)
        changed = queryset.filter(
            status=Article.Status.PUBLISHED,
            pk__in=PendingChange.objects.values("article"),
        ).exclude(pk__in=in_review)
        with transaction.atomic():
            for article in drafts:
                review.submit(article, request.user)
            for article in changed:
                review.submit(article, request.user, is_change=True)
        count = len(drafts) + len(changed)
        self.message_user(
            request,
            ngettext(
                "%(count)d article submitted for review.",
                "%(count)d articles submitted for review.",
                count,
            )
            % {"count": count},
        )
        self.left_out(
            request,
            selected - count,
            gettext("only drafts and unsubmitted changes to live articles are submitted."),
        )

    @admin.action(description=_("Publish selected articles"), permissions=["publish"])
    def publish(self, request, queryset):
        # Not an article whose review waits at an earlier stage, or at a stage that is not
        # the user's: a chief does not skip it. Only those in review are asked, one by one.
        unpublished = queryset.exclude(status=Article.Status.PUBLISHED)
        selected = unpublished.count()
        reviews = Submission.objects.in_review().filter(article__in=unpublished)
        held, closed = [], []
        for submission in reviews.select_related("article"):
            decides = submission.is_last_stage and workflow.may_review(request.user, submission)
            (closed if decides else held).append(submission)
        waiting = unpublished.exclude(pk__in=[submission.article_id for submission in held])
        with transaction.atomic():
            for submission in closed:
                review.close_as_published(submission, request.user)
            count = self.change_all(
                request,
                waiting,
                gettext("Published."),
                status=Article.Status.PUBLISHED,
                review_note="",
                # Now, unless a later time was set on purpose.
                published_at=Greatest(F("published_at"), Value(timezone.now())),
            )
        self.message_user(
            request,
            ngettext("%(count)d article published.", "%(count)d articles published.", count)
            % {"count": count},
        )
        self.left_out(
            request,
            selected - count,
            gettext(
                "articles in review that are not yours to decide now go public by their review."
            ),
        )

    @admin.action(
        description=_("Unpublish selected articles (back to draft)"), permissions=["publish"]
    )
    def unpublish(self, request, queryset):
        live = queryset.filter(status=Article.Status.PUBLISHED)
        changed = list(live.filter(pk__in=PendingChange.objects.values("article")))
        with transaction.atomic():
            count = self.change_all(
                request, live, gettext("Unpublished."), status=Article.Status.DRAFT
            )
            for article in changed:
                review.unpublished(Article.objects.get(pk=article.pk), request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d article set back to draft.",
                "%(count)d articles set back to draft.",
                count,
            )
            % {"count": count},
        )

    @admin.action(
        description=_("Send selected articles back to the writer"), permissions=["publish"]
    )
    def send_back(self, request, queryset):
        selected = queryset.count()
        submissions = [
            submission
            for submission in Submission.objects.in_review()
            .filter(article__in=queryset)
            .select_related("article")
            if workflow.may_review(request.user, submission)
        ]
        form = SendBackForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self.action_form_page(request, queryset, "send_back", form, _("Send back"))
        with transaction.atomic():
            for submission in submissions:
                review.send_back(submission, request.user, form.cleaned_data["note"])
        count = len(submissions)
        self.message_user(
            request,
            ngettext(
                "%(count)d article sent back to the writer.",
                "%(count)d articles sent back to the writer.",
                count,
            )
            % {"count": count},
        )
        self.left_out(
            request,
            selected - count,
            gettext("only articles in review at a stage you review are sent back."),
        )
        return None

    def pin_action(self, request, queryset, action):
        description, choice = PIN_ACTIONS[action]
        until = pin_end(choice, None, timezone.now())
        count = self.change_all(request, queryset, str(description), pinned_until=until)
        self.message_user(
            request,
            ngettext("%(count)d article pinned.", "%(count)d articles pinned.", count)
            % {"count": count},
        )

    @admin.action(description=PIN_ACTIONS["pin_for_a_week"][0], permissions=["publish"])
    def pin_for_a_week(self, request, queryset):
        self.pin_action(request, queryset, "pin_for_a_week")

    @admin.action(description=PIN_ACTIONS["pin_until_unpinned"][0], permissions=["publish"])
    def pin_until_unpinned(self, request, queryset):
        self.pin_action(request, queryset, "pin_until_unpinned")

    @admin.action(description=_("Unpin selected articles"), permissions=["publish"])
    def unpin(self, request, queryset):
        count = self.change_all(request, queryset, gettext("Unpinned."), pinned_until=None)
        self.message_user(
            request,
            ngettext("%(count)d article unpinned.", "%(count)d articles unpinned.", count)
            % {"count": count},
        )

    @admin.action(description=_("Move selected articles to another column"), permissions=["change"])
    def move_to_column(self, request, queryset):
        selected = queryset.count()
        movable = queryset
        if not workflow.can_publish(request.user):
            movable = queryset.exclude(status=Article.Status.PUBLISHED)
        form = MoveToColumnForm(request.POST if "apply" in request.POST else None)
        form.fields["column"].queryset = rights.within_reach(
            request.user, form.fields["column"].queryset, "pk"
        )
        if not form.is_valid():
            return self.action_form_page(
                request,
                queryset,
                "move_to_column",
                form,
                _("Move"),
                _("Move articles to another column"),
            )
        column = form.cleaned_data["column"]
        moved = gettext("Moved to %(column)s.") % {"column": column}
        count = self.change_all(request, movable, moved, column=column)
        message = ngettext(
            "%(count)d article moved to %(column)s.",
            "%(count)d articles moved to %(column)s.",
            count,
        )
        self.message_user(request, message % {"count": count, "column": column})
        self.left_out(
            request,
            selected - count,
            gettext("a chief editor moves live articles."),
        )
        return None

    def action_form_page(self, request, queryset, action, form, button, title=None):
        """The page a bulk action shows to ask for more (a column, a note) before it acts."""
        return TemplateResponse(
            request,
            "admin/news/article/action_form.html",
            {
                **self.admin_site.each_context(request),
                "title": title or self.get_action(action)[2],
                "opts": self.model._meta,
                "form": form,
                "action": action,
                "button": button,
                "articles": queryset,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            },
        )
