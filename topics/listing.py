"""Topics as other reader pages list them: a column's page names the public topics of the
column and of the columns under it, newest first."""

from .models import Topic

# Topics named on a column's page; past them, a link to the list of all topics.
COLUMN_TOPICS_COUNT = 8


def of_columns(column_ids):
    """([up to COLUMN_TOPICS_COUNT public topics of these columns], whether there are more),
    in one query."""
    topics = list(
        Topic.objects.published()
        .filter(column_id__in=column_ids)
        .newest_first()
        .only("title", "slug", "published_at")[: COLUMN_TOPICS_COUNT + 1]
    )
    return topics[:COLUMN_TOPICS_COUNT], len(topics) > COLUMN_TOPICS_COUNT
