"""Every save and deletion of an article changes the articles' content version, so that
cached public reads (news.caching) are read again on the next request in every process."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from sitecache import versions

from .models import Article


@receiver(post_save, sender=Article)
@receiver(post_delete, sender=Article)
def article_changed(**kwargs):
    versions.bump(versions.ARTICLES)
