from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ErrorReport


class ErrorReportForm(forms.ModelForm):
    # A honeypot: hidden from people (and from screen readers), filled in by form-filling
    # robots. A report that fills it is thanked and dropped.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = ErrorReport
        fields = ("page", "description", "contact")
        labels = {
            "page": _("Page with the error"),
            "description": _("What is wrong"),
            "contact": _("Your contact (optional)"),
        }
        help_texts = {
            "description": _("A wrong word or figure, a link that does not open, …"),
            "contact": _("A phone number or an email address, if you would like an answer."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6, "maxlength": 2000}),
        }

    def clean_description(self):
        description = self.cleaned_data["description"].strip()
        if len(description) > 2000:
            raise forms.ValidationError(_("At most 2,000 characters."))
        return description

    def is_from_a_robot(self):
        return bool(self.cleaned_data.get("website"))
