"""A column's article list as the paginator reads it, each page one index walk.

Ordering by "pinned now" cannot use an index (it depends on the time), so the few articles
pinned now are read on their own and the rest come newest first, along the
(status, published_at) index. Pages past the middle are read from the oldest end, so that
`?page=last` is as cheap as the first page. The total is counted once per content generation
(news.caching), not on every request.
"""

from django.db.models import Q
from django.utils import timezone


class PinnedFirst:
    def __init__(self, articles, count):
        """`articles`: the public articles of the list, unordered; `count`: how many."""
        now = timezone.now()
        self.pinned = list(articles.filter(pinned_until__gt=now).teasers().newest_first())
        self.rest = articles.filter(Q(pinned_until__isnull=True) | Q(pinned_until__lte=now))
        self.total = count

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, page):
        start, stop = page.start or 0, min(page.stop, self.total)
        pinned = len(self.pinned)
        head = self.pinned[start:stop]
        start, stop = max(0, start - pinned), stop - pinned
        return head + self._rest(start, stop) if stop > start else head

    def _rest(self, start, stop):
        rest_total = self.total - len(self.pinned)
        if start <= rest_total // 2:
            return list(self.rest.teasers().newest_first()[start:stop])
        from_oldest = self.rest.teasers().order_by("published_at", "pk")
        return list(from_oldest[max(0, rest_total - stop) : rest_total - start])[::-1]
