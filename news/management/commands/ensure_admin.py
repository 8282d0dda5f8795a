import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.management.commands.runserver import naiveip_re
from django.http.request import validate_host
from django.urls import reverse

# Addresses that listen on every interface, and the one a browser here reaches them at.
EVERY_INTERFACE = {"0": "127.0.0.1", "0.0.0.0": "127.0.0.1", "[::]": "[::1]"}


class Command(BaseCommand):
    help = (
        "Create the superuser 'admin' if no superuser exists yet, with DJANGO_SUPERUSER_PASSWORD "
        "or a random password printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--username", default=os.environ.get("DJANGO_SUPERUSER_USERNAME", "admin")
        )
        parser.add_argument(
            "--serve",
            metavar="ADDRPORT",
            default="127.0.0.1:8000",
            help="what runserver is given (make run's HOST), for the admin address printed",
        )

    def handle(self, username, serve, **options):
        address = admin_address(serve)
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                f"The admin: {address} — a superuser exists already; its password was printed "
                "when it was created (reset it with: python manage.py changepassword USERNAME)."
            )
            self.stdout.write(second_factor_note())
            return
        if User.objects.filter(username=username).exists():
            raise CommandError(
                f"A user named {username!r} exists and is no superuser: give another name "
                "(--username or DJANGO_SUPERUSER_USERNAME), or make that user a superuser in "
                "the shell."
            )
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD")
        if password:
            try:
                validate_password(password, User(username=username))
            except ValidationError as error:
                raise CommandError(
                    "DJANGO_SUPERUSER_PASSWORD is too weak: " + " ".join(error.messages)
                ) from error
        else:
            password = secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin login for {address} — username: {username}  password: {password}"
            )
        )
        self.stdout.write(second_factor_note())


def second_factor_note():
    """What two-step login asks of a superuser under STAFF_2FA_REQUIRED."""
    level = settings.STAFF_2FA_REQUIRED
    if level == "none":
        return (
            "Two-step login is offered, not required (DJANGO_STAFF_2FA_REQUIRED=none): set it "
            "up from the admin's “Two-step login” link (两步验证 in Chinese)."
        )
    return (
        f"Two-step login is required (DJANGO_STAFF_2FA_REQUIRED={level}): the first login "
        "leads to setting it up with an authenticator app on a phone."
    )


def admin_address(addrport):
    """The admin's URL on the server that `runserver ADDRPORT` starts, as a browser on this
    machine reaches it; with a note when Django would refuse requests for that host."""
    match = naiveip_re.fullmatch(addrport)
    if match is None:
        raise CommandError(f"{addrport!r} is not a port or an address:port, as runserver takes.")
    host = match["addr"] or "127.0.0.1"
    url = f"http://{EVERY_INTERFACE.get(host, host)}:{match['port']}{reverse('admin:index')}"
    if host in EVERY_INTERFACE:
        return (
            f"{url} (listening on every interface: from another machine, use this one's "
            "address, listed in DJANGO_ALLOWED_HOSTS)"
        )
    if not validate_host(host.lower(), settings.ALLOWED_HOSTS):
        return f"{url} (add {host} to DJANGO_ALLOWED_HOSTS, or requests for it are refused)"
    return url
