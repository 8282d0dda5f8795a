"""Admin forms. The rich-text editor is only a widget here; the model field is a TextField."""

import json
from dataclasses import dataclass
from datetime import timedelta
from pathlib import PurePath

from ckeditor_uploader.widgets import CKEditorUploadingWidget
from django import forms
from django.contrib.admin.widgets import AdminFileWidget
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from mptt.forms import TreeNodeChoiceField

from categories.models import Category
from config.validators import reject_control_characters
from news.models import PIN_FOREVER, Article
from news.sanitize import clean_html
from news.text import plain_text
from uploads import pending
from wording import checks as wording

from . import changes, merging, rights, workflow
from .display import describe, person
from .workflow import Intent


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


IMAGE_PREVIEW_TEXT = _(
    "The article's text runs around the picture like this. Choose the border, the spacing "
    "and the alignment on the left to see how the paragraphs will flow beside the picture, "
    "above it and below it, before you insert it into the body."
)


class BodyEditor(CKEditorUploadingWidget):
    """CKEditor, sending Django's CSRF token with its image uploads, its dialogs' file field
    drawn within the admin's Content-Security-Policy."""

    def _set_config(self):
        super()._set_config()
        # The image dialog's preview shows how text flows around the picture: in the staff
        # member's language, not CKEditor's Latin filler (Lorem ipsum…).
        self.config["image_previewText"] = str(IMAGE_PREVIEW_TEXT)

    @property
    def media(self):
        # Listed after ckeditor.js so that Django's media merge keeps it after the editor.
        return super().media + forms.Media(
            js=[
                "ckeditor/ckeditor/ckeditor.js",
                "js/ckeditor-csrf.js",
                "js/ckeditor-file-field.js",
            ]
        )


class CoverInput(AdminFileWidget):
    """The cover's file input, with a small picture of the cover in hand."""

    template_name = "newsroom/widgets/cover_input.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.is_initial(value):
            context["widget"]["preview_url"] = preview_url(value)
            shown = shown_address(value, value.instance.pk)
            context["widget"]["value"] = ShownFile(value.name, shown)
        return context


