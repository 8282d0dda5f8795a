"""The article list's filters: where an article stands on its way to readers, whose it is,
its pin and its column."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import build_q_object_from_lookup_parameters
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from mptt.admin import TreeRelatedFieldListFilter

from news.models import Article

from . import rights
from .models import PendingChange, Submission


class ColumnTreeFilter(TreeRelatedFieldListFilter):
    """django-mptt's column filter: a column with all its descendants.

    mptt's own queryset() lets a stale or malformed id (a deleted column, `abc`, an empty
    value) and any `column__isnull` value fail with a 500, and passes Django 5's list-valued
    parameters to filter() unchanged. Here bad values reload the changelist without filters
    (?e=1), as Django's own filters do."""

    def field_choices(self, field, request, model_admin):
        """The columns the user works in (newsroom.rights)."""
        reach = rights.column_reach(request.user)
        choices = super().field_choices(field, request, model_admin)
        return choices if reach is None else [c for c in choices if c[0] in reach]

    def queryset(self, request, queryset):
        params = dict(self.used_parameters)
        column_id = params.pop(self.changed_lookup_kwarg, None)
        try:
            if column_id is not None:
                column = self.other_model._default_manager.get(pk=column_id[-1])
                queryset = queryset.filter(
                    **{f"{self.field_path}__in": column.get_descendants(include_self=True)}
                )
            return queryset.filter(build_q_object_from_lookup_parameters(params))
        except (ObjectDoesNotExist, ValueError, ValidationError) as error:
            raise IncorrectLookupParameters(error) from error


def has_pending_change():
    return Exists(PendingChange.objects.filter(article=OuterRef("pk")))


def states():
    """(value, label, condition) of the states an article can be in, as the list names them;
    the time is read once."""
    now = timezone.now()
    published = Q(status=Article.Status.PUBLISHED)
    return [
        ("draft", _("Draft"), Q(status=Article.Status.DRAFT)),
        ("pending", _("Pending review"), Q(status=Article.Status.PENDING)),
        (
            "live",
            _("Live"),
            published
            & Q(published_at__lte=now)
            & (Q(expires_at__isnull=True) | Q(expires_at__gt=now)),
        ),
        ("scheduled", _("Scheduled"), published & Q(published_at__gt=now)),
        ("expired", _("Expired"), published & Q(expires_at__lte=now)),
        ("changed", _("Live, with a change pending"), published & Q(has_pending_change())),
        (
            "withdrawn",
            Article.Status.WITHDRAWN.label,
            Q(status=Article.Status.WITHDRAWN),
        ),
    ]


class StatusFilter(admin.SimpleListFilter):
    """Where articles stand, with the number in each, so "待审核 (3)" shows what waits."""

    title = _("status")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        listed = states()
        counts = (
            model_admin.get_queryset(request)
            .order_by()
            .aggregate(**{value: Count("pk", filter=condition) for value, _l, condition in listed})
        )
        return [(value, f"{label} ({counts[value]})") for value, label, _c in listed]

    def queryset(self, request, queryset):
        condition = next((c for value, _l, c in states() if value == self.value()), None)
        return queryset if condition is None else queryset.filter(condition)


class WriterFilter(admin.SimpleListFilter):
    """The writer's own views: what they wrote, and what came back to them."""

    title = pgettext_lazy("articles by writer", "writer")
    parameter_name = "whose"

    def lookups(self, request, model_admin):
        return [("mine", _("My articles")), ("sent_back", _("Sent back to me"))]

    def queryset(self, request, queryset):
        if self.value() == "mine":
            return queryset.filter(created_by=request.user)
        if self.value() == "sent_back":
            return sent_back_to(request.user, queryset)
        return queryset


def latest_submission():
    return Submission.objects.filter(article=OuterRef("pk")).order_by("-submitted_at", "-pk")


def last_review():
    """The state of the article's latest submission (None: never submitted)."""
    return Subquery(latest_submission().values("state")[:1])


def sent_back_to(user, articles):
    """The articles whose latest submission, the user's, was sent back."""
    return articles.alias(
        latest_state=last_review(),
        latest_writer=Subquery(latest_submission().values("submitted_by")[:1]),
    ).filter(latest_state=Submission.State.SENT_BACK, latest_writer=user.pk)


class PinFilter(admin.SimpleListFilter):
    title = _("pin")
    parameter_name = "pin"

    def lookups(self, request, model_admin):
        return [("now", _("Pinned now")), ("lapsed", _("Pin lapsed")), ("no", _("Never pinned"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        return {
            "now": lambda: queryset.filter(pinned_until__gt=now),
            "lapsed": lambda: queryset.filter(pinned_until__lte=now),
            "no": lambda: queryset.filter(pinned_until__isnull=True),
        }.get(self.value(), lambda: queryset)()
