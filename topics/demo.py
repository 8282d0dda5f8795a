"""The demo's special topic: two sections of the demo's own articles."""

from django.utils import timezone

from categories.models import Category
from news.models import Article

from .models import Topic, TopicArticle, TopicSection

SLUG = "shuzijingji"
LEAD = (
    "数据成为新的生产要素，数字经济正在重塑园区的产业形态与治理方式。\n"
    "本专题汇集本站关于数据要素市场、数字化转型与产业数字化的报道和研究。"
)
# (section name, column slug): each section lists that column's newest public articles.
SECTIONS = [("数据要素", "data-elements"), ("数字经济观察", "digital-economy")]
# The column whose page lists it (and so its parent's, 专题专栏).
COLUMN = "digital-economy"
PER_SECTION = 4


def ensure_demo_topic(cover):
    """Create the demo topic (its cover drawn by `cover(seed)`) unless a topic has its
    address already; True when created."""
    if Topic.objects.filter(slug=SLUG).exists():
        return False
    public = Article.objects.published().newest_first()
    chosen = [
        (name, list(public.filter(column__slug=slug)[:PER_SECTION])) for name, slug in SECTIONS
    ]
    if not all(articles for _, articles in chosen):
        return False  # the demo's articles are not there (renamed or removed by editors)
    topic = Topic.objects.create(
        title="数字经济专题",
        slug=SLUG,
        lead=LEAD,
        cover=cover("数字经济专题"),
        column=Category.objects.filter(slug=COLUMN).first(),
        status=Topic.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    for position, (name, articles) in enumerate(chosen):
        section = TopicSection.objects.create(topic=topic, name=name, position=position)
        TopicArticle.objects.bulk_create(
            TopicArticle(section=section, article=article, position=place)
            for place, article in enumerate(articles)
        )
    return True
