"""The article form's image set (图集): its pictures in order, with captions.

Whoever may change the article edits its pictures as they edit the rest of it, through the
same workflow: a chief editor's save of a live article's pictures goes live; a writer's save
of a live article proposes a set (gallery.sets) that waits with the rest of their change
(newsroom.changes), and never touches the pictures readers see. On a live article with such
a proposal, the writer's form shows the proposal, as it shows their proposed text."""

from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.db.models import Max
from django.forms.models import BaseInlineFormSet
from django.utils.html import format_html
from django.utils.translation import gettext_lazy, pgettext_lazy

from gallery.models import Picture
from uploads import pending

from . import changes, workflow
from .forms import PictureForm, PictureInput


def shows_proposal(user, article):
    """Whether this user's form of this article edits its proposed set, not the live one."""
    if article is None or not workflow.edits_as_change(user, article):
        return False
    change = changes.pending_of(article)
    return change is not None and changes.PICTURES in change.changed_fields


class PictureFormSet(BaseInlineFormSet):
    """The image set as the form posts it. Made before the article form is checked, it is
    handed to it (the request's `picture_formset`), whose sensitive-word check reads the
    captions posted, not those stored (newsroom.forms.ArticleAdminForm.check_wording)."""

    request = None  # set by PictureInline.get_formset

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.request is not None and self.is_bound:
            self.request.picture_formset = self

    def posted_set(self):
        """[[file name, caption], …] of the pictures kept or added, in order (as
        gallery.sets.fingerprint gives a stored set); None when the set posted is not valid
        (the save is refused for it anyway)."""
        if not self.is_valid():
            return None
        return [
            [stored.image.name if stored is not None else upload.name, caption]
            for stored, upload, caption, _position in proposed_entries(self)
        ]


class PictureInline(admin.TabularInline):
    model = Picture
    form = PictureForm
    formset = PictureFormSet
    fk_name = "article"  # the live set; a writer's proposal where get_formset says
    fields = ("preview", "image", "caption", "position")
    readonly_fields = ("preview",)
    extra = 1
    ordering = ("position", "pk")
    classes = ("picture-set",)
    # A proposed picture waits where readers cannot fetch it: linked through the admin.
    formfield_overrides = {models.ImageField: {"widget": PictureInput}}
    # "Add another picture" in English; 图集图片 in Chinese says whose.
    verbose_name = pgettext_lazy("a picture of the article's image set", "picture")
    verbose_name_plural = gettext_lazy("image set (pictures in order)")

    def get_formset(self, request, obj=None, **kwargs):
        # Inline instances are made for each request: the owner is this request's.
        self.fk_name = "proposed_for" if shows_proposal(request.user, obj) else "article"
        formset = super().get_formset(request, obj, **kwargs)
        formset = type(formset.__name__, (formset,), {"request": request})
        if obj is not None:
            # A picture added goes after those shown (the form class is this request's own).
            last = Picture.objects.filter(**{self.fk_name: obj}).aggregate(Max("position"))
            if last["position__max"] is not None:
                formset.form.base_fields["position"].initial = last["position__max"] + 1
        return formset

    @admin.display(description=gettext_lazy("thumbnail"))
    def preview(self, picture):
        if not picture.thumbnail:
            return ""
        return format_html(
            '<a href="{}"><img class="picture-preview" src="{}" alt="" width="120"></a>',
            pending.shown_url(picture.image),
            pending.shown_url(picture.thumbnail),
        )


def picture_formset(formsets):
    return next((f for f in formsets if f.model is Picture), None)


def set_changed(formset):
    """Whether the form changes the set it shows (a caption, the order, a picture)."""
    return formset is not None and formset.has_changed()


def removed_pictures(formset):
    """The pictures the form deletes, as stored now: under their public names when this save
    published the article, which released its pictures (uploads.pending) before the inlines
    were saved."""
    if formset is None:
        return []
    pks = [form.instance.pk for form in formset.deleted_forms if form.instance.pk]
    return list(Picture.objects.filter(pk__in=pks))


def proposed_entries(formset):
    """The set a writer's form says, for gallery.sets.propose: (stored picture or None,
    upload or None, caption, position) of each picture kept or added, in order."""
    entries = []
    for index, form in enumerate(formset.forms):
        data = form.cleaned_data
        if not data or data.get("DELETE") or not (form.instance.pk or form.has_changed()):
            continue
        upload = data.get("image")
        upload = upload if isinstance(upload, UploadedFile) else None
        stored = None if upload is not None else form.instance
        position = data.get("position") or 0
        entries.append((position, index, (stored, upload, data.get("caption", ""), position)))
    return [entry for _position, _index, entry in sorted(entries, key=lambda e: e[:2])]
