"""Setting up two-step login, new recovery codes, its removal by an administrator and a
wrong code at login are each one entry."""

from django.test import Client

from auditlog.models import Action

from ..newsroom import test_second_factor as two_step
from ..newsroom.test_second_factor import code_now, log_in
from .conftest import entries

# The chief editor with two-step login set up, and the staff accounts: its tests' fixtures.
enrolled, staff = two_step.enrolled, two_step.staff


def test_set_up_new_codes_and_a_wrong_code(enrolled):
    chief, device, _codes = enrolled
    (set_up,) = entries(action=Action.SECOND_FACTOR_SET_UP)
    assert (set_up.username, set_up.object_repr) == ("chief", "chief")

    wrong = "000000" if code_now(device, 1) != "000000" else "111111"
    log_in(Client(), chief, wrong)
    (failed,) = entries(action=Action.LOGIN_FAILED)
    assert (failed.username, failed.detail) == ("chief", {"reason": "code"})

    device.throttle_reset()  # django-otp waits a second after a wrong code
    client = Client()
    log_in(client, chief, code_now(device, 1))
    client.post("/admin/two-step-login/recovery-codes/")
    (codes,) = entries(action=Action.RECOVERY_CODES)
    assert codes.username == "chief"


def test_removal_by_an_administrator(enrolled, staff, settings):
    chief, _device, _codes = enrolled
    settings.STAFF_2FA_REQUIRED = "none"
    client = Client()
    client.force_login(staff["superuser"])
    client.post(
        "/admin/auth/user/", {"action": "remove_second_factor", "_selected_action": [chief.pk]}
    )
    (removed,) = entries(action=Action.SECOND_FACTOR_REMOVED)
    assert (removed.username, removed.object_repr) == ("superuser", "chief")


def test_removal_counts_only_accounts_that_had_it(enrolled, staff, settings):
    settings.STAFF_2FA_REQUIRED = "none"
    client = Client()
    client.force_login(staff["superuser"])
    both = [enrolled[0].pk, staff["reporter"].pk]  # the reporter never set one up
    response = client.post(
        "/admin/auth/user/",
        {"action": "remove_second_factor", "_selected_action": both},
        follow=True,
    )
    assert "已移除 1 个账号的两步验证" in response.content.decode()
    assert [e.object_repr for e in entries(action=Action.SECOND_FACTOR_REMOVED)] == ["chief"]
