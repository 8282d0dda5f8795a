"""Admin forms. The rich-text editor is only a widget here; the model field is a TextField."""

from ckeditor_uploader.widgets import CKEditorUploadingWidget
from django import forms
from django.utils.translation import gettext_lazy as _
from mptt.forms import TreeNodeChoiceField

from categories.models import Category

from .models import Article


class ArticleAdminForm(forms.ModelForm):
    class Meta:
        model = Article
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
