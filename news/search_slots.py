"""At most SEARCH_CONCURRENCY searches at once in a process: the rest are told at once to try
again, rather than queue for the database while every other page waits behind them.

A process is a gunicorn worker. A sync worker (the default, docs/deploy.md) serves one
request at a time, so there the cap never binds and each worker is its own bound: at most
one search per worker. With threads (`--threads N`, gthread workers) a worker serves N
requests at once, and the cap keeps N - SEARCH_CONCURRENCY of them for other pages. What
bounds the site as a whole is workers × SEARCH_CONCURRENCY, with each search's own cost
(news.search_index) and time limit (SEARCH_TIMEOUT_MS). Nothing here needs to agree across
processes (DESIGN: no per-process state that must).
"""

import threading
from contextlib import contextmanager

from django.conf import settings

_lock = threading.Lock()
# One semaphore per cap, so that a changed setting (a test's) takes effect at once.
_slots = {}


@contextmanager
def search_slot():
    """Yields whether this search may run now; if it may, its slot is taken until it ends."""
    with _lock:
        slots = _slots.setdefault(
            settings.SEARCH_CONCURRENCY, threading.BoundedSemaphore(settings.SEARCH_CONCURRENCY)
        )
    if not slots.acquire(blocking=False):
        yield False
        return
    try:
        yield True
    finally:
        slots.release()
