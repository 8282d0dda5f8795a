"""Counting hits on article pages (点击): one interface, two backends chosen by settings.

Views call `shown_count()` (a rendered page) and `kept_page_hit()` (a kept one) and nothing
else, so the way of counting changes here alone.

- `db` (VIEW_COUNTER_BACKEND = "db"): one `UPDATE … SET view_count = view_count + 1 …
  RETURNING view_count` per hit: concurrent hits add up exactly, nothing is read back into
  Python first, and the page shows the count including its own hit. With
  VIEW_COUNT_SYNCHRONOUS_COMMIT = "off" (PostgreSQL) it commits without waiting for the disk.
- `redis` (the default when REDIS_URL is set): one HINCRBY per hit into a buffer in Redis;
  the page shows the stored count plus the buffered hits. The first hit that finds a flush
  due (every VIEW_COUNT_FLUSH_SECONDS) takes a short Redis lock and moves the buffer into
  the database; `manage.py flush_view_counts` does the same on demand. A flush renames the
  buffer to a batch with an id, applies the batch and records its id in one database
  transaction, then deletes the batch: a flush killed at any point is finished by the next
  one, and a batch whose id is recorded is never applied twice. With Redis unreachable, hits
  go to the `db` backend.

A kept page (news.caching.CountedPage) is found under the current content generation, which
proves the article public, so a hit on it does not ask the database again: the `db` backend
updates the row by its id alone, and the `redis` backend remembers each article's stored
count in Redis, stamped with the articles' content version and the number of flushes
finished (both change whenever the stored count may have), so that its hit reads nothing
from the database. The `redis` backend reads the kept page, counts the hit and reads what
the count shown is made of in one script (one round trip, atomic as the MULTI it replaces),
which counts nothing when no page is kept.

Each hit also counts on its day (Asia/Shanghai, TIME_ZONE) in readership.DailyViews, in the
same step as the total, so that the days add up to the hits counted since they were kept.
The `db` backend's statement on PostgreSQL adds to both (a data-modifying WITH: one
statement, measured against a second one per hit in bench.daily_views); on SQLite the day
is a second statement (a process killed between the two loses that hit's day, not its
total). The `redis` backend buffers a field per article and day ("<id>@<day>") beside the
total's, moved by the same batch, applied in the same transaction. The day's row takes the
article's column as it is then (readership.day_columns), read from the article's row that
the statement reads anyway.

A day's row keeps a crawler's hits apart from the readers' views, and counts each reader
once (readership.readers: a salted hash of address and User-Agent, the salt of the day).
The `db` backend records the readers seen today in readership.DailyReader: on PostgreSQL in
the same statement (the insert of the reader adds to the day's readers only when the reader
is new), on SQLite in one more. The `redis` backend adds the reader to a set of the article
and day, which expires when the day is over, and buffers the readers who were new to it
("<id>@<day>@readers", crawlers' hits in "<id>@<day>@crawlers") in the same step as the hit:
the readers are exact and move with the views, by the same batch.
"""

import functools
import logging
import time
import uuid
from contextlib import suppress
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from redis.commands.core import Script
from redis.exceptions import LockNotOwnedError, RedisError

from readership import summaries
from readership.models import DailyReader, DailyViews
from readership.readers import UNKNOWN_READER, visit_of
from sitecache import versions

from .models import Article, ViewCountFlush

logger = logging.getLogger(__name__)

PENDING = "viewcounts:pending"
BATCH = "viewcounts:batch"
BATCH_ID = "batch-id"
FLUSH_DUE = "viewcounts:flush-due"
FLUSH_LOCK = "viewcounts:flush-lock"
FLUSHES = "viewcounts:flushes"  # how many flushes have finished
STORED = "viewcounts:stored"  # article id -> "stored count:content version:flushes"
FLUSH_LOCK_SECONDS = 60
REDIS_RETRY_SECONDS = 10
# How long a flushed batch's id is kept: a batch left in Redis longer is applied again.
FLUSH_RECORDS_KEPT = timedelta(days=7)
SEEN = "viewcounts:readers:"  # + "<id>@<day>": the readers' hashes seen on an article's day
# How long a day's readers are kept past its end: for a hit whose day was read just before.
SEEN_AFTER_DAY = timedelta(minutes=1)

