"""load_demo adds one public special topic of two sections of the demo's articles, once."""

from io import StringIO

from django.core.management import call_command

from topics.models import Topic, TopicArticle


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_the_demo_has_one_topic_of_two_sections_of_public_articles(db, client):
    assert ", a special topic" in load_demo()

    topic = Topic.objects.get()
    page = client.get(topic.get_absolute_url())
    assert topic.is_public and topic.cover
    assert [s.name for s in topic.sections.all()] == ["数据要素", "数字经济观察"]
    for section in topic.sections.all():
        articles = [entry.article for entry in section.entries.all()]
        assert articles and all(article.is_public for article in articles)
    assert page.status_code == 200
    assert page.content.decode().count('class="article-item') == TopicArticle.objects.count()
    # Readers find it from its column's page and from 专题专栏's.
    for column in ("digital-economy", "topics"):
        listed = client.get(f"/columns/{column}/").content.decode()
        assert f'<li><a href="{topic.get_absolute_url()}">数字经济专题</a></li>' in listed


def test_loading_again_adds_no_topic_and_keeps_the_editors_changes(db):
    load_demo()
    Topic.objects.update(title="编辑改过的专题")

    assert ", a special topic" not in load_demo()
    assert list(Topic.objects.values_list("title", flat=True)) == ["编辑改过的专题"]
