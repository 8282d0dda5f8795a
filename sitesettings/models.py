"""What staff set for the whole site: its name, logo, footer, filing numbers, display modes,
friendly links."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from config.validators import reject_control_characters
from uploads.images import GeneratedImageName, validate_image

ICP_RECORD_URL = "https://beian.miit.gov.cn/"
POLICE_RECORD_URL = "http://www.beian.gov.cn/portal/registerSystemInfo?recordcode={digits}"


def default_site_name():
    # SITE_NAME in the environment names a fresh install until staff save their own.
    return settings.SITE_NAME


class SiteSettings(models.Model):
    """One record (pk 1); read through sitesettings.cache.sitewide(), never per template."""

    site_name = models.CharField(
        _("site name"),
        max_length=60,
        default=default_site_name,
        validators=[reject_control_characters],
    )
    logo = models.ImageField(
        _("logo"),
        upload_to=GeneratedImageName("site", "logo"),
        blank=True,
        validators=[validate_image],
        help_text=_("Shown before the site name in the header, 40 pixels high."),
    )
    seo_description = models.CharField(
        _("default description"),
        max_length=300,
        blank=True,
        validators=[reject_control_characters],
        help_text=_("For search engines, on pages that have no description of their own."),
    )
    seo_keywords = models.CharField(
        _("default keywords"),
        max_length=200,
        blank=True,
        validators=[reject_control_characters],
        help_text=_("For search engines, on pages that have no keywords of their own."),
    )
    address = models.CharField(
        _("address"), max_length=200, blank=True, validators=[reject_control_characters]
    )
    phone = models.CharField(
        _("phone"), max_length=40, blank=True, validators=[reject_control_characters]
    )
    email = models.EmailField(_("email"), blank=True)
    icp_number = models.CharField(
        _("ICP filing number"),
        max_length=40,
        blank=True,
        validators=[
            RegexValidator(
                r"^[\u4e00-\u9fff]ICP备\d{6,10}号(-\d{1,3})?$",
                _("Write it as the filing system shows it, e.g. 京ICP备12345678号-1."),
            )
        ],
        help_text=_("Shown in the footer, linked to the filing system."),
    )
    police_number = models.CharField(
        _("public security filing number"),
        max_length=40,
        blank=True,
        validators=[
            RegexValidator(
                r"^[\u4e00-\u9fff]公网安备 ?\d{14}号$",
                _("Write it as the filing shows it, e.g. 京公网安备 11010502030143号."),
            )
        ],
        help_text=_("Shown in the footer, linked to its record page."),
    )

    police_badge = models.ImageField(
        _("public security filing badge"),
        upload_to=GeneratedImageName("site", "police_badge"),
        blank=True,
        validators=[validate_image],
        help_text=_(
            "The icon the public security filing system gives, shown before the filing "
            "number, 20 pixels high."
        ),
    )
    site_code = models.CharField(
        _("website identification code"),
        max_length=10,
        blank=True,
        validators=[
            RegexValidator(
                r"^[0-9A-Za-z]{10}$",
                _("Ten letters or digits, as the government website register gives it."),
            )
        ],
        help_text=_("The code the government website register gives, shown in the footer."),
    )
    government_badge = models.ImageField(
        _("party and government agency mark"),
        upload_to=GeneratedImageName("site", "government_badge"),
        blank=True,
        validators=[validate_image],
        help_text=_("The mark the register gives, shown in the footer, 48 pixels high."),
    )
    government_badge_url = models.URLField(
        _("party and government agency mark link"),
        blank=True,
        help_text=_("The mark's certificate page, if the register gave one."),
    )
    # 哀悼模式: every reader page in grey between these times, decided per request
    # (sitesettings.display), so it starts and ends on time with no job and no edit.
    mourning_starts_at = models.DateTimeField(
        _("mourning mode from"),
        null=True,
        blank=True,
        help_text=_("Every reader page is shown in grey from this time."),
    )
    mourning_ends_at = models.DateTimeField(
        _("mourning mode until"),
        null=True,
        blank=True,
        help_text=_("Pages are shown in colour again from this time. Left blank, until cleared."),
    )

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self):
        return str(_("Site settings"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.mourning_ends_at and not self.mourning_starts_at:
            raise ValidationError(
                {"mourning_starts_at": _("Give the time the mourning mode starts.")}
            )
        if self.mourning_ends_at and self.mourning_ends_at <= self.mourning_starts_at:
            raise ValidationError(
                {"mourning_ends_at": _("The mourning mode must end after it starts.")}
            )

    def in_mourning(self, now):
        """Whether reader pages are grey at `now`."""
        starts, ends = self.mourning_starts_at, self.mourning_ends_at
        return starts is not None and starts <= now and (ends is None or now < ends)

    def next_display_change(self, now):
        """When the mourning mode next starts or ends after `now`, or None."""
        later = [moment for moment in (self.mourning_starts_at, self.mourning_ends_at) if moment]
        return min((moment for moment in later if moment > now), default=None)

    @property
    def icp_record_url(self):
        return ICP_RECORD_URL

    @property
    def police_record_url(self):
        return POLICE_RECORD_URL.format(digits=re.sub(r"\D", "", self.police_number))


class FriendlyLinkQuerySet(models.QuerySet):
    def shown(self):
        return self.filter(is_shown=True).order_by("order", "pk")


class FriendlyLink(models.Model):
    """友情链接: other sites' links that staff keep in the footer."""

    name = models.CharField(_("name"), max_length=60, validators=[reject_control_characters])
    url = models.URLField(_("URL"))
    logo = models.ImageField(
        _("logo"),
        upload_to=GeneratedImageName("links", "logo"),
        blank=True,
        validators=[validate_image],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_shown = models.BooleanField(_("shown"), default=True)

    objects = FriendlyLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("friendly link")
        verbose_name_plural = _("friendly links")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name