# Counts a hit on its day (Lua, used by the scripts below): adds to the day's field ARGV[a]
# (views or crawlers') in the buffer `pending`, and when ARGV[a+1] (the reader's hash, or
# '') is new to the set `seen`, adds it there (the set expiring in ARGV[a+3] s) and adds one to
# the day's readers' field ARGV[a+2].
COUNT_DAY = """
local function count_day(pending, seen, a)
  redis.call('HINCRBY', pending, ARGV[a], 1)
  if ARGV[a + 1] ~= '' and redis.call('SADD', seen, ARGV[a + 1]) == 1 then
    redis.call('EXPIRE', seen, ARGV[a + 3])
    redis.call('HINCRBY', pending, ARGV[a + 2], 1)
  end
end
"""

# A hit on a rendered page. KEYS: the buffer, the batch, the flush's due mark, the day's
# readers of the article (SEEN). ARGV: the article's id, the flush interval, then as
# count_day's. {buffered hits with this one, hits in a batch being flushed, flush due}.
HIT = Script(
    None,
    (
        COUNT_DAY
        + """
count_day(KEYS[1], KEYS[4], 3)
return {
  redis.call('HINCRBY', KEYS[1], ARGV[1], 1),
  redis.call('HGET', KEYS[2], ARGV[1]),
  redis.call('SET', KEYS[3], 1, 'NX', 'EX', ARGV[2]),
}
"""
    ).encode(),
)

# A hit on a kept page, run atomically in Redis (one round trip). KEYS: the content versions'
# mirror and its token (sitecache.versions), the page, the buffer, the batch, the flush's
# due mark, the remembered stored counts, the flushes finished, the day's readers (SEEN).
# ARGV: the versions (encoded) the page's key was made with; "check" (answer {0, mirrored
# versions, token} and count nothing unless the mirror holds them), "fill" (put them in the
# mirror if it is empty and its token is still ARGV[3]: they were read from the database
# after it) or "none"; the token; the mirror's lifetime; the article's id; the flush
# interval; "copied" when this process has its own copy of the page (sitecache.kept): the
# page is then neither looked for nor sent; then count_day's. Then {1} when no page is kept
# (nothing counted), or {2, page (empty when copied), buffered hits with this one, hits in a
# batch being flushed, flush due, remembered stored count, flushes finished}.
KEPT_PAGE_HIT = Script(
    None,
    (
        COUNT_DAY
        + """
if ARGV[2] == 'check' then
  local mirrored = redis.call('GET', KEYS[1])
  if mirrored ~= ARGV[1] then
    return {0, mirrored, redis.call('GET', KEYS[2]) or ''}
  end
elseif ARGV[2] == 'fill' and (redis.call('GET', KEYS[2]) or '') == ARGV[3] then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[4], 'NX')
end
local page = ''
if ARGV[7] ~= 'copied' then
  page = redis.call('GET', KEYS[3])
  if not page then return {1} end
end
count_day(KEYS[4], KEYS[9], 8)
return {
  2,
  page,
  redis.call('HINCRBY', KEYS[4], ARGV[5], 1),
  redis.call('HGET', KEYS[5], ARGV[5]),
  redis.call('SET', KEYS[6], 1, 'NX', 'EX', ARGV[6]),
  redis.call('HGET', KEYS[7], ARGV[5]),
  redis.call('GET', KEYS[8]),
}
"""
    ).encode(),
)
MISMATCH, NOT_KEPT = 0, 1

# Deletes the batch (KEYS[1]) if it is still the one whose id (field ARGV[1]) is ARGV[2].
DELETE_BATCH = Script(
    None,
    b"""
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then redis.call('DEL', KEYS[1]) end
""",
)


def is_page_view(request):
    """A GET a reader's browser makes to show the page, not a prefetch or a subresource."""
    if request.method != "GET":
        return False
    # META rather than request.headers: every hit asks, and its names need no folding.
    meta = request.META
    purpose = meta.get("HTTP_PURPOSE", "") + meta.get("HTTP_SEC_PURPOSE", "")
    if "prefetch" in purpose.lower():
        return False
    return meta.get("HTTP_SEC_FETCH_DEST", "document").lower() == "document"


