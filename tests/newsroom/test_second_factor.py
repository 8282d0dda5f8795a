"""Two-step login for staff (newsroom.second_factor): who must set it up, setting it up with a
code computed here from the device's key, logging in with a code or a recovery code, and the
login throttle counting wrong codes."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from news.models import Article

from ..conftest import staff_in_group
from ..helpers import AUDITORS, CHIEF_EDITORS, EDITORS, text_of

SET_UP = "/admin/two-step-login/"
WRONG_CODE = "验证码不对"


def code_now(device, steps_ahead=0):
    """The code the authenticator app shows for the device, `steps_ahead` periods of 30
    seconds from now (a code once used is refused, so a login after the set-up in the same
    period uses the next one, as the app will show it seconds later)."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, drift=steps_ahead):06d}"


@pytest.fixture
def staff(db, django_user_model):
    """A superuser, a chief editor and a reporter, each with the password `<name>-pass-1`."""
    return {
        "superuser": django_user_model.objects.create_superuser(
            "superuser", password="superuser-pass-1"
        ),
        "chief": staff_in_group(django_user_model, "chief", CHIEF_EDITORS),
        "reporter": staff_in_group(django_user_model, "reporter", EDITORS),
        "auditor": staff_in_group(django_user_model, "auditor", AUDITORS),
    }


def log_in(client, user, code=""):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": user.username, "password": f"{user.username}-pass-1", "otp_token": code},
    )


def logged_in(client):
    return "_auth_user_id" in client.session


def set_up(client, user):
    """Open the set-up page and confirm the app with its code; the recovery codes shown."""
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=user)
    response = client.post(SET_UP, {"code": code_now(device)})
    assert response.status_code == 200
    return recovery_codes_shown(response)


def recovery_codes_shown(response):
    return re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())


@pytest.fixture
def enrolled(staff, settings):
    """The chief editor, with two-step login set up (and logged out)."""
    settings.STAFF_2FA_REQUIRED = "chiefs"
    client = Client()
    log_in(client, staff["chief"])
    codes = set_up(client, staff["chief"])
    client.post("/admin/logout/")
    return staff["chief"], TOTPDevice.objects.get(user=staff["chief"]), codes


@pytest.mark.parametrize(
    "address",
    [
        "/admin/",
        "/admin/news/article/",
        "/admin/news/article/add/",
        "/admin/auth/user/",
        "/admin/password_change/",
        "/admin/two-step-login/recovery-codes/",
    ],
)
def test_where_required_every_admin_page_leads_to_the_set_up(staff, settings, client, address):
    settings.STAFF_2FA_REQUIRED = "chiefs"
    log_in(client, staff["chief"])

    response = client.get(address)

    assert response.status_code == 302 and response["Location"] == SET_UP
    assert client.get(SET_UP).status_code == 200


def test_where_required_the_rights_wait_outside_the_admin_too(
    staff, settings, client, demo_tree, make_article
):
    """A login that passed the password alone previews no draft and uploads nothing."""
    settings.STAFF_2FA_REQUIRED = "chiefs"
    draft = make_article(demo_tree["industry-planning"], status=Article.Status.DRAFT)
    log_in(client, staff["chief"])

    assert client.get(f"/articles/{draft.pk}/").status_code == 404
    browse = client.get("/ckeditor/browse/")
    assert browse.status_code == 302 and browse["Location"].startswith("/admin/login/")
    set_up(client, staff["chief"])
    assert client.get(f"/articles/{draft.pk}/").status_code == 200


@pytest.mark.parametrize(
    ("level", "required_of"),
    [
        ("chiefs", {"superuser", "chief", "auditor"}),
        ("all", {"superuser", "chief", "reporter", "auditor"}),
        ("none", set()),
    ],
)
def test_who_must_set_it_up(staff, settings, level, required_of):
    settings.STAFF_2FA_REQUIRED = level
    sent_to_set_up = set()
    for name, user in staff.items():
        client = Client()
        log_in(client, user)
        assert logged_in(client)
        index = client.get("/admin/")
        if index.status_code == 302 and index["Location"] == SET_UP:
            sent_to_set_up.add(name)
        else:
            # Offered, not forced.
            assert index.status_code == 200 and "设置两步验证" in text_of(index.content.decode())

    assert sent_to_set_up == required_of


def test_setting_it_up_with_the_apps_code_turns_it_on(staff, settings, client):
    settings.STAFF_2FA_REQUIRED = "chiefs"
    log_in(client, staff["chief"])
    page = client.get(SET_UP).content.decode()
    device = TOTPDevice.objects.get(user=staff["chief"])
    assert not device.confirmed
    # The QR code is drawn here, as an image the Content-Security-Policy allows.
    assert re.search(r'<img class="qr-code" src="data:image/svg\+xml;base64,', page)

    response = client.post(SET_UP, {"code": code_now(device)})

    device.refresh_from_db()
    assert device.confirmed
    shown = recovery_codes_shown(response)
    assert len(shown) == 10
    assert set(shown) == set(StaticToken.objects.values_list("token", flat=True))
    assert "两步验证已开启" in text_of(response.content.decode())
    # This session passed the second factor: the admin opens.
    assert client.get("/admin/").status_code == 200
    assert "剩余 10 个恢复码" in text_of(client.get(SET_UP).content.decode())


