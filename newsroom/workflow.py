"""Who may do what to an article on its way to readers.

Editors write, edit and submit for review; chief editors (news.publish_article) also
publish, unpublish, schedule and send back. The admin's form, its read-only fields and its
bulk actions all ask here, so the rule is enforced on the server whatever the page shows.
"""

from news.models import Article

PUBLISH_PERMISSION = "news.publish_article"
# What decides when and whether a live article is public: a writer may not change them.
SCHEDULE_FIELDS = ("published_at", "expires_at")


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


def statuses_for(user, article):
    """The statuses this user may give this article."""
    if can_publish(user):
        return set(Article.Status.values)
    if article.status == Article.Status.PUBLISHED and not article._state.adding:
        # Unpublishing is a chief editor's decision; edits to a live article stay live.
        return {Article.Status.PUBLISHED}
    return {Article.Status.DRAFT, Article.Status.PENDING}


def locked_fields(user, article):
    """Fields this user sees but may not change on this article."""
    if can_publish(user):
        return ()
    locked = ("review_note",)
    if article is not None and article.status == Article.Status.PUBLISHED:
        locked += SCHEDULE_FIELDS
    return locked
