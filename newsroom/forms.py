"""Admin forms. The rich-text editor is only a widget here; the model field is a TextField."""

from datetime import timedelta

from ckeditor_uploader.widgets import CKEditorUploadingWidget
from django import forms
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from mptt.forms import TreeNodeChoiceField

from categories.models import Category
from news.models import PIN_FOREVER, Article
from news.sanitize import clean_html
from news.text import plain_text

from . import workflow


def https_url_formfield(model_field, **kwargs):
    """Take a bare domain typed in a URL field as https (Django 6's default).

    Used when the form class is defined; the admin builds its form with its own callback,
    so ArticleAdmin.formfield_overrides says the same for the admin."""
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)


class PinChoice(models.TextChoices):
    NONE = "", _("Not pinned")
    DAY = "day", _("For one day")
    WEEK = "week", _("For one week")
    MONTH = "month", _("For one month")
    FOREVER = "forever", _("Until unpinned")
    DATE = "date", _("Until the date below")


PIN_LENGTHS = {
    PinChoice.DAY: timedelta(days=1),
    PinChoice.WEEK: timedelta(days=7),
    PinChoice.MONTH: timedelta(days=30),
}


def pin_end(choice, date, now):
    """When a pin chosen in the form ends; None for no pin."""
    if choice in PIN_LENGTHS:
        return now + PIN_LENGTHS[choice]
    if choice == PinChoice.FOREVER:
        return PIN_FOREVER
    if choice == PinChoice.DATE:
        return date
    return None


def pin_choice_for(pinned_until, now):
    if pinned_until is None or pinned_until <= now:
        return PinChoice.NONE
    if pinned_until >= PIN_FOREVER:
        return PinChoice.FOREVER
    return PinChoice.DATE


class BodyEditor(CKEditorUploadingWidget):
    """CKEditor, sending Django's CSRF token with its image uploads."""

    @property
    def media(self):
        # Listed after ckeditor.js so that Django's media merge keeps it after the editor.
        return super().media + forms.Media(
            js=["ckeditor/ckeditor/ckeditor.js", "js/ckeditor-csrf.js"]
        )


class ArticleAdminForm(forms.ModelForm):
    """The article form, for one user: what they may set is decided by newsroom.workflow."""

    pin = forms.ChoiceField(label=_("pin"), choices=PinChoice.choices, required=False)
    # The version the form was opened at; a save on top of a newer one is refused.
    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        formfield_callback = https_url_formfield
        fields = (
            "title",
            "summary",
            "body",
            "column",
            "status",
            "published_at",
            "expires_at",
            "pinned_until",
            "is_headline",
            "is_recommended",
            "is_slideshow",
            "bold_title",
            "review_note",
            "source",
            "source_url",
            "author",
            "cover",
            "keywords",
        )
        widgets = {
            "body": BodyEditor(),
            "title": forms.TextInput(attrs={"size": 80}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "review_note": forms.Textarea(attrs={"rows": 2}),
        }

    # Set by the admin for the user filling the form in.
    user = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        now = timezone.now()
        self.fields["pin"].initial = pin_choice_for(self.instance.pinned_until, now)
        self.fields["opened_version"].initial = self.instance.version
        self.fields["opened_version"].required = not self.instance._state.adding
        if "pinned_until" in self.fields:
            self.fields["pinned_until"].required = False
            self.fields["pinned_until"].help_text = _('Used when the pin is "until the date".')
        if "status" in self.fields and self.user is not None:
            allowed = workflow.statuses_for(self.user, self.instance)
            self.fields["status"].choices = [
                (value, label) for value, label in Article.Status.choices if value in allowed
            ]

    def clean(self):
        cleaned = super().clean()
        if "pin" in self.fields:
            choice = cleaned.get("pin", "")
            if choice == PinChoice.DATE and not cleaned.get("pinned_until"):
                self.add_error("pinned_until", _("Give the date the pin ends."))
            else:
                cleaned["pinned_until"] = pin_end(
                    choice, cleaned.get("pinned_until"), timezone.now()
                )
                self.instance.pinned_until = cleaned["pinned_until"]
        current = self.newer_record()
        if current is not None:
            self.conflict = self.differences(current)
            raise forms.ValidationError(
                _(
                    "%(user)s changed this article at %(time)s, after you opened it. Nothing "
                    "was saved: compare the versions below, then reload the page and make "
                    "your changes again."
                ),
                code="stale",
                params={
                    "user": current.updated_by or _("someone"),
                    "time": describe(current.updated_at),
                },
            )
        return cleaned

    # (label, theirs, yours) rows when the form is stale; shown above the form.
    conflict = ()

    def newer_record(self):
        """The stored article if it was saved after this form was opened, else None. The row
        stays locked until the admin's transaction ends, so no save slips in between the
        check and this form's write (PostgreSQL; SQLite writes one at a time anyway)."""
        opened = self.cleaned_data.get("opened_version")
        if self.instance._state.adding or opened is None:
            return None
        with transaction.atomic():
            current = (
                Article.objects.select_for_update(of=("self",))
                .select_related("updated_by", "column")
                .get(pk=self.instance.pk)
            )
        return current if current.version != opened else None

    def differences(self, current):
        """(label, theirs, yours) for each field where this form's data and `current` differ."""
        rows = []
        stored = {f.name for f in Article._meta.concrete_fields} - {"cover"}
        for name, field in self.fields.items():
            if name not in stored:
                continue
            theirs, yours = getattr(current, name), self.cleaned_data.get(name)
            if name == "body":
                theirs, yours = current.body_text, plain_text(clean_html(yours or ""))
            if theirs != yours:
                rows.append((field.label, describe(theirs), describe(yours)))
        return rows


def describe(value):
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if hasattr(value, "tzinfo"):
        return date_format(timezone.localtime(value), "Y-m-d H:i")
    return "" if value is None else str(value)


class MoveToColumnForm(forms.Form):
    column = TreeNodeChoiceField(
        queryset=Category.objects.order_by("tree_id", "lft"), label=_("Move to column")
    )


class RecoverForm(forms.Form):
    """The column a deleted article comes back in: its own, unless that is gone too."""

    column = TreeNodeChoiceField(
        queryset=Category.objects.order_by("tree_id", "lft"), label=_("Column")
    )

    def __init__(self, version, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["column"].initial = version.field_dict.get("column_id")


class SendBackForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the writer"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
