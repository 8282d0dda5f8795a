"""The column admin's form: refused when the column changed after it was opened."""

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from mptt.forms import MPTTAdminForm

from .locking import hold_column_tree_lock
from .models import Category


class ColumnAdminForm(MPTTAdminForm):
    # The version the form was opened at. Rendered by the change form's template, not as a
    # fieldset row; a POST without it counts as stale, so it is refused, not let through.
    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Category
        fields = (
            "name",
            "slug",
            "parent",
            "is_visible",
            "description",
            "seo_title",
            "keywords",
            "meta_description",
            "update_cycle_days",
        )

    # None, or (label, saved now, your form) rows once the form is refused as stale.
    conflict = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opened_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        current = self.newer_record()
        if current is None:
            return cleaned
        self.conflict = self.differences(current)
        # The form comes back with what the user typed; from now on it stands for the
        # column as it is, so saving it again is a deliberate choice over the other change.
        self.data = self.data.copy()
        self.data[self.add_prefix("opened_version")] = current.version
        raise forms.ValidationError(
            _(
                "This column was changed at %(time)s, after you opened this form: someone "
                "saved it or moved it in the column list. Nothing was saved. The table below "
                "shows what differs; your entries are still in the form. Merge them and save "
                "again to keep yours."
            ),
            code="stale",
            params={"time": date_format(timezone.localtime(current.updated_at), "DATETIME_FORMAT")},
        )

    def newer_record(self):
        """The stored column if it changed after this form was opened, else None. The tree
        lock is held until the admin's transaction ends, so no save or move slips in between
        this check and the form's write (PostgreSQL; SQLite writes one at a time anyway)."""
        if self.instance._state.adding:
            return None
        with transaction.atomic():
            hold_column_tree_lock()
            current = Category.objects.select_related("parent").get(pk=self.instance.pk)
        opened = self.cleaned_data.get("opened_version")
        return None if current.version == opened else current

    def differences(self, current):
        rows = []
        for name in self._meta.fields:
            if name not in self.cleaned_data:  # a field with its own error
                continue
            theirs, yours = getattr(current, name), self.cleaned_data[name]
            if theirs != yours:
                rows.append((self.fields[name].label, describe(theirs), describe(yours)))
        return rows


def describe(value):
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Category):
        return " › ".join(c.name for c in value.get_ancestors(include_self=True))
    if value is None:
        return _("(top level)")
    return str(value)
