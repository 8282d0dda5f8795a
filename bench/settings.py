"""The production settings, plus what the benchmark needs: a trivial "floor" view at
/bench/floor/ served by the same stack, and an X-Queries header with each response's query
count. Used only by `make bench` (bench/run.py)."""

import os

os.environ.setdefault("DJANGO_HTTPS", "0")

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.middleware.query_count_header", *MIDDLEWARE]  # noqa: F405
