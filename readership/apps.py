from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReadershipConfig(AppConfig):
    """Readership (阅读统计): each article's views per day beside its total, the readers'
    本周热门 and 本月热门 lists, and the editors' dashboard drawn from them."""

    name = "readership"
    verbose_name = _("Readership")
