"""Strings the admin shows from Django and the libraries, which their own zh-hans catalogues
lack (Django 5.2's admin and auth, django-axes, django-reversion, django-ckeditor's image
browser).

Marked here so that makemessages keeps them in the project's catalogue, whose translations
come before theirs (LOCALE_PATHS); nothing needs to import this module. The admin's scripts'
strings are in locale/zh_Hans/LC_MESSAGES/djangojs.po, kept by hand: makemessages does not
write that file unless asked for the djangojs domain.
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
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options."),
    gettext_noop("Forgotten your login credentials?"),
    gettext_noop("In case you’ve forgotten, you are:"),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
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
