"""The demo's site settings and friendly links; what staff have already set is kept."""

from django.conf import settings

from .models import FriendlyLink, SiteSettings

DEMO_SETTINGS = {
    "seo_description": "高新区经济研究网：高新区与园区新闻、区域经济研究、产业政策解读。",
    "seo_keywords": "高新区,产业园区,区域经济,产业规划",
    "address": "广东省深圳市南山区科技园示例路 1 号",
    "phone": "0755-1234 5678",
    "email": "contact@example.com",
    # A made-up number of the right shape: replace it with the site's own filing.
    "icp_number": "粤ICP备20240101号-1",
    "police_number": "粤公网安备 44030502000001号",
}
DEMO_LINKS = [
    ("中国政府网", "https://www.gov.cn/"),
    ("国家发展和改革委员会", "https://www.ndrc.gov.cn/"),
    ("中华人民共和国科学技术部", "https://www.most.gov.cn/"),
    ("工业和信息化部", "https://www.miit.gov.cn/"),
    ("国家统计局", "https://www.stats.gov.cn/"),
]


def ensure_demo_settings():
    """Return (settings created, links created)."""
    _, created = SiteSettings.objects.get_or_create(
        pk=1, defaults={"site_name": settings.SITE_NAME, **DEMO_SETTINGS}
    )
    links = 0
    if not FriendlyLink.objects.exists():
        FriendlyLink.objects.bulk_create(
            FriendlyLink(name=name, url=url, order=n) for n, (name, url) in enumerate(DEMO_LINKS)
        )
        links = len(DEMO_LINKS)
        # bulk_create sends no post_save: tell readers of the cached footer.
        from .cache import changed

        changed()
    return created, links
