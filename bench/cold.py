"""What each page costs to the first reader after an edit, when nothing of it is kept.

    DATABASE_URL=… python -m bench.cold [--only WORDS] [--repeat R]

`make bench` measures pages that are kept: a page that ranks every article costs nothing
there once kept, and hundreds of milliseconds to the first reader after each edit (every
article edit changes the articles' content version, and with it the key of every kept page
and list). For each of bench.run's pages (the first path of the random rows) this changes
that version as an edit does, then requests the page through the WSGI application in this
process, as gunicorn calls it; R times, and prints the best wall time, the page's queries
and its slowest query. It writes the version row of the database it reads (DATABASE_URL, or
bench/out/bench.sqlite3), as `make bench` does.
"""

import argparse
import time

from bench import in_process
from bench.run import page_targets


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", metavar="WORDS", help="as bench.run's --only")
    parser.add_argument("--repeat", type=int, default=3, metavar="R")
    options = parser.parse_args()
    app = in_process.application()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from sitecache import versions

    print("| page | ms after an edit (best) | queries | slowest query ms |")
    print("|---|--:|--:|--:|")
    for label, target in page_targets(options.only).items():
        if label.startswith("floor"):
            continue
        path = target[0] if isinstance(target, list) else target
        in_process.get(app, path)  # the connection open, the templates loaded
        best, slowest, queries = float("inf"), 0.0, 0
        for _ in range(options.repeat):
            with transaction.atomic():
                versions.bump(versions.ARTICLES)
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                in_process.get(app, path)
                spent = time.perf_counter() - started
            if spent < best:
                best, queries = spent, len(captured)
                slowest = max((float(query["time"]) for query in captured), default=0.0)
        print(f"| {label} | {best * 1000:.1f} | {queries} | {slowest * 1000:.0f} |", flush=True)


if __name__ == "__main__":
    main()
