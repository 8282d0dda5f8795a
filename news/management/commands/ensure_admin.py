import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Create the superuser 'admin' if no superuser exists yet, with DJANGO_SUPERUSER_PASSWORD "
        "or a random password printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--username", default=os.environ.get("DJANGO_SUPERUSER_USERNAME", "admin")
        )

    def handle(self, username, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                "A superuser exists already; its password was printed when it was created "
                "(reset it with: python manage.py changepassword USERNAME)."
            )
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
                f"Admin login for http://127.0.0.1:8000/admin/ — username: {username}  "
                f"password: {password}"
            )
        )