def shown_count(request, article):
    """The count a page of the public `article` shows: this request's hit included when it
    is a page view, the hits buffered in Redis either way."""
    if is_page_view(request):
        return hit(article, visit_of(request, timezone.localdate()))
    return article.view_count + backend().buffered(article.pk)


def kept_page_hit(request, pk, page):
    """The kept parts of `page` (news.caching.CountedPage, the article `pk`'s page under the
    current content generation: public by that alone) and the count to show, this request's
    hit included when it is a page view; None when no page is kept or the article no longer
    exists, and then nothing was counted."""
    if not is_page_view(request):
        parts = page.kept_parts()
        if parts is None:
            return None
        count = Article.objects.filter(pk=pk).values_list("view_count", flat=True).first()
        return None if count is None else (parts, count + backend().buffered(pk))
    return backend().kept_page_hit(request, pk, page)


def hit(article, visit=UNKNOWN_READER):
    """Count one hit on a public article (`visit`: readership.readers.Visit); return the
    count to show, this hit included."""
    return backend().hit(article, visit)


def flush():
    """Move buffered hits into the database (redis backend); return how many were moved."""
    counter = backend()
    return counter.flush() if isinstance(counter, RedisCounter) else 0


def backend():
    if settings.VIEW_COUNTER_BACKEND == "redis":
        return RedisCounter()
    return DatabaseCounter()


class DatabaseCounter:
    def buffered(self, pk):
        return 0  # every hit is in the database already

    def hit(self, article, visit):
        count = self.increment(article.pk, visit)
        # None: the article was deleted since it was read; nothing counted.
        return article.view_count if count is None else count

    def kept_page_hit(self, request, pk, page):
        parts = page.kept_parts()
        if parts is None:
            return None
        today = timezone.localdate()
        count = self.increment(pk, visit_of(request, today), today)
        return None if count is None else (parts, count)

    def increment(self, pk, visit, day=None):
        """Count a hit on the article `pk`, on its total and on its day (`visit`: whose
        hit); its new count, or None if it is not there. The caller has the article as
        public in hand (read, or its kept page found), so the statement asks nothing more,
        and is one of three texts: a crawler's, a reader's, a hit of nobody known."""
        today = connection.ops.adapt_datefield_value(day or timezone.localdate())
        views, crawlers = (0, 1) if visit.crawler else (1, 0)
        seen = visit.reader is not None
        if connection.vendor != "postgresql":
            # SQLite (one server, no network): the day in statements of their own, not a
            # transaction that would hold the write lock across them.
            with connection.cursor() as cursor:
                cursor.execute(hit_statement(connection.vendor, seen=None), [pk])
                # All of it: SQLite ends the statement, and its lock, past the last row.
                row = next(iter(cursor.fetchall()), None)
                if row:
                    new = 0
                    if seen:
                        cursor.execute(seen_reader_sql(), [today, pk, visit.reader])
                        new = len(cursor.fetchall())
                    cursor.execute(add_day_figures_sql(), [today, views, new, crawlers, pk])
            return row[0] if row else None
        # One statement: the reader and the day's row are added from the row the update
        # returns; the day's readers grow by the reader's row when it is new.
        statement = hit_statement(connection.vendor, seen)
        params = [pk, *([today, visit.reader] if seen else []), today, views, crawlers]
        with connection.cursor() as cursor:
            if self.commits_without_waiting():
                # Sent together, the two run as one transaction, which the setting ends with.
                cursor.execute(f"SET LOCAL synchronous_commit = off; {statement}", params)
                cursor.nextset()
            else:
                cursor.execute(statement, params)
            row = cursor.fetchone()
        return row[0] if row else None

    @staticmethod
    def commits_without_waiting():
        """VIEW_COUNT_SYNCHRONOUS_COMMIT = "off", for a statement that is its own transaction
        (inside a larger one, the setting would last to that one's end)."""
        return (
            settings.VIEW_COUNT_SYNCHRONOUS_COMMIT == "off"
            and connection.vendor == "postgresql"
            and connection.get_autocommit()
        )


