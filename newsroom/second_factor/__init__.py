"""Two-step login for staff (django-otp): a code from an authenticator app (TOTP) after the
password, or one of the account's one-time recovery codes.

Who must have one is STAFF_2FA_REQUIRED's to say (`is_required`); anyone may set one up
(the admin's 两步验证 page), and whoever has one is asked for its code at every login. A
session whose login passed no second factor has none of its user's rights where one is
needed (`middleware`).
"""

from base64 import b32encode

import django_otp
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from auditlog.auditors import is_auditor
from auditlog.models import Action
from auditlog.records import record, record_each
from news.sharing import qr_data_address
from newsroom.workflow import PUBLISH_PERMISSION

RECOVERY_CODE_COUNT = 10
# The names django-otp keeps for each device (no page shows them).
AUTHENTICATOR_NAME = "authenticator"
RECOVERY_CODES_NAME = "recovery codes"


def is_required(user):
    """Whether the user may use the admin only after a second factor: STAFF_2FA_REQUIRED
    "all" staff, "chiefs" (superusers, chief editors, i.e. whoever may publish, and the
    auditors, who read every trace), or "none"."""
    level = settings.STAFF_2FA_REQUIRED
    if level == "chiefs":
        return user.is_superuser or user.has_perm(PUBLISH_PERMISSION) or is_auditor(user)
    return level == "all"


def has_authenticator(user):
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def device_for_code(user, code):
    """The device a code typed at login is for, locked for its check: six digits are the
    authenticator's, anything else a recovery code."""
    model = TOTPDevice if code.isdigit() and len(code) <= 8 else StaticDevice
    return model.objects.devices_for_user(user, confirmed=True).select_for_update().first()


def authenticator_to_set_up(user):
    """The authenticator the user is setting up: the same one (and QR code) until confirmed."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


@transaction.atomic
def confirm(request, device):
    """Make the device (its code just checked) the user's authenticator in place of any
    earlier one, count this session's login as passed with it, and give the user new
    recovery codes, which are returned: they are shown once."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    django_otp.login(request, device)
    record(Action.SECOND_FACTOR_SET_UP, device.user)
    return new_recovery_codes(device.user)


@transaction.atomic
def new_recovery_codes(user):
    """RECOVERY_CODE_COUNT new recovery codes for the user; the earlier ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": RECOVERY_CODES_NAME, "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def remove(users):
    """Take the users' second factor away (a lost phone): they set up a new one, where it
    is required at their next request to the admin. The users who had one."""
    had = list(users.filter(pk__in=TOTPDevice.objects.filter(confirmed=True).values("user")))
    TOTPDevice.objects.filter(user__in=users).delete()
    StaticDevice.objects.filter(user__in=users).delete()
    record_each(Action.SECOND_FACTOR_REMOVED, had)
    return had


def qr_code(device):
    """The device's setup address (otpauth://) as a QR code: an SVG data: address, which the
    site's Content-Security-Policy allows for images; drawn here, no script needed."""
    return qr_data_address(device.config_url, border=2)


def key_text(device):
    """The device's key as apps take it typed in: base32, in groups of four."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))
