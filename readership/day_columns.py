"""The column a day's views count in (DailyViews.column), so that the views per column of
the live days and a day's summary (readership.summaries) read the daily rows alone, not
each row's article (10,000 to 20,000 of them at 100,000 articles: bench/README.md).

A day's views count in the column the article was in when its last hit of the day was
counted: the counter writes the article's column with every hit (news.counter), so an
article moved to another column takes the day's views with it at its next hit, and its
earlier days stay where they were. A column's figure of a day therefore no longer moves
once the day is over, whether the day is read live, summarised, or summarised again.

A row written without its column (rows imported in bulk, saved by hand, or counted by an
older release during an upgrade) takes its article's column when the rows are next read
(`fill`); the migration that brought the column gave the existing rows theirs. A row may
outlive its column (a column is deleted once it has no articles): its views still count
in the site's figures, in no column's, as the summaries of a deleted column go with it."""

from django.db.models import OuterRef, Subquery

from news.models import Article

from .models import DailyViews


def fill():
    """Give the rows whose column is not known their article's column (none, as a rule: a
    look into an empty index)."""
    DailyViews.objects.filter(column__isnull=True).update(
        column=Subquery(Article.objects.filter(pk=OuterRef("article")).values("column")[:1])
    )
