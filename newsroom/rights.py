"""Where each member of staff may work: the columns of their own right and of their groups'
rights, each with all its sub-columns. Superusers, and staff with no right of their own or
of a group, work everywhere."""

from django.db.models import Q

from categories.models import Category

from .models import ColumnRight

_NOT_READ = object()


def column_reach(user):
    """The ids of the columns the user may work in, or None for every column; read once per
    user object (once per request in the admin)."""
    reach = getattr(user, "_column_reach", _NOT_READ)
    if reach is _NOT_READ:
        reach = user._column_reach = _read_reach(user)
    return reach


def _read_reach(user):
    if not user.is_authenticated:
        return frozenset()
    if user.is_superuser:
        return None
    rights = ColumnRight.objects.filter(Q(user=user) | Q(group__user=user))
    rows = list(rights.values_list("pk", "columns"))
    if not rows:
        return None
    assigned = Category.objects.filter(pk__in={column for _right, column in rows if column})
    return frozenset(
        Category.objects.get_queryset_descendants(assigned, include_self=True).values_list(
            "pk", flat=True
        )
    )


def reaches(user, column_id):
    reach = column_reach(user)
    return reach is None or column_id in reach


def within_reach(user, queryset, field="column_id"):
    """The rows of `queryset` whose column (`field`) the user may work in."""
    reach = column_reach(user)
    return queryset if reach is None else queryset.filter(**{f"{field}__in": reach})
