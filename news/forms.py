"""Admin forms. The rich-text editor is only a widget here; the model field is a TextField."""

from ckeditor_uploader.widgets import CKEditorUploadingWidget
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from mptt.forms import TreeNodeChoiceField

from categories.models import Category

from .models import Article


def https_url_formfield(model_field, **kwargs):
    """Take a bare domain typed in a URL field as https (Django 6's default).

    Used when the form class is defined; the admin builds its form with its own callback,
    so ArticleAdmin.formfield_overrides says the same for the admin."""
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)


class ArticleAdminForm(forms.ModelForm):
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
            "is_pinned",
            "source",
            "source_url",
            "author",
            "cover",
            "keywords",
        )
        widgets = {
            "body": CKEditorUploadingWidget(),
            "title": forms.TextInput(attrs={"size": 80}),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }


class MoveToColumnForm(forms.Form):
    column = TreeNodeChoiceField(
        queryset=Category.objects.order_by("tree_id", "lft"), label=_("Move to column")
    )
