"""The admin's 两步验证 page (admin:second_factor): setting up an authenticator app with a QR
code, the account's state, and new recovery codes, shown once."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from auditlog.models import Action
from auditlog.records import record

from . import (
    authenticator_to_set_up,
    confirm,
    is_required,
    key_text,
    new_recovery_codes,
    qr_code,
    recovery_codes_left,
)
from .forms import SetUpForm


def second_factor(request, site):
    """The account's two-step login; setting up its authenticator app when it has none (or
    `?replace`, a new phone): a code from the app confirms it, and the recovery codes follow."""
    user = request.user
    if user.is_verified() and "replace" not in request.GET:
        return page(
            request,
            site,
            "admin/second_factor/state.html",
            recovery_codes_left=recovery_codes_left(user),
            required=is_required(user),
        )
    device = authenticator_to_set_up(user)
    form = SetUpForm(device, request.POST or None)
    if form.is_valid():
        codes = confirm(request, device)
        messages.success(request, _("Two-step login is on."))
        return recovery_codes(request, site, codes)
    return page(
        request,
        site,
        "admin/second_factor/set_up.html",
        form=form,
        qr_code=qr_code(device),
        key=key_text(device),
        required=is_required(user),
        replacing=user.is_verified(),
    )


@require_POST
def new_codes(request, site):
    """New recovery codes for an account that logged in with its second factor."""
    if not request.user.is_verified():
        return redirect("admin:second_factor")
    codes = new_recovery_codes(request.user)
    record(Action.RECOVERY_CODES, request.user)
    return recovery_codes(request, site, codes)


def recovery_codes(request, site, codes):
    return page(request, site, "admin/second_factor/recovery_codes.html", codes=codes)


def page(request, site, template, **context):
    context = {**site.each_context(request), "title": _("Two-step login"), **context}
    return TemplateResponse(request, template, context)
