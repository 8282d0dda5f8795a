"""Settings for the test suite: the production settings, on a plain-HTTP test server."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-suite-key-not-a-secret")
os.environ.setdefault("DJANGO_HTTPS", "0")

from config.settings import *  # noqa: F403

# The manifest storage needs collectstatic; tests serve static files from the finders.
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Serve static files from the app and project folders, as in development.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Tests of other concerns log staff in with force_login, which passes no second factor; the
# two-step login's own tests (tests/newsroom/test_second_factor.py) set each level.
STAFF_2FA_REQUIRED = "none"