class PictureInput(AdminFileWidget):
    """An image set picture's file input, linking a proposed one where staff may see it."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.is_initial(value):
            context["widget"]["value"] = ShownFile(value.name, pending.shown_url(value))
        return context


@dataclass
class ShownFile:
    """The file in hand as the file input names and links it."""

    name: str
    url: str

    def __str__(self):
        return self.name


def shown_address(cover, article_id):
    """Where staff see a cover of the article `article_id`: one proposed with a pending
    change, or the cover of an article not yet published, is kept from readers and shown
    through the admin."""
    if pending.is_pending(cover.name):
        return reverse("admin:news_article_pending_cover", args=[article_id])
    return cover.url


def preview_url(cover):
    """The cover's thumbnail, or the cover itself when the thumbnail is another cover's (a
    pending change's new cover is shown before it has one)."""
    thumbnail = cover.instance.cover_thumbnail
    if thumbnail and PurePath(thumbnail.name).stem == PurePath(cover.name).stem:
        return pending.shown_url(thumbnail)
    return shown_address(cover, cover.instance.pk)


def wording_reason_field(help_text):
    """A chief editor's reason to publish words the sensitive-word check warns of."""
    return forms.CharField(
        label=_("Reason to publish despite the sensitive words"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=help_text,
    )


class ArticleAdminForm(forms.ModelForm):
    """The article form, for one user: what they may set is decided by newsroom.workflow."""

    pin = forms.ChoiceField(label=_("Pin"), choices=PinChoice.choices, required=False)
    # The version the form was opened at; a save on top of a newer one is refused.
    # A writer's form on a live article: the article's and its pending change's versions
    # ("7.2"), so that a chief editor's save of the live article makes it stale too.
    opened_version = forms.CharField(
        label=_("version opened"), widget=forms.HiddenInput, required=False
    )
    # Each field as it was when the form was opened (newsroom.merging), for a refusal to
    # tell what the writer changed from what someone else did.
    opened_fields = forms.CharField(
        label=_("fields opened"), widget=forms.HiddenInput, required=False
    )
    wording_reason = wording_reason_field(
        _(
            "Needed only when the check finds words to confirm: the reason is kept in the "
            "article's history and in the audit log."
        )
    )

    class Meta:
        model = Article
        formfield_callback = https_url_formfield
        fields = (
            "title",
            "short_title",
            "summary",
            "body",
            "column",
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
            "original_title",
            "editor_in_charge",
            "cover",
            "keywords",
        )
        widgets = {
            "body": BodyEditor(),
            "cover": CoverInput(),
            "title": forms.TextInput(attrs={"size": 80}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "review_note": forms.Textarea(attrs={"rows": 2}),
        }

    # Set by the admin for the user filling the form in, and their request.
    user = request = None

    def __init__(self, *args, instance=None, **kwargs):
        # A writer's form on a live article edits its pending change, shown in its place.
        self.as_change = instance is not None and workflow.edits_as_change(self.user, instance)
        pending = changes.show_in(instance) if self.as_change else None
        super().__init__(*args, instance=instance, **kwargs)
        now = timezone.now()
        self.fields["pin"].initial = pin_choice_for(self.instance.pinned_until, now)
        self.fields["opened_version"].initial = self.version_of(self.instance, pending)
        self.fields["opened_version"].required = not self.instance._state.adding
        self.fields["opened_fields"].initial = merging.fingerprints(self, self.initial.get)
        if not workflow.can_publish(self.user, self.instance):
            del self.fields["wording_reason"]  # only a chief editor confirms words
        if "pinned_until" not in self.fields:
            del self.fields["pin"]  # the pin is not this user's to set
        else:
            self.fields["pinned_until"].required = False
            self.fields["pinned_until"].help_text = _(
                "A date here pins the article until then, whatever the choice above."
            )
        if "column" in self.fields:
            self.fields["column"].queryset = rights.within_reach(
                self.user, self.fields["column"].queryset, "pk"
            )

    def clean_published_at(self):
        """The Chinese form shows the time to the minute (the English one to the second):
        a time left as shown keeps its seconds, rather than moving to the minute's start at
        every save."""
        typed, opened = self.cleaned_data["published_at"], self.initial.get("published_at")
        if opened is None or typed is None:
            return typed
        as_shown = (opened.replace(second=0, microsecond=0), opened.replace(microsecond=0))
        return opened if typed in as_shown else typed

    def clean(self):
        cleaned = super().clean()
        self.intent = workflow.intent_of(self.data)
        if not workflow.may(self.user, self.instance, self.intent):
            raise forms.ValidationError(
                _("You may not do that with this article."), code="not_allowed"
            )
        if "pin" in self.fields:
            self.apply_pin(cleaned)
        if self.goes_out():
            self.check_wording(cleaned)
        current, version = self.newer_record()
        if current is not None:
            # The form keeps what was typed, and takes what the other side changed where
            # the writer changed nothing; saved again, it is taken as the merge.
            self.data = self.data.copy()
            self.conflict = self.differences(current)
            self.data["opened_version"] = version
            self.data["opened_fields"] = merging.fingerprints(
                self, lambda name: changes.value_in(current, name)
            )
            raise forms.ValidationError(
                _(
                    "%(user)s changed this article at %(time)s, after you opened it. Nothing "
                    "was saved. The table below shows what differs: fields you had not "
                    "changed now hold the saved text; the others keep yours. Merge what you "
                    "need, then save again."
                ),
                code="stale",
                params={
                    "user": person(current.updated_by),
                    "time": describe(current.updated_at),
                },
            )
        return cleaned

    # Set by clean: the words to confirm that a chief editor confirmed with a reason, and
    # those a submission leaves to its reviewer.
    confirmed_hits = left_to_review = ()

    def goes_out(self):
        """Whether this save sends the article to review or to readers: then its words are
        checked. A draft, or a change kept for later, may hold anything meanwhile."""
        if self.intent in (Intent.SUBMIT, Intent.PUBLISH):
            return True
        if self.instance._state.adding or self.as_change:
            return False
        return self.instance.status in (Article.Status.PENDING, Article.Status.PUBLISHED)

    def check_wording(self, cleaned):
        """Blocked words stop the save, each shown under its field; words to confirm stop a
        chief editor's publish until they give a reason, and go with a submission to its
        reviewer."""
        values = {name: cleaned[name] for name in wording.CHECKED_FIELDS if name in cleaned}
        pictures = self.posted_pictures()
        if pictures is not None:
            values[wording.PICTURES] = pictures
        findings = wording.check_article(self.instance, values)
        for hit in findings.blocked:
            self.add_error(hit.field if hit.field in self.fields else None, hit.message)
        warned = findings.warned
        goes_live = self.intent == Intent.PUBLISH or workflow.is_live(self.instance)
        if warned and workflow.is_live(self.instance):
            # Words confirmed when it went live are not asked about at each save.
            live = wording.check_article(Article.objects.get(pk=self.instance.pk))
            warned = [hit for hit in warned if hit.word not in live.words()]
        if not warned:
            return
        if not goes_live:
            self.left_to_review = warned
        elif cleaned.get("wording_reason", "").strip():
            self.confirmed_hits = warned
        else:
            for hit in warned:
                self.add_error(hit.field if hit.field in self.fields else None, hit.message)
            self.add_error(
                "wording_reason",
                _("Give a reason to publish despite the sensitive words, or change them."),
            )

    def posted_pictures(self):
        """The image set posted with the form (newsroom.picture_inline.PictureFormSet), or
        None where none was posted: the stored one is checked then."""
        formset = getattr(self.request, "picture_formset", None)
        return None if formset is None else formset.posted_set()

    def apply_pin(self, cleaned):
        choice, date = cleaned.get("pin", ""), cleaned.get("pinned_until")
        if choice == PinChoice.NONE and date is not None and date > timezone.now():
            choice = PinChoice.DATE  # a date alone pins
        if choice == PinChoice.DATE and not date:
            self.add_error("pinned_until", _("Give the date the pin ends."))
            return
        cleaned["pinned_until"] = pin_end(choice, date, timezone.now())
        self.instance.pinned_until = cleaned["pinned_until"]

    # (label, theirs, yours, taken) rows when the form is stale; shown with the refusal.
    conflict = ()

    def newer_record(self):
        """(what was saved, its version) if what this form edits (the article, or for a
        writer on a live article its pending change) was saved after the form was opened;
        (None, None) otherwise. The row stays locked until the admin's transaction ends, so
        no save slips in between the check and this form's write (PostgreSQL; SQLite writes
        one at a time anyway)."""
        opened = self.cleaned_data.get("opened_version")
        if self.instance._state.adding or not opened:
            return None, None
        with transaction.atomic():
            article = (
                Article.objects.select_for_update(of=("self",))
                .select_related("updated_by", "column")
                .get(pk=self.instance.pk)
            )
            change = changes.locked_pending_of(article) if self.as_change else None
        version = self.version_of(article, change)
        if version == opened:
            return None, None
        # The change, if it is what changed; else the article (saved by a chief editor, or
        # the change approved or dropped meanwhile).
        opened_change = opened.partition(".")[2]
        changed_change = change is not None and str(change.version) != opened_change
        return (change if changed_change else article), version

    def version_of(self, article, change):
        """What the form edits, as a version: the article's, with its change's for a writer
        on a live article."""
        if not self.as_change:
            return str(article.version)
        return f"{article.version}.{change.version if change else 0}"

    def differences(self, current):
        """(label, theirs, yours, taken) for each field where this form's data and `current`
        (an article, or a pending change) differ; `taken`: the writer had not changed it, and
        the form now holds the saved value."""
        rows = []
        opened = json.loads(self.cleaned_data.get("opened_fields") or "{}")
        for name in merging.merged(self):
            theirs, yours = changes.value_in(current, name), self.cleaned_data.get(name)
            if changes.same_content(name, theirs, yours) if name == "body" else theirs == yours:
                continue
            taken = merging.untouched(self, name, opened)
            if taken:
                merging.put(self.data, self, name, theirs)
            if name == "body":
                theirs, yours = plain_text(theirs), plain_text(clean_html(yours or ""))
            rows.append((self.fields[name].label, describe(theirs), describe(yours), taken))
        return rows


class AttachmentForm(forms.ModelForm):
    """An attachment of the article form: a name holding a blocked word is refused at
    upload."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # On a phone a row is a card without the table's headings (css/admin.css): the empty
        # title field says what it is for.
        self.fields["title"].widget.attrs.setdefault("placeholder", self.fields["title"].label)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        names = {"title": cleaned.get("title"), "file": getattr(upload, "name", "")}
        for field, name in names.items():
            for hit in wording.check_texts({wording.ATTACHMENTS: [name or ""]}).blocked:
                self.add_error(field, hit.message)
        return cleaned


class PictureForm(forms.ModelForm):
    """A picture of the article's image set: a caption holding a blocked word is refused
    as it is typed, as an attachment's name is."""

    def clean_caption(self):
        caption = self.cleaned_data["caption"]
        for hit in wording.check_texts({wording.PICTURES: [caption]}).blocked:
            raise forms.ValidationError(hit.message)
        return caption


class MoveToColumnForm(forms.Form):
    column = TreeNodeChoiceField(
        queryset=Category.objects.order_by("tree_id", "lft"), label=_("Move to column")
    )


class RecoverForm(forms.Form):
    """The column a deleted article comes back in, among those within the user's reach
    (newsroom.rights): its own, unless that is gone too or out of reach."""

    column = TreeNodeChoiceField(
        queryset=Category.objects.order_by("tree_id", "lft"), label=_("Column")
    )

    def __init__(self, version, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["column"]
        field.queryset = rights.within_reach(user, field.queryset, "pk")
        own = version.field_dict.get("column_id")
        field.initial = own if field.queryset.filter(pk=own).exists() else None


class RestoreForm(forms.Form):
    """Restoring a revision: its content always; where the article shows on the pages (pin
    and flags) only when a chief editor ticks the box."""

    placement = forms.BooleanField(
        label=_(
            "Also restore the pin and the flags (headline, recommended, slideshow, bold "
            "title) of that revision"
        ),
        required=False,
    )

    def __init__(self, placement_allowed, lost, *args, **kwargs):
        """`lost`: the files the revision shows that are kept no more (revisions.lost_media)."""
        super().__init__(*args, **kwargs)
        if not placement_allowed:
            del self.fields["placement"]
        self.lost = lost

    @property
    def refusal(self):
        """Why the revision cannot be restored, if it cannot."""
        if not self.lost:
            return None
        return _(
            "This revision cannot be restored: it shows pictures or files that are kept no "
            "more (%(names)s), uploads that nobody approved, removed since. Restored, they "
            "would be broken in the article. Copy what you need of that version into the "
            "form instead."
        ) % {"names": "、".join(self.lost)}

    def clean(self):
        cleaned = super().clean()
        if self.refusal:
            raise forms.ValidationError(self.refusal, code="lost_media")
        cleaned.setdefault("placement", False)
        return cleaned


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the withdrawal"),
        help_text=_("Kept in the article's history and the audit log."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        validators=[reject_control_characters],
    )


class SendBackForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the writer"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
