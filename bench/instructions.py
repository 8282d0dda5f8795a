"""Instructions per request in the Django process, counted by valgrind's callgrind: a figure
that, unlike req/s, does not drift with what else the machine is doing.

    python -m bench.instructions [--only WORDS] [--requests N]

Reads the database that `make bench` built (DATABASE_URL, or bench/out/bench.sqlite3) as it
is. Each page is requested through the WSGI application, as gunicorn calls it, N times after
a warm-up (the random article: N articles not requested before, so none is kept), in a
process run twice under callgrind, with and without those N requests; the difference over N
is the figure. The database's and Redis's own work is not in it: it counts the Python side.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys

from bench import in_process
from bench.run import configure_environment, page_targets

WARM_UP = 30


def main():
    options = parse_arguments()
    if options.child:
        return serve(options.child, options.requests)
    if not shutil.which("valgrind"):
        sys.exit("valgrind is needed: apt-get install valgrind")
    configure_environment()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # as gunicorn serves them
    labels = [label for label in page_targets(options.only) if label != "floor again"]
    print(f"| page | million instructions a request (N = {options.requests}) |")
    print("|---|--:|")
    for label in labels:
        without, with_requests = (count(label, n) for n in (0, options.requests))
        print(f"| {label} | {(with_requests - without) / options.requests / 1e6:.1f} |", flush=True)


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", metavar="WORDS", help="as bench.run's --only")
    parser.add_argument("--requests", type=int, default=100, metavar="N")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    return parser.parse_args()


def count(label, requests):
    """Instructions of a process serving `label`'s warm-up and then `requests` requests."""
    from django.core.cache import cache

    cache.clear()  # Redis would carry one run's kept pages into the next, and its warm-up
    result = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            "-m",
            "bench.instructions",
            "--child",
            label,
            "--requests",
            str(requests),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    collected = re.search(r"Collected : (\d+)", result.stderr)
    if result.returncode or not collected:
        sys.exit(f"{label}: the counted process failed\n{result.stderr[-2000:]}")
    return int(collected.group(1))


def serve(label, requests):
    app = in_process.application()
    target = page_targets()[label]
    paths = target if isinstance(target, list) else [target] * (WARM_UP + requests)
    for path in paths[: WARM_UP + requests]:
        in_process.get(app, path)


if __name__ == "__main__":
    main()
