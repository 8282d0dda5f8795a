"""Strings the admin shows from Django and the libraries, which their own zh-hans catalogues
lack (Django 5.2's admin and auth, django-axes, django-reversion, django-ckeditor's image
browser).

Marked here so that makemessages keeps them in the project's catalogue, whose translations
come before theirs (LOCALE_PATHS); nothing needs to import this module. The admin's scripts'
strings are in config/locale/zh_Hans/LC_MESSAGES/djangojs.po, kept by hand: makemessages does
not write that file unless asked for the djangojs domain.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO = (
    # Times of day (the "A" and "a" of date formats) and a refused choice of a related record.
    gettext_noop("AM"),
    gettext_noop("PM"),
    gettext_noop("a.m."),
    gettext_noop("p.m."),
    gettext_noop("%(model)s instance with %(field)s %(value)r is not a valid choice."),
    # The admin index's table captions, read by screen readers.
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    # Before the page title when a form has errors.
    gettext_noop("Error:"),
    # Joined after "was added successfully." (Django's own ends in an ASCII full stop).
    gettext_noop("You may edit it again below."),
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("In case you’ve forgotten, you are:"),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
    ),
)

AXES = (
    # The login records' app (newsroom.apps.LoginRecordsConfig), models and fields.
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("Access Attempt"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("User Agent"),
    gettext_noop("IP Address"),
    gettext_noop("Username"),
    gettext_noop("HTTP Accept"),
    gettext_noop("Path"),
    gettext_noop("Attempt Time"),
    gettext_noop("Access lock out"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Failed Logins"),
    gettext_noop("Expires At"),
    gettext_noop("The time when access attempt expires and is no longer valid."),
    gettext_noop("Logout Time"),
    gettext_noop("Session key hash (sha256)"),
    # Their admin pages.
    gettext_noop("Locked Out"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Not set"),
    # The answer to a locked-out login.
    gettext_noop("Account locked: too many login attempts. Please try again later."),
    gettext_noop(
        "Account locked: too many login attempts. Contact an admin to unlock your account."
    ),
)

REVERSION = (
    # Its app and models, in the permission picker.
    gettext_noop("Reversion"),
    gettext_noop("revision"),
    gettext_noop("revisions"),
    gettext_noop("version"),
)

CKEDITOR_UPLOADER = (
    # The body editor's image browser (/ckeditor/browse/).
    gettext_noop("Search files"),
    gettext_noop("Select an image to embed"),
    gettext_noop("Browse for the image you want, then click 'Embed Image' to continue..."),
    gettext_noop("No images found. Upload images using the 'Image Button' dialog's 'Upload' tab."),
    gettext_noop("Images in: "),
    gettext_noop("Embed Image"),
    gettext_noop("Play Slideshow"),
    gettext_noop("Pause Slideshow"),
    gettext_noop("&lsaquo; Previous Photo"),
    gettext_noop("Next Photo &rsaquo;"),
    gettext_noop("Next &rsaquo;"),
    gettext_noop("&lsaquo; Prev"),
)
