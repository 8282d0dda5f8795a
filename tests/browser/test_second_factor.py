"""Two-step login in chromium: a chief editor's first login leads to setting it up; the test
reads the key off the page, as an authenticator app would from the QR code, computes the
codes from it, sets it up, keeps the recovery codes and logs in again with a code. On a
phone's width too, under the Content-Security-Policy."""

from base64 import b32decode

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from .conftest import no_horizontal_overflow
from .test_content_security_policy import RECORD_VIOLATIONS, violations
from .test_editor_flow import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def app_code(key_text, steps_ahead=0):
    """What an authenticator app given this key shows (`steps_ahead` periods of 30 s on)."""
    key = b32decode("".join(key_text.split()))
    return f"{totp(key, drift=steps_ahead):06d}"


@pytest.mark.parametrize("width", [1280, 375])
def test_a_chief_editor_sets_up_two_step_login_and_logs_in_with_a_code(
    page, live_server, chief_editor, settings, width
):
    settings.STAFF_2FA_REQUIRED = "chiefs"
    site = live_server.url
    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_init_script(RECORD_VIOLATIONS)

    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "chief-pass-1")
    page.click("input[type=submit]")
    expect(page).to_have_url(f"{site}/admin/two-step-login/")
    expect(page.locator(".errornote")).to_contain_text("须开启两步验证")
    qr_code = page.locator("img.qr-code")
    expect(qr_code).to_be_visible()
    assert page.evaluate("document.querySelector('img.qr-code').naturalWidth") > 0
    assert no_horizontal_overflow(page)
    # Nothing goes to the admin until it is set up.
    page.goto(f"{site}/admin/news/article/")
    expect(page).to_have_url(f"{site}/admin/two-step-login/")

    key = page.locator(".secret-key").inner_text()
    page.fill("#id_code", app_code(key))
    page.click("input[type=submit]")
    expect(page.locator(".messagelist")).to_contain_text("两步验证已开启")
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    assert no_horizontal_overflow(page)
    page.click("text=已保存，进入管理后台")
    expect(page).to_have_url(f"{site}/admin/")

    page.click("#logout-form button")
    page.goto(f"{site}/admin/login/")
    page.fill("#id_username", "chief")
    page.fill("#id_password", "chief-pass-1")
    page.click("input[type=submit]")
    expect(page.locator(".errornote")).to_contain_text("此账号已开启两步验证")
    page.fill("#id_password", "chief-pass-1")
    page.fill("#id_otp_token", app_code(key, steps_ahead=1))
    page.click("input[type=submit]")
    expect(page).to_have_url(f"{site}/admin/")
    assert violations(page) == []


def test_the_demo_superuser_logs_in_at_once_where_it_is_offered(page, live_server, settings):
    """make run (debug): the superuser's password opens the admin, which offers the set-up."""
    from django.contrib.auth import get_user_model

    settings.STAFF_2FA_REQUIRED = "none"
    get_user_model().objects.create_superuser("admin", password="admin-pass-1")

    log_in(page, live_server.url, "admin", "admin-pass-1")

    expect(page.locator(".second-factor-offer")).to_contain_text("设置两步验证")
