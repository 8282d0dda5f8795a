"""The article list's bulk actions. Each acts only on what the user may touch: the list holds
only the columns they work in, and the workflow's rule decides per article; what it leaves
out is said in its message."""

from functools import partial, wraps

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_noop, ngettext
from django.utils.translation import gettext_lazy as _

from . import bulk, review, rights, takedown, workflow
from .forms import MoveToColumnForm, SendBackForm, WithdrawForm
from .models import Submission
from .revision_comments import said

# Kept in no language: a flag's name is also an argument of its action's revision comment.
FLAGS = {
    "is_headline": said(gettext_noop("headline")),
    "is_recommended": said(gettext_noop("recommended")),
    "is_slideshow": said(gettext_noop("slideshow")),
    "bold_title": said(gettext_noop("bold title")),
}
FLAG_VERBS = {
    True: _("Mark selected articles as {flag}"),
    False: _("Clear {flag} on selected articles"),
}
# What the revision of a flag's action says it did.
FLAG_COMMENTS = {
    True: gettext_noop("Marked as %(flag)s."),
    False: gettext_noop("Cleared %(flag)s."),
}
# The action's name, also its revision's comment.
PIN_ACTIONS = {
    "pin_for_a_week": (gettext_noop("Pin selected articles for a week"), "week"),
    "pin_until_unpinned": (gettext_noop("Pin selected articles until unpinned"), "forever"),
}


def operations(column=None):
    """{the name of the list's action: (the permission it needs, its operation as a function
    of (user, articles))}: what the command runs is what the action runs. `column`: where
    move_to_column moves them."""
    found = {
        "submit_for_review": ("change", bulk.submit),
        "publish": ("publish", bulk.publish),
        "unpublish": ("publish", bulk.unpublish),
        "unpin": ("publish", bulk.unpin),
        "move_to_column": ("change", partial(bulk.move, column=column)),
    }
    for name, (description, length) in PIN_ACTIONS.items():
        found[name] = ("publish", partial(bulk.pin, length=length, comment=said(description)))
    for flag in FLAGS:
        for value in (True, False):
            found[flag_action_name(flag, value)] = (
                "publish",
                partial(bulk.set_flag, flag=flag, value=value, comment=flag_comment(flag, value)),
            )
    return found


def within_limit(action, commands):
    """The action, refusing a selection larger than BULK_ACTION_LIMIT ("select all" across
    the list's pages can send 100,000), which would outlive the request's time; it names
    the command that does the same in batches when the action is among `commands` (the
    names of the actions that `manage.py articles` runs)."""

    @wraps(action)
    def limited(modeladmin, request, queryset):
        count = queryset.count()
        if not bulk.over_limit(count):
            return action(modeladmin, request, queryset)
        too_many = gettext(
            "%(count)d articles are selected, more than the %(limit)d that the list changes at "
            "once: nothing was changed."
        ) % {"count": count, "limit": settings.BULK_ACTION_LIMIT}
        if action.__name__ in commands:
            command = f"python manage.py articles {action.__name__} --user {request.user.username}"
            advice = gettext(
                "The command “%(command)s” with --ids, --column or --all does the same in "
                "batches and shows its progress."
            ) % {"command": command}
        else:
            advice = gettext("Select fewer.")
        modeladmin.message_user(request, f"{too_many} {advice}", messages.ERROR)
        return None

    return limited


def changed_message(action, count):
    """What an action that sets a flag did, naming the action."""
    return ngettext(
        "%(action)s: %(count)d article changed.", "%(action)s: %(count)d articles changed.", count
    ) % {"action": action, "count": count}


def flag_action_name(flag, value):
    return f"{'set' if value else 'clear'}_{flag}"


def flag_comment(flag, value):
    return said(FLAG_COMMENTS[value], flag=FLAGS[flag])


def flag_description(flag, value):
    return format_lazy(FLAG_VERBS[value], flag=FLAGS[flag])


def flag_action(flag, value):
    """A bulk action that sets or clears one editorial flag (chief editors)."""

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
        outcome = bulk.set_flag(request.user, queryset, flag, value, flag_comment(flag, value))
        modeladmin.tell_outcome(
            request, changed_message(description, outcome.changed), outcome.changed
        )

    action.__name__ = flag_action_name(flag, value)
    description = flag_description(flag, value)
    return admin.action(permissions=["publish"], description=description)(action)