@functools.cache
def hit_statement(vendor, seen):
    """The text of a hit's statement (DatabaseCounter.increment), made once per process
    rather than on each hit: on PostgreSQL, the total, the reader when `seen` (a reader
    known) and the day in one statement; `seen=None`, the total's update alone."""
    quote = connection.ops.quote_name
    table, count, id_ = quote(Article._meta.db_table), quote("view_count"), quote("id")
    column = quote("column_id")
    update = f"UPDATE {table} SET {count} = {count} + 1 WHERE {id_} = %s RETURNING {count}"
    if seen is None:
        return update
    readers, reader = "0", ""
    if seen:
        readers = "(SELECT count(*) FROM seen)"
        reader = f"seen AS ({seen_reader_sql(f'SELECT %s, {id_}, %s FROM hit')}), "
    day = add_day_figures_sql(f"SELECT {id_}, %s, %s, {readers}, %s, {column} FROM hit")
    return (
        f"WITH hit AS ({update}, {id_}, {column}), {reader}today AS ({day}) SELECT {count} FROM hit"
    )


class RedisCounter:
    # Until then this process sends hits to the database: Redis was unreachable.
    unreachable_until = 0.0

    def __init__(self):
        from django_redis import get_redis_connection

        self.redis = get_redis_connection("default")

    def hit(self, article, visit):
        if time.monotonic() < RedisCounter.unreachable_until:
            return DatabaseCounter().hit(article, visit)
        try:
            self._after_outage()
            today = timezone.localdate()
            pending, in_batch, flush_due = HIT(
                keys=[PENDING, BATCH, FLUSH_DUE, seen_key(article.pk, today)],
                args=[
                    article.pk,
                    settings.VIEW_COUNT_FLUSH_SECONDS,
                    *day_args(article.pk, today, visit),
                ],
                client=self.redis,
            )
        except (OSError, RedisError) as error:
            self._unreachable(error)
            return DatabaseCounter().hit(article, visit)
        if flush_due:
            self._flush_quietly()
        return article.view_count + pending + int(in_batch or 0)

    def buffered(self, pk):
        """The hits on `pk` in Redis, not yet in the database (none while it is unreachable)."""
        if time.monotonic() < RedisCounter.unreachable_until:
            return 0
        try:
            pending, in_batch = self.redis.pipeline().hget(PENDING, pk).hget(BATCH, pk).execute()
        except (OSError, RedisError) as error:
            self._unreachable(error)
            return 0
        return int(pending or 0) + int(in_batch or 0)

    def kept_page_hit(self, request, pk, page):
        """The kept page and its count, in one round trip with the content versions taken
        from their mirror in Redis; the versions it was read under become the request's."""
        if not page.in_redis() or time.monotonic() < RedisCounter.unreachable_until:
            return DatabaseCounter().kept_page_hit(request, pk, page)
        try:
            self._after_outage()
            today = timezone.localdate()
            counted = [seen_key(pk, today), day_args(pk, today, visit_of(request, today))]
            answer, current, copied = self._kept_page_hit(page, pk, counted)
        except (OSError, RedisError) as error:
            # The page is rendered, and its hit counted in the database.
            self._unreachable(error)
            return None
        request.content_versions = current
        if answer[0] == NOT_KEPT:
            return None
        _, sent, pending, in_batch, flush_due, remembered, flushes = answer
        stamp = f"{current[versions.ARTICLES]}:{int(flushes or 0)}"
        stored, _, remembered_stamp = (remembered or b"").decode().partition(":")
        if remembered_stamp != stamp:
            # Read after the stamp: a flush that ends meanwhile changes the stamp again.
            stored = Article.objects.filter(pk=pk).values_list("view_count", flat=True).first()
            if stored is not None:
                self._remember(pk, f"{stored}:{stamp}")
        if flush_due:
            self._flush_quietly()
        if stored is None:
            return None
        parts = copied if copied is not None else page.parts_from_redis(sent, page.key(current))
        return parts, int(stored) + int(pending) + int(in_batch or 0)

    def _kept_page_hit(self, page, pk, counted):
        """(KEPT_PAGE_HIT's answer, the content versions it was made under, this process's
        copy of the page kept under them or None)."""
        mode, token = "none", ""
        if versions.mirror_redis() is not None:
            # The versions this process found mirrored last, then those mirrored now.
            known = versions.last_mirrored
            for _ in range(2):
                current = versions.decode(known)
                answer, copied = self._run(page, current, "check", "", pk, counted)
                if answer[0] != MISMATCH:
                    versions.last_mirrored = known
                    return answer, current, copied
                mirrored, token = answer[1], answer[2].decode()
                known = mirrored.decode() if mirrored else ""
                if versions.decode(known) is None:
                    break
            mode = "fill"
        # Not mirrored (or changed meanwhile): the database's, mirrored unless a write began.
        current = versions.current()
        answer, copied = self._run(page, current, mode, token, pk, counted)
        versions.last_mirrored = versions.encode(current)
        return answer, current, copied

    def _run(self, page, current, mode, token, pk, counted):
        """KEPT_PAGE_HIT for `page` under the versions `current`, and this process's copy of
        the page kept under them (`counted`: the day's readers' key and count_day's
        arguments). With no versions to check (None), the answer is a mismatch: no page is
        read."""
        seen, day = counted
        key = page.key(current) if current else None
        copied = page.copied_parts(key) if key else None
        answer = KEPT_PAGE_HIT(
            keys=[
                versions.MIRROR,
                versions.MIRROR_TOKEN,
                page.redis_key(key) if key else versions.MIRROR,
                PENDING,
                BATCH,
                FLUSH_DUE,
                STORED,
                FLUSHES,
                seen,
            ],
            args=[
                versions.encode(current) if current else "",
                mode,
                token,
                versions.MIRROR_SECONDS,
                pk,
                settings.VIEW_COUNT_FLUSH_SECONDS,
                "copied" if copied is not None else "",
                *day,
            ],
            client=self.redis,
        )
        return answer, copied

    def _remember(self, pk, stored):
        # Unremembered, the next hit reads the stored count again; this one is counted.
        with suppress(OSError, RedisError):
            self.redis.hset(STORED, pk, stored)

    def _after_outage(self):
        if RedisCounter.unreachable_until:
            # Hits were counted in the database meanwhile: remembered stored counts are stale.
            self.redis.pipeline().incr(FLUSHES).delete(STORED).execute()
            RedisCounter.unreachable_until = 0.0

    def _unreachable(self, error):
        logger.warning("Redis unreachable, counting hits in the database: %s", error)
        RedisCounter.unreachable_until = time.monotonic() + REDIS_RETRY_SECONDS

    def _flush_quietly(self):
        try:
            self.flush()
        except Exception:
            # The reader still gets the page; the batch stays in Redis for the next flush.
            logger.exception("Flushing view counts failed; the next flush retries")

    def flush(self):
        """The lock spares flushes each other's work; it is not what keeps them exact. Like
        every key with a time to live, Redis under memory pressure may evict it
        (docs/deploy.md), so two flushes may run at once: a batch is made only where there
        is none (RENAMENX), applied once (apply_batch), and deleted only while it is still
        the batch that was applied."""
        lock = self.redis.lock(FLUSH_LOCK, timeout=FLUSH_LOCK_SECONDS, blocking=False)
        if not lock.acquire():
            return 0
        moved = 0
        try:
            # A batch a failed flush left behind, then the hits buffered since.
            for _ in range(2):
                if not self.redis.exists(BATCH):
                    if not self.redis.exists(PENDING):
                        break
                    pipe = self.redis.pipeline(transaction=True)
                    pipe.hset(PENDING, BATCH_ID, uuid.uuid4().hex)
                    pipe.renamenx(PENDING, BATCH)
                    pipe.execute()
                batch = {k.decode(): v.decode() for k, v in self.redis.hgetall(BATCH).items()}
                batch_id = batch.pop(BATCH_ID, None)
                if batch_id is None:
                    continue  # applied and deleted meanwhile by another flush
                moved += apply_batch(batch_id, *read_batch(batch))
                DELETE_BATCH(keys=[BATCH], args=[BATCH_ID, batch_id], client=self.redis)
                # The stored counts changed: the remembered ones are stale from here on.
                self.redis.pipeline().incr(FLUSHES).delete(STORED).execute()
            return moved
        finally:
            with suppress(LockNotOwnedError):  # evicted, and maybe taken by another flush
                lock.release()


