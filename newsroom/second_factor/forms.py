from django import forms
from django.contrib.auth.signals import user_login_failed
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_otp.admin import OTPAdminAuthenticationForm

from . import device_for_code, has_authenticator

WRONG_CODE = _(
    "That code is wrong. Enter the six digits your authenticator app shows now, or one of "
    "your recovery codes."
)
TOO_MANY_WRONG_CODES = ngettext_lazy(
    "%(failure_count)d wrong code in a row: wait a few seconds, then try again.",
    "%(failure_count)d wrong codes in a row: wait a few seconds, then try again.",
    "failure_count",
)


def without_spaces(text):
    return "".join(text.split())


class StaffLoginForm(OTPAdminAuthenticationForm):
    """The admin's login: the password, and for an account with two-step login the code of
    its authenticator app or a recovery code, in one form. django-otp's, with the device
    told by the code's shape rather than picked from a list, nothing typed sent back in the
    page, and each wrong code counted by the login throttle (django-axes) as a wrong password
    is: the code must not be easier to guess than the password."""

    otp_device = None
    otp_challenge = None
    otp_token = forms.CharField(
        label=_("Verification code"),
        help_text=_("For accounts with two-step login: from the authenticator app."),
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autocapitalize": "off"}),
    )
    otp_error_messages = {
        "token_required": _(
            "This account has two-step login: enter the code from its authenticator app, or "
            "one of its recovery codes."
        ),
        "invalid_token": WRONG_CODE,
        "device_required": WRONG_CODE,
        "n_failed_attempts": TOO_MANY_WRONG_CODES,
        "verification_not_allowed": WRONG_CODE,
    }

    def clean_otp_token(self):
        # Recovery codes are lower case; apps show codes as "123 456".
        return without_spaces(self.cleaned_data["otp_token"]).lower()

    def clean_otp(self, user):
        if user is None or not has_authenticator(user):
            return
        try:
            super().clean_otp(user)
        except forms.ValidationError as error:
            if error.code != "token_required":
                user_login_failed.send(
                    sender=type(self),
                    credentials={"username": self.cleaned_data["username"]},
                    request=self.request,
                )
            raise

    def _chosen_device(self, user):
        return device_for_code(user, self.cleaned_data.get("otp_token", ""))

    def _update_form(self, user):
        """django-otp's shows the devices' list and the password typed; this form needs
        neither."""


class SetUpForm(forms.Form):
    """The code an authenticator app shows for the key it was just given: it confirms the
    app has the key."""

    code = forms.CharField(
        label=_("Code from the app"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, device, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self):
        allowed, state = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(TOO_MANY_WRONG_CODES % state)
        if not self.device.verify_token(without_spaces(self.cleaned_data["code"])):
            raise forms.ValidationError(
                _("That code is wrong. Enter the six digits the app shows now for this account.")
            )
        return self.cleaned_data["code"]
