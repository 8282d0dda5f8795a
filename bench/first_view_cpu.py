"""The CPU a dashboard view costs, which the load of a shared machine moves less than its
wall clock: this process's (`time.process_time`) and its PostgreSQL backend's (from
/proc/<pid>/schedstat, so on a server of this machine), each statement's beside. Each page
is viewed as the first view of a day without the timer (bench.readership's state: the day
before yesterday not summarised, the windows a day behind, nothing kept), then after
`summarise_views`, on the database bench.readership built.

    DATABASE_URL=postgres://… python -m bench.first_view_cpu
"""

import time

from bench.readership import as_yesterdays_timer_left_it
from bench.run import configure_environment

PAGES = ("", "days=365&period=365", "period=1")


def main():
    configure_environment()
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["*"]
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from categories.tree import ColumnTree

    user = get_user_model().objects.get(username="bench-chief")
    tree = ColumnTree.load()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]

    def backend_cpu():
        with open(f"/proc/{backend}/schedstat") as stat:
            return int(stat.read().split()[0]) / 1e9

    view(user, tree, "", backend_cpu)  # the templates compiled
    for query in PAGES:
        for state in ("without the timer", "after the timer"):
            as_yesterdays_timer_left_it()
            if state == "after the timer":
                call_command("summarise_views", verbosity=0)
            wall, python, database, statements = view(user, tree, query, backend_cpu)
            print(
                f"{query or 'days=30&period=7':20s} {state:18s} wall {wall:6.1f} ms, "
                f"CPU: Python {python:5.1f} ms + PostgreSQL {database:5.1f} ms "
                f"= {python + database:5.1f} ms, {len(statements)} statements",
                flush=True,
            )
            for cpu, sql in sorted(statements, reverse=True)[:6]:
                print(f"    {cpu:5.1f} ms  {sql[:100]}")
    with open("/proc/loadavg") as load:
        print("load average", load.read().strip())


def view(user, tree, query, backend_cpu):
    """One view of the dashboard: (wall ms, Python CPU ms, PostgreSQL CPU ms, [(CPU ms,
    statement)])."""
    from django.contrib import admin
    from django.db import connection
    from django.test import RequestFactory

    from readership import dashboard

    statements = []

    def measured(execute, sql, params, many, context):
        before = backend_cpu()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append(((backend_cpu() - before) * 1000, sql))

    request = RequestFactory().get("/admin/readership/?" + query)
    request.user, request.columns = user, tree
    database, python, wall = backend_cpu(), time.process_time(), time.perf_counter()
    with connection.execute_wrapper(measured):
        dashboard.dashboard(request, admin.site).render()
    wall, python = time.perf_counter() - wall, time.process_time() - python
    return wall * 1000, python * 1000, (backend_cpu() - database) * 1000, statements


if __name__ == "__main__":
    main()
