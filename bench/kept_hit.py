"""What one hit on the kept hot article costs, one client, no other load: the floor view and
the hot article (bench.run's rows) called through Django's WSGI handler in this process, as
gunicorn calls it, N times each, alternately.

    DATABASE_URL=… [REDIS_URL=…] python -m bench.kept_hit [--hits N] [--rounds R]

Prints, per round, the median wall time of a request and the CPU time per request of this
process, of its PostgreSQL server process and of redis-server (from /proc): on a machine
shared with other work, the CPU times move less than the wall times.
"""

import argparse
import os
import statistics
import subprocess
import time
from pathlib import Path

from bench import in_process
from bench.run import page_targets


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hits", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    options = parser.parse_args()
    app = in_process.application()
    from django.db import connection

    pages = [
        ("floor", "/bench/floor/"),
        ("kept hot article", page_targets()["article, hot"]),
    ]
    redis = server_pid("redis-server")
    for _ in range(options.rounds):
        for label, path in pages:
            for _ in range(100):  # the page kept, the connections open
                in_process.get(app, path)
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                postgres = cursor.fetchone()[0]
            walls, before = [], cpu_seconds(None, postgres, redis)
            for _ in range(options.hits):
                started = time.perf_counter()
                in_process.get(app, path)
                walls.append(time.perf_counter() - started)
            spent = [
                (after - then) / options.hits * 1000
                for after, then in zip(cpu_seconds(None, postgres, redis), before, strict=True)
            ]
            print(
                f"{label:17s} median {statistics.median(walls) * 1000:.3f} ms; CPU per hit: "
                f"Python {spent[0]:.3f} ms, PostgreSQL {spent[1]:.3f} ms, "
                f"Redis {spent[2]:.3f} ms",
                flush=True,
            )


def server_pid(name):
    found = subprocess.run(["pgrep", "-x", name], capture_output=True, text=True).stdout.split()
    return int(found[0]) if found else None


def cpu_seconds(*pids):
    """User and system CPU seconds of each process (None: this one; 0 when not found)."""
    ticks = os.sysconf("SC_CLK_TCK")
    times = []
    for pid in pids:
        if pid is None:
            now = os.times()
            times.append(now.user + now.system)
            continue
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            times.append(0.0)
            continue
        times.append((int(fields[11]) + int(fields[12])) / ticks)
    return times


if __name__ == "__main__":
    main()