def test_a_wrong_code_at_set_up_is_refused(staff, settings, client):
    settings.STAFF_2FA_REQUIRED = "chiefs"
    log_in(client, staff["chief"])
    client.get(SET_UP)
    device = TOTPDevice.objects.get(user=staff["chief"])
    wrong = f"{(int(code_now(device)) + 1) % 1_000_000:06d}"

    response = client.post(SET_UP, {"code": wrong})

    assert response.status_code == 200
    assert "验证码不对" in text_of(response.content.decode())
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/admin/")["Location"] == SET_UP


def test_a_user_with_two_step_login_needs_the_code(enrolled, client):
    chief, device, _codes = enrolled

    without = log_in(client, chief)
    assert not logged_in(client)
    assert "此账号已开启两步验证" in text_of(without.content.decode())

    wrong = log_in(client, chief, "000000" if code_now(device, 1) != "000000" else "111111")
    assert not logged_in(client)
    assert WRONG_CODE in text_of(wrong.content.decode())

    device.throttle_reset()  # django-otp waits a second after a wrong code
    right = log_in(client, chief, code_now(device, 1))
    assert right.status_code == 302 and right["Location"] == "/admin/"
    assert client.get("/admin/news/article/").status_code == 200


def test_it_is_asked_for_where_not_required(enrolled, settings, client):
    """Whoever set it up is asked for the code, whatever STAFF_2FA_REQUIRED says."""
    chief, device, _codes = enrolled
    settings.STAFF_2FA_REQUIRED = "none"

    log_in(client, chief)

    assert not logged_in(client)
    log_in(client, chief, code_now(device, 1))
    assert logged_in(client)


def test_a_recovery_code_works_once(enrolled):
    chief, _device, codes = enrolled

    first = Client()
    log_in(first, chief, codes[0].upper())
    assert logged_in(first)
    assert first.get("/admin/").status_code == 200

    second = Client()
    log_in(second, chief, codes[0])
    assert not logged_in(second)
    assert StaticToken.objects.count() == 9


def test_new_recovery_codes_replace_the_old_ones(enrolled, client):
    chief, device, old = enrolled
    log_in(client, chief, code_now(device, 1))

    new = recovery_codes_shown(client.post("/admin/two-step-login/recovery-codes/"))

    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)


def test_wrong_codes_count_towards_the_lock_out(enrolled, settings):
    chief, device, _codes = enrolled
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp's own pause, out of the way here
    wrong = "000000" if code_now(device, 1) != "000000" else "111111"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(Client(), chief, wrong)

    client = Client()
    response = log_in(client, chief, code_now(device, 1))

    assert response.status_code == 429
    assert not logged_in(client)


def test_a_session_that_passed_only_the_password_ends_when_the_app_is_set_up(staff, settings):
    settings.STAFF_2FA_REQUIRED = "none"
    reporter = staff["reporter"]
    earlier, setting_up = Client(), Client()
    log_in(earlier, reporter)
    log_in(setting_up, reporter)

    set_up(setting_up, reporter)

    assert earlier.get("/admin/").status_code == 302
    assert not logged_in(earlier)
    assert setting_up.get("/admin/").status_code == 200


def test_a_new_phone_replaces_the_app_once_confirmed(enrolled, client):
    chief, old, _codes = enrolled
    log_in(client, chief, code_now(old, 1))

    client.get(SET_UP + "?replace")
    new = TOTPDevice.objects.get(user=chief, confirmed=False)
    response = client.post(SET_UP + "?replace", {"code": code_now(new)})

    assert response.status_code == 200
    assert list(TOTPDevice.objects.filter(user=chief)) == [new]
    # This session counts as passed with the new app.
    assert client.get("/admin/").status_code == 200


def test_an_administrator_removes_it_from_an_account(enrolled, staff, settings, client):
    chief, _device, _codes = enrolled
    settings.STAFF_2FA_REQUIRED = "none"  # of the administrator, here
    client.force_login(staff["superuser"])

    client.post(
        "/admin/auth/user/",
        {"action": "remove_second_factor", "_selected_action": [chief.pk]},
    )

    assert not TOTPDevice.objects.filter(user=chief).exists()
    assert not StaticToken.objects.exists()
    settings.STAFF_2FA_REQUIRED = "chiefs"
    chiefs_client = Client()
    log_in(chiefs_client, chief)
    assert chiefs_client.get("/admin/")["Location"] == SET_UP


def staff_2fa_required(**env):
    """STAFF_2FA_REQUIRED as settings read it from this environment, or the error."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SECRET_KEY": "x",
        **env,
    }
    script = "import config.settings as s; print(s.STAFF_2FA_REQUIRED)"
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip() or done.stderr.strip().splitlines()[-1]


def test_the_setting_from_the_environment():
    assert staff_2fa_required() == "chiefs"
    # make run: offered to everyone, required of no one.
    assert staff_2fa_required(DJANGO_DEBUG="1") == "none"
    assert staff_2fa_required(DJANGO_DEBUG="1", DJANGO_STAFF_2FA_REQUIRED="chiefs") == "chiefs"
    assert staff_2fa_required(DJANGO_STAFF_2FA_REQUIRED=" All ") == "all"
    assert "DJANGO_STAFF_2FA_REQUIRED" in staff_2fa_required(DJANGO_STAFF_2FA_REQUIRED="some")
    assert settings.STAFF_2FA_REQUIRED == "none"  # the suite's, for tests of other concerns
