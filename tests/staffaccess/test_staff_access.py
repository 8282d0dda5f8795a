"""Staff logins: they end when idle and at browser close, passwords are long enough and may
expire, and a user is told of the logins and wrong passwords on their account."""

from datetime import timedelta

import pytest
from axes.models import AccessFailureLog, AccessLog
from django.contrib.messages import get_messages
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from staffaccess.models import PasswordRecord

PASSWORD = "长城-right-pass-2026"


@pytest.fixture
def chief(django_user_model):
    return django_user_model.objects.create_superuser("chief", password=PASSWORD)


def log_in(client, password=PASSWORD, address="203.0.113.7"):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "chief", "password": password},
        REMOTE_ADDR=address,
        follow=True,
    )


def session_of(client):
    return Session.objects.get(session_key=client.cookies["sessionid"].value)


def shown_messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_staff_session_ends_when_the_browser_closes(chief):
    client = Client()
    log_in(client)

    cookie = client.cookies["sessionid"]
    assert not cookie["max-age"] and not cookie["expires"]


def test_each_request_moves_the_end_of_the_session(chief, settings):
    client = Client()
    log_in(client)
    Session.objects.filter(pk=session_of(client).pk).update(
        expire_date=timezone.now() + timedelta(minutes=1)  # idle for all but a minute
    )

    client.get("/admin/")

    left = session_of(client).expire_date - timezone.now()
    assert timedelta(minutes=settings.STAFF_IDLE_MINUTES - 1) < left
    assert left <= timedelta(minutes=settings.STAFF_IDLE_MINUTES)


def test_after_the_idle_time_the_admin_asks_for_the_login_again(chief, settings):
    client = Client()
    log_in(client)
    Session.objects.filter(pk=session_of(client).pk).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_typing_in_an_admin_page_keeps_the_session(chief, settings):
    client = Client()
    page = log_in(client)
    assert 'data-keep-alive="/admin/keep-alive/"' in page.content.decode()
    Session.objects.filter(pk=session_of(client).pk).update(
        expire_date=timezone.now() + timedelta(minutes=1)
    )

    assert client.get("/admin/keep-alive/").status_code == 204
    assert session_of(client).expire_date > timezone.now() + timedelta(minutes=2)


def test_keep_alive_is_refused_without_a_staff_login(db):
    assert Client().get("/admin/keep-alive/").status_code == 403


@pytest.mark.parametrize(
    ("password", "refusal"),
    [
        ("Kx7-fw2q", "密码太短，至少需要 12 个字符。"),
        ("password1234", "这个密码太常见了。"),
        ("reporter-news", "密码跟 用户名 太相似了。"),
    ],
)
def test_a_weak_password_is_refused(chief, password, refusal):
    client = Client()
    client.force_login(chief)

    response = client.post(
        "/admin/auth/user/add/",
        {
            "username": "reporter",
            "password1": password,
            "password2": password,
            "usable_password": "true",
        },
    )

    assert refusal in response.content.decode()


def test_a_password_of_twelve_characters_is_accepted(chief, django_user_model):
    client = Client()
    client.force_login(chief)

    client.post(
        "/admin/auth/user/add/",
        {
            "username": "reporter",
            "password1": "Kx7-fw2q-Lm9p",
            "password2": "Kx7-fw2q-Lm9p",
            "usable_password": "true",
        },
    )

    assert django_user_model.objects.get(username="reporter").check_password("Kx7-fw2q-Lm9p")


def test_a_password_change_is_recorded(chief):
    PasswordRecord.objects.filter(user=chief).update(
        changed_at=timezone.now() - timedelta(days=400)
    )

    chief.set_password("another-long-pass-9")
    chief.save()

    assert PasswordRecord.objects.get(user=chief).changed_at > timezone.now() - timedelta(minutes=1)


def test_an_expired_password_must_be_changed_before_the_admin_opens(chief, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    PasswordRecord.objects.create(user=chief, changed_at=timezone.now() - timedelta(days=91))
    client = Client()
    client.force_login(chief)

    response = client.get("/admin/news/article/", follow=True)

    assert response.redirect_chain[-1][0] == "/admin/password_change/"
    assert "您的密码已过期：请设置新密码后继续。" in shown_messages(response)

    new = "新的-long-pass-2027"
    client.post(
        "/admin/password_change/",
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert client.get("/admin/news/article/").status_code == 200


def test_an_account_never_given_a_new_password_counts_from_when_it_was_made(chief, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    PasswordRecord.objects.filter(user=chief).delete()
    chief.date_joined = timezone.now() - timedelta(days=91)
    chief.save()
    client = Client()
    client.force_login(chief)

    assert client.get("/admin/").status_code == 302


def test_a_password_within_its_age_opens_the_admin(chief, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    PasswordRecord.objects.create(user=chief, changed_at=timezone.now() - timedelta(days=89))
    chief.date_joined = timezone.now() - timedelta(days=400)
    chief.save()
    client = Client()
    client.force_login(chief)

    assert client.get("/admin/news/article/").status_code == 200


def test_the_first_login_says_so(chief):
    response = log_in(Client())

    assert shown_messages(response) == ["这是您的账号首次登录的记录。"]


def test_a_login_tells_of_the_last_one_and_the_wrong_passwords_since(chief):
    log_in(Client(), address="198.51.100.20")
    earlier = AccessLog.objects.get(username="chief")
    AccessLog.objects.filter(pk=earlier.pk).update(
        attempt_time=timezone.make_aware(timezone.datetime(2026, 12, 1, 9, 30))
    )
    log_in(Client(), password="wrong-guess-1", address="192.0.2.1")
    log_in(Client(), password="wrong-guess-2", address="192.0.2.1")

    response = log_in(Client())

    assert shown_messages(response) == [
        "您上次登录：2026年12月1日 09:30，来自 198.51.100.20。此后有 2 次密码错误的登录尝试。"
    ]
    assert AccessFailureLog.objects.filter(username="chief").count() == 2


def test_wrong_passwords_before_the_last_login_are_not_counted_again(chief):
    log_in(Client(), password="wrong-guess-1")
    log_in(Client())

    response = log_in(Client())

    assert shown_messages(response)[0].endswith("此后没有密码错误的登录尝试。")


def test_a_made_up_session_cookie_on_a_reader_page_makes_no_session(db):
    client = Client()
    client.cookies["sessionid"] = "madeup0123456789madeup0123456789"

    response = client.get("/")

    assert Session.objects.count() == 0
    assert "sessionid" not in response.cookies


def test_reader_pages_do_not_move_the_end_of_a_staff_session(chief):
    client = Client()
    log_in(client)
    end = timezone.now() + timedelta(minutes=1)
    Session.objects.filter(pk=session_of(client).pk).update(expire_date=end)

    client.get("/")

    assert session_of(client).expire_date == end
