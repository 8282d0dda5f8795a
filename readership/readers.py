"""Who a hit on an article page is from, for the views per day (news.counter): a crawler, by
its User-Agent, whose hits count apart (DailyViews.crawler_views); or a reader, known only
as a salted hash of the client's address (config.logins.client_address) and User-Agent,
so that a day counts each reader of an article once (DailyViews.readers). No cookie.

The salt is random, made for each Beijing day and shared by every process through
ReaderSalt, which holds the current day's only: the first process to need the next day's
deletes the earlier days' salts and the readers seen on them (DailyReader), so that once
its day is over no hash can be made again and none is kept. What stays is a number per
article and day."""

import hashlib
import re
import secrets
from typing import NamedTuple

from config.logins import client_address

from .models import DailyReader, ReaderSalt

# Well-known crawlers' User-Agents: search engines (Chinese ones first), SEO tools, link
# previews. A word ending in "bot" alone is not enough: phones are named so too (CUBOT).
CRAWLERS = re.compile(
    r"spider|crawler|baiduspider|googlebot|bingbot|sogou|360spider|haosouspider|yisouspider"
    r"|bytespider|petalbot|yodaobot|sosospider|slurp|yandexbot|duckduckbot|applebot"
    r"|ahrefsbot|semrushbot|mj12bot|dotbot|msnbot|facebookexternalhit|twitterbot",
    re.IGNORECASE,
)


class Visit(NamedTuple):
    """What a hit counts on its day: a crawler's, or a reader's (`reader`: their hash for
    the day; None when not known, a hit counted without a request)."""

    crawler: bool
    reader: int | None


UNKNOWN_READER = Visit(crawler=False, reader=None)


def visit_of(request, day):
    """The visit a request on the Beijing day `day` makes."""
    agent = request.META.get("HTTP_USER_AGENT", "")
    if CRAWLERS.search(agent):
        return Visit(crawler=True, reader=None)
    return Visit(crawler=False, reader=reader_hash(client_address(request) or "", agent, day))


def reader_hash(address, agent, day):
    """A reader's hash on `day`: a signed 64-bit number (a BigIntegerField, and an integer
    member of a Redis set), the same all day for the same address and User-Agent."""
    digest = hashlib.blake2b(f"{address}\n{agent}".encode(), key=salt(day), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


# This process's copy of the current day's salt: {day: salt}.
_salts = {}


def salt(day):
    """The salt of `day`, read from ReaderSalt once a day by each process, made by the first
    one (which forgets the days before)."""
    found = _salts.get(day)
    if found is None:
        found = bytes.fromhex(shared_salt(day))
        _salts.clear()
        _salts[day] = found
    return found


def shared_salt(day):
    found = ReaderSalt.objects.filter(day=day).values_list("salt", flat=True).first()
    if found is None:
        forget_before(day)
        made = ReaderSalt(day=day, salt=secrets.token_hex(32))
        ReaderSalt.objects.bulk_create([made], ignore_conflicts=True)  # or another's, first
        found = ReaderSalt.objects.values_list("salt", flat=True).get(day=day)
    return found


def forget_before(day):
    """Delete the salts and the readers seen of the days before `day`."""
    ReaderSalt.objects.filter(day__lt=day).delete()
    DailyReader.objects.filter(day__lt=day).delete()
