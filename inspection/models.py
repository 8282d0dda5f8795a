"""What site inspections (《政府网站与政务新媒体检查指标》) ask of a public portal beyond its
pages: readers' error reports (找错) and the broken links found in public articles."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.validators import reject_control_characters


class ErrorReport(models.Model):
    """A reader's report of an error on the site, sent through the 找错 form."""

    page = models.CharField(
        _("page"), max_length=500, blank=True, validators=[reject_control_characters]
    )
    description = models.TextField(_("description"), validators=[reject_control_characters])
    contact = models.CharField(
        _("contact"), max_length=100, blank=True, validators=[reject_control_characters]
    )
    # Who sent it, as the login throttle tells clients apart (config.logins.client_address).
    client_address = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)
    is_handled = models.BooleanField(_("handled"), default=False)

    class Meta:
        verbose_name = _("error report")
        verbose_name_plural = _("error reports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["client_address", "created_at"])]

    def __str__(self):
        return self.description[:40]


class BrokenLink(models.Model):
    """A link in a public article's body that did not answer, as `check_links` last found."""

    article = models.ForeignKey(
        "news.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="broken_links",
    )

    class Problem(models.TextChoices):
        HTTP_ERROR = "http", _("error status")
        TIMEOUT = "timeout", _("no answer in time")
        UNREACHABLE = "unreachable", _("server unreachable")
        NOT_FOUND = "not_found", _("not on this site")
        NOT_PUBLIC = "not_public", _("article not public")

    # As written in the body, so that staff find it there.
    url = models.CharField(_("URL"), max_length=2000)
    problem = models.CharField(_("problem"), max_length=20, choices=Problem.choices)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    first_found_at = models.DateTimeField(_("first found"), default=timezone.now)
    last_checked_at = models.DateTimeField(_("last checked"), default=timezone.now)

    class Meta:
        verbose_name = _("broken link")
        verbose_name_plural = _("broken links")
        ordering = ["article", "url"]

    def __str__(self):
        return self.url