def apply_batch(batch_id, hits, days):
    """Add a batch of buffered hits to the stored counts and to their days (`days`: (views,
    readers, crawlers' hits) by (article id, day)), once: the batch's id is recorded in the
    same transaction, and a batch already recorded is skipped."""
    try:
        with transaction.atomic():
            ViewCountFlush.objects.create(batch_id=batch_id)
            ViewCountFlush.objects.filter(
                flushed_at__lt=timezone.now() - FLUSH_RECORDS_KEPT
            ).delete()
            for pk, count in sorted(hits.items()):
                Article.objects.filter(pk=pk).update(view_count=F("view_count") + count)
            adapt = connection.ops.adapt_datefield_value
            with connection.cursor() as cursor:
                cursor.executemany(
                    add_day_figures_sql(),
                    [(adapt(day), *figures, pk) for (pk, day), figures in sorted(days.items())],
                )
            # A batch held up past yesterday (Redis's buffer flushed days late).
            summaries.forget({day for _pk, day in days})
    except IntegrityError:
        return 0
    return sum(hits.values())


DAY_FIGURES = ("views", "readers", "crawler_views")


def add_day_figures_sql(rows=None):
    """An insert adding views, readers and crawlers' hits to an article's day (DailyViews),
    the row made when there is none, and setting the day's column to the article's
    (readership.day_columns). `rows`: a SELECT of (article id, day, views, readers,
    crawlers' hits, column id); by default the article's own row with the parameters (day,
    views, readers, crawlers' hits, article id), none when it was deleted meanwhile."""
    quote = connection.ops.quote_name
    table, id_, column = quote(DailyViews._meta.db_table), quote("id"), quote("column_id")
    figures = [quote(name) for name in DAY_FIGURES]
    if rows is None:
        rows = (
            f"SELECT {id_}, %s, %s, %s, %s, {column} "
            f"FROM {quote(Article._meta.db_table)} WHERE {id_} = %s"
        )
    added = ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name in figures)
    return (
        f"INSERT INTO {table} ({quote('article_id')}, {quote('day')}, {', '.join(figures)}, "
        f"{column}) {rows} ON CONFLICT ({quote('article_id')}, {quote('day')}) "
        f"DO UPDATE SET {added}, {column} = excluded.{column}"
    )


