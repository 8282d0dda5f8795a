"""Asking a CDN to forget addresses (CDN_PURGE_URL), when what they showed must go at once
(撤稿). A few at a time, each bounded, all within PURGE_DEADLINE: a CDN that does not answer
delays the editor's page by seconds, not minutes, and the addresses not purged are said."""

import logging
from concurrent.futures import ThreadPoolExecutor, wait
from urllib.error import URLError
from urllib.parse import quote
from urllib.request import Request, urlopen

from django.conf import settings

logger = logging.getLogger(__name__)

PURGE_TIMEOUT = 3  # seconds, each call
PURGE_DEADLINE = 10  # seconds, all of them
PURGES_AT_ONCE = 8


def purge_one(url):
    address = settings.CDN_PURGE_URL.replace("{url}", quote(url, safe=""))
    request = Request(address, method=settings.CDN_PURGE_METHOD)
    with urlopen(request, timeout=PURGE_TIMEOUT) as response:
        return 200 <= response.status < 300


def purge(urls):
    """Purge each address; those that could not be purged (none when no CDN is set)."""
    urls = sorted(set(urls))
    if not settings.CDN_PURGE_URL or not urls:
        return []
    pool = ThreadPoolExecutor(max_workers=PURGES_AT_ONCE)
    calls = {pool.submit(purge_one, url): url for url in urls}
    done, _ = wait(calls, timeout=PURGE_DEADLINE)
    pool.shutdown(wait=False, cancel_futures=True)
    failed = []
    for call, url in calls.items():
        try:
            purged = call in done and call.result()
        except (URLError, OSError, ValueError):
            purged = False
        if not purged:
            failed.append(url)
            logger.warning("CDN purge failed for %s", url)
    return failed
