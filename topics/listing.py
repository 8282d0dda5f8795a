"""Topics as other reader pages list them: a column's page names the public topics of the
column and of the columns under it, newest first.

The topics linked to columns are read together, once per content generation, and each
column page picks its own from them with the request's column tree: a column page adds no
query of its own, even right after a column write (a site has tens or hundreds of topics,
not the articles' hundreds of thousands)."""

from .models import Topic

# Topics named on a column's page; past them, a link to the list of all topics.
COLUMN_TOPICS_COUNT = 8


def by_column():
    """{column id: [its public topics, newest first]}, in one query."""
    found = {}
    topics = (
        Topic.objects.published()
        .filter(column__isnull=False)
        .newest_first()
        .only("title", "slug", "published_at", "column_id")
    )
    for topic in topics:
        found.setdefault(topic.column_id, []).append(topic)
    return found


def of_columns(topics_by_column, column_ids):
    """([up to COLUMN_TOPICS_COUNT public topics of these columns, newest first], whether
    there are more), from by_column()'s answer."""
    topics = sorted(
        (topic for pk in column_ids for topic in topics_by_column.get(pk, ())),
        key=lambda topic: (topic.published_at, topic.pk),
        reverse=True,
    )
    return topics[:COLUMN_TOPICS_COUNT], len(topics) > COLUMN_TOPICS_COUNT