def seen_reader_sql(rows="VALUES (%s, %s, %s)"):
    """An insert of a reader seen on an article's day (DailyReader) that does nothing when
    they were seen already, and returns a row when it made one (a row of the statement's
    own, where the connection's count of changed rows may be another thread's).
    `rows`: (day, article id, reader's hash)."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(name) for name in ("day", "article_id", "reader"))
    return (
        f"INSERT INTO {quote(DailyReader._meta.db_table)} ({columns}) {rows} "
        "ON CONFLICT DO NOTHING RETURNING 1"
    )


def day_field(pk, day, figure=""):
    """The buffer's field of the views (or of `figure`: "readers", "crawlers") of the
    article `pk` on `day`."""
    field = f"{pk}@{day.isoformat()}"
    return f"{field}@{figure}" if figure else field


def seen_key(pk, day):
    return f"{SEEN}{pk}@{day.isoformat()}"


def day_args(pk, day, visit):
    """count_day's arguments for a hit on the article `pk` on `day` (`visit`: whose)."""
    end = datetime.combine(
        day + timedelta(days=1), datetime.min.time(), timezone.get_current_timezone()
    )
    return [
        day_field(pk, day, "crawlers" if visit.crawler else ""),
        "" if visit.reader is None else visit.reader,
        day_field(pk, day, "readers"),
        # In seconds from now, by the site's clock (the one that tells the day).
        max(1, int((end + SEEN_AFTER_DAY - timezone.now()).total_seconds())),
    ]


# Where each day field's count goes in apply_batch's figures.
FIGURE_INDEX = {"": 0, "readers": 1, "crawlers": 2}


def read_batch(batch):
    """A batch's fields as (hits by article id, [views, readers, crawlers' hits] by
    (article id, day))."""
    hits, days = {}, {}
    for field, count in batch.items():
        pk, _, day = field.partition("@")
        if day:
            day, _, figure = day.partition("@")
            figures = days.setdefault((int(pk), date.fromisoformat(day)), [0, 0, 0])
            figures[FIGURE_INDEX[figure]] = int(count)
        else:
            hits[int(pk)] = int(count)
    return hits, days
