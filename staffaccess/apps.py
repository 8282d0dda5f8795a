from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StaffAccessConfig(AppConfig):
    """How long a staff login lasts, how old a password may get, and what a user is told of
    the logins to their account."""

    name = "staffaccess"
    verbose_name = _("Staff access")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .notices import tell_of_earlier_logins

        user_logged_in.connect(tell_of_earlier_logins, dispatch_uid="tell_of_earlier_logins")
