import pytest
from django.utils import timezone

from topics.models import Topic, TopicArticle, TopicSection


@pytest.fixture
def make_topic(db):
    """Create a topic; defaults make a public one. `sections`: (name, [articles]) pairs, or
    (name, [articles], order), the articles in the editor's order."""
    counter = iter(range(1, 1_000_000))

    def make(sections=(), **fields):
        n = next(counter)
        fields.setdefault("title", f"测试专题 {n}")
        fields.setdefault("slug", f"topic-{n}")
        fields.setdefault("status", Topic.Status.PUBLISHED)
        fields.setdefault("published_at", timezone.now())
        topic = Topic.objects.create(**fields)
        for position, (name, articles, *order) in enumerate(sections):
            section = TopicSection.objects.create(
                topic=topic, name=name, position=position, order=order[0] if order else "chosen"
            )
            TopicArticle.objects.bulk_create(
                TopicArticle(section=section, article=article, position=place)
                for place, article in enumerate(articles)
            )
        return topic

    return make
