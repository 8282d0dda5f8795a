"""Every write to a topic, its sections or their articles gives the articles' content a new
version (sitecache.versions): the kept reader pages that show topics (the topic's own, the
list, the home page) are read anew on the next request, on every server."""

from django.db.models.signals import post_delete, post_save

from sitecache import versions

# What the audit log keeps of a topic's changes (auditlog.tracking).
AUDITED_FIELDS = ("title", "slug", "lead", "cover", "column", "status", "published_at")


def content_changed(sender, raw=False, **kwargs):
    if not raw:
        versions.bump(versions.ARTICLES)


def connect():
    from .models import Topic, TopicArticle, TopicSection

    for model in (Topic, TopicSection, TopicArticle):
        uid = f"topics-version-{model._meta.model_name}"
        post_save.connect(content_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(content_changed, sender=model, dispatch_uid=uid)