class BulkActions:
    """The actions of ArticleAdmin."""

    actions = (
        "submit_for_review",
        "publish",
        "unpublish",
        "send_back",
        "withdraw",
        "reinstate",
        *PIN_ACTIONS,
        "unpin",
        *(flag_action(flag, value) for flag in FLAGS for value in (True, False)),
        "move_to_column",
    )

    def has_publish_permission(self, request):
        return workflow.can_publish(request.user)

    def get_actions(self, request):
        commands = operations()
        return {
            name: (within_limit(func, commands), name, description)
            for name, (func, name, description) in super().get_actions(request).items()
        }

    def tell_outcome(self, request, message, count):
        """A bulk action's outcome: `message` as a success when it changed `count` > 0
        articles; when it changed none, a warning that says only that (what the message
        says of changed articles did not happen)."""
        if count:
            self.message_user(request, message, messages.SUCCESS)
        else:
            self.changed_nothing(request)

    def changed_nothing(self, request):
        self.message_user(request, gettext("No article was changed."), messages.WARNING)

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
        outcome = bulk.submit(request.user, queryset)
        for article, words in outcome.held:
            self.message_user(
                request,
                gettext(
                    "“%(title)s” was not submitted: it holds the blocked sensitive words %(words)s."
                )
                % {"title": article.title, "words": "、".join(words)},
                messages.WARNING,
            )
        count = outcome.changed
        self.tell_outcome(
            request,
            ngettext(
                "%(count)d article submitted for review.",
                "%(count)d articles submitted for review.",
                count,
            )
            % {"count": count},
            count,
        )
        self.left_out(
            request,
            outcome.left_out - len(outcome.held),
            gettext("only drafts and unsubmitted changes to live articles are submitted."),
        )

    @admin.action(description=_("Publish selected articles"), permissions=["publish"])
    def publish(self, request, queryset):
        outcome = bulk.publish(request.user, queryset)
        self.tell_outcome(
            request,
            ngettext(
                "%(count)d article published.", "%(count)d articles published.", outcome.changed
            )
            % {"count": outcome.changed},
            outcome.changed,
        )
        self.left_out(
            request,
            outcome.left_out - len(outcome.held),
            gettext(
                "articles in review that are not yours to decide now go public by their review."
            ),
        )
        for article, words in outcome.held:
            self.message_user(
                request,
                gettext(
                    "“%(title)s” was not published: it holds the sensitive words %(words)s. "
                    "Open it to change them, or to publish it with a reason."
                )
                % {"title": article.title, "words": "、".join(words)},
                messages.WARNING,
            )

    @admin.action(
        description=_("Unpublish selected articles (back to draft)"), permissions=["publish"]
    )
    def unpublish(self, request, queryset):
        if "apply" not in request.POST:
            return self.action_form_page(
                request,
                queryset,
                "unpublish",
                forms.Form(),
                _("Unpublish"),
                note=_(
                    "Readers will no longer find these articles: their addresses answer "
                    "“not found” and they leave every list and feed until they are published "
                    "again. Articles that must be taken down for good are withdrawn instead."
                ),
            )
        count = bulk.unpublish(request.user, queryset).changed
        self.tell_outcome(
            request,
            ngettext(
                "%(count)d article set back to draft.",
                "%(count)d articles set back to draft.",
                count,
            )
            % {"count": count},
            count,
        )
        return None

    @admin.action(
        description=_("Send selected articles back to the writer"), permissions=["publish"]
    )
    def send_back(self, request, queryset):
        selected = queryset.count()
        in_review = Submission.objects.in_review().filter(article__in=queryset)
        submissions = list(
            workflow.reviewable_by(request.user, in_review).select_related("article")
        )
        reason = gettext("only articles in review at a stage you review are sent back.")
        if not submissions:
            return self.nothing_to_do(request, selected, reason)
        form = SendBackForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self.action_form_page(
                request,
                queryset,
                "send_back",
                form,
                _("Send back"),
                leaves_out=self.leaves_out(selected - len(submissions), reason),
                acting_on=[submission.article for submission in submissions],
            )
        with transaction.atomic():
            review.send_back_all(submissions, request.user, form.cleaned_data["note"])
        count = len(submissions)
        self.tell_outcome(
            request,
            ngettext(
                "%(count)d article sent back to the writer.",
                "%(count)d articles sent back to the writer.",
                count,
            )
            % {"count": count},
            count,
        )
        self.left_out(request, selected - count, reason)
        return None

    @admin.action(description=_("Withdraw selected articles at once"), permissions=["publish"])
    def withdraw(self, request, queryset):
        form = WithdrawForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return self.action_form_page(request, queryset, "withdraw", form, _("Withdraw now"))
        outcome = takedown.withdraw(
            request.user, queryset, form.cleaned_data["reason"], request.build_absolute_uri
        )
        self.tell_outcome(
            request,
            ngettext(
                "%(count)d article withdrawn: its address answers that it is gone, and its "
                "files are no longer served.",
                "%(count)d articles withdrawn: their addresses answer that they are gone, and "
                "their files are no longer served.",
                outcome.changed,
            )
            % {"count": outcome.changed},
            outcome.changed,
        )
        self.said_what_failed(request, outcome)
        self.left_out(
            request,
            outcome.left_out,
            gettext("only published articles (live, scheduled or expired) are withdrawn."),
        )
        return None

    @admin.action(description=_("Reinstate withdrawn articles as drafts"), permissions=["publish"])
    def reinstate(self, request, queryset):
        outcome = takedown.reinstate(request.user, queryset)
        self.tell_outcome(
            request,
            ngettext(
                "%(count)d article reinstated as a draft, its files served again.",
                "%(count)d articles reinstated as drafts, their files served again.",
                outcome.changed,
            )
            % {"count": outcome.changed},
            outcome.changed,
        )
        self.said_what_failed(request, outcome)
        self.left_out(request, outcome.left_out, gettext("only withdrawn articles are reinstated."))

    def said_what_failed(self, request, outcome):
        if outcome.not_purged:
            self.message_user(
                request,
                gettext(
                    "The CDN did not confirm that it forgot these addresses; purge them by hand: "
                    "%(addresses)s"
                )
                % {"addresses": " ".join(outcome.not_purged)},
                messages.ERROR,
            )
        if outcome.not_moved:
            self.message_user(
                request,
                gettext("The files of these articles could not all be moved: %(titles)s")
                % {"titles": "、".join(outcome.not_moved)},
                messages.ERROR,
            )

    def pin_action(self, request, queryset, action):
        description, length = PIN_ACTIONS[action]
        count = bulk.pin(request.user, queryset, length, said(description)).changed
        self.tell_outcome(
            request,
            ngettext("%(count)d article pinned.", "%(count)d articles pinned.", count)
            % {"count": count},
            count,
        )

    @admin.action(description=_(PIN_ACTIONS["pin_for_a_week"][0]), permissions=["publish"])
    def pin_for_a_week(self, request, queryset):
        self.pin_action(request, queryset, "pin_for_a_week")

    @admin.action(description=_(PIN_ACTIONS["pin_until_unpinned"][0]), permissions=["publish"])
    def pin_until_unpinned(self, request, queryset):
        self.pin_action(request, queryset, "pin_until_unpinned")

    @admin.action(description=_("Unpin selected articles"), permissions=["publish"])
    def unpin(self, request, queryset):
        count = bulk.unpin(request.user, queryset).changed
        self.tell_outcome(
            request,
            ngettext("%(count)d article unpinned.", "%(count)d articles unpinned.", count)
            % {"count": count},
            count,
        )

    @admin.action(description=_("Move selected articles to another column"), permissions=["change"])
    def move_to_column(self, request, queryset):
        reason = gettext("a chief editor moves live articles.")
        kept_in_place = bulk.kept_in_place(request.user, queryset)
        selected, kept = queryset.count(), kept_in_place.count()
        if kept == selected:
            return self.nothing_to_do(request, selected, reason)
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
                leaves_out=self.leaves_out(kept, reason),
                acting_on=queryset.exclude(pk__in=kept_in_place),
            )
        column = form.cleaned_data["column"]
        outcome = bulk.move(request.user, queryset, column)
        count = outcome.changed
        message = ngettext(
            "%(count)d article moved to %(column)s.",
            "%(count)d articles moved to %(column)s.",
            count,
        )
        self.tell_outcome(request, message % {"count": count, "column": column}, count)
        if outcome.restarted:
            restarted = ngettext(
                "The review of %(count)d moved article starts again from the first stage of "
                "%(column)s's review path.",
                "The reviews of %(count)d moved articles start again from the first stage of "
                "%(column)s's review path.",
                outcome.restarted,
            )
            self.message_user(
                request, restarted % {"count": outcome.restarted, "column": column}, messages.INFO
            )
        self.left_out(request, outcome.left_out, reason)
        return None

    def nothing_to_do(self, request, selected, reason):
        """An action none of whose selected articles it may change: said at once, rather
        than asking for a note or a column first."""
        self.changed_nothing(request)
        self.left_out(request, selected, reason)

    def leaves_out(self, count, reason):
        """What the action's page says of the selected articles it will leave out."""
        if not count:
            return ""
        return ngettext(
            "%(count)d selected article will be left out: %(reason)s",
            "%(count)d selected articles will be left out: %(reason)s",
            count,
        ) % {"count": count, "reason": reason}

    def action_form_page(
        self,
        request,
        queryset,
        action,
        form,
        button,
        title=None,
        note="",
        leaves_out="",
        acting_on=None,
    ):
        """The page a bulk action shows to ask for more (a column, a note), or to be sure,
        before it acts; `note` says what it will do, `leaves_out` what it will not. It lists
        the articles it will change (`acting_on`, else all selected) and sends on the whole
        selection, so that its message counts those it leaves out."""
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
                "acting_on": queryset if acting_on is None else acting_on,
                "note": note,
                "leaves_out": leaves_out,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            },
        )
