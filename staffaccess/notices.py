"""What a user is told on logging in: when and from where their account last logged in, and
how many wrong passwords were tried on it since, so that a login they did not make, or
someone guessing, does not go unnoticed. Read from django-axes' records of logins
(AccessLog) and of failures (AccessFailureLog, AXES_ENABLE_ACCESS_FAILURE_LOG)."""

from axes.models import AccessFailureLog, AccessLog
from django.contrib import messages
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def tell_of_earlier_logins(sender, request, user, **kwargs):
    if request is None:
        return
    # This login's own record is made during the request, after its start.
    started = getattr(request, "axes_attempt_time", None) or timezone.now()
    username = user.get_username()
    earlier = (
        AccessLog.objects.filter(username=username, attempt_time__lt=started)
        .order_by("-attempt_time")
        .first()
    )
    failures = AccessFailureLog.objects.filter(username=username, attempt_time__lt=started)
    if earlier is not None:
        failures = failures.filter(attempt_time__gt=earlier.attempt_time)
    count = failures.count()
    notice = about_failures(count, first=earlier is None)
    if earlier is None:
        notice = both(_("This is the first recorded login to your account."), notice)
    else:
        last = _("Your last login: %(time)s, from %(address)s.") % {
            "time": formats.date_format(
                timezone.localtime(earlier.attempt_time), "DATETIME_FORMAT"
            ),
            "address": earlier.ip_address,
        }
        notice = both(last, notice)
    messages.add_message(
        request, messages.WARNING if count else messages.INFO, notice, fail_silently=True
    )


def about_failures(count, first):
    if first:
        if not count:
            return ""
        text = ngettext(
            "Before it, %(count)d wrong password was tried on your account.",
            "Before it, %(count)d wrong passwords were tried on your account.",
            count,
        )
    elif not count:
        return _("No wrong password was tried on your account since.")
    else:
        text = ngettext(
            "Since then, %(count)d wrong password was tried on your account.",
            "Since then, %(count)d wrong passwords were tried on your account.",
            count,
        )
    return text % {"count": count}


def both(first, second):
    # Sentences follow each other with a space in English, with none in Chinese.
    return _("%(first)s %(second)s") % {"first": first, "second": second} if second else first
