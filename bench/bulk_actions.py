"""The article list's bulk actions at archive size: each run by a chief editor on every
article of the list ("select all N" across its pages), through the admin, timed, with its
query count and the process's CPU time (the figure to compare: wall times move with the
machine's load). Each runs in a transaction rolled back after it, so that all start from
the same articles.

    python -m bench.bulk_actions [--articles N]

SQLite (bench/out/bulk.sqlite3) unless DATABASE_URL names a database the benchmark may fill
(it is built again when it does not hold N articles).
"""

import argparse
import os
import secrets
import sys
import time

from bench.run import OUT, ROOT

# (action, extra form data, what the articles are made first, untimed)
ACTIONS = (
    ("submit_for_review", {}, {"status": "draft"}),
    ("publish", {}, {"status": "draft"}),
    ("unpublish", {"apply": "1"}, {"status": "published"}),
    ("pin_for_a_week", {}, {}),
    ("set_is_headline", {}, {}),
    ("move_to_column", {"apply": "1"}, {}),
)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    options = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{OUT / 'bulk.sqlite3'}")
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.update(DJANGO_DEBUG="0", DJANGO_HTTPS="0", DJANGO_ALLOWED_HOSTS="testserver")
    # The actions are measured, not the login: the chief editor needs no second factor here.
    os.environ["DJANGO_STAFF_2FA_REQUIRED"] = "none"
    os.environ["BULK_ACTION_LIMIT"] = str(options.articles)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from bench.run import prepare_database

    prepare_database(options.articles, rebuild=False)
    for action, data, before in ACTIONS:
        seconds, cpu, queries, message = run(action, data, before)
        print(f"{action}: {seconds:.2f} s ({cpu:.2f} s CPU), {queries} queries: {message}")


def run(action, data, before):
    import re

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission
    from django.db import transaction
    from django.test import Client

    from categories.models import Category
    from news.models import Article

    with transaction.atomic():
        # A chief editor's rights (the benchmark's database was flushed of the groups).
        chief = get_user_model().objects.create_user("bench-chief", is_staff=True)
        chief.user_permissions.add(
            *Permission.objects.filter(
                content_type__app_label="news",
                codename__in=["view_article", "change_article", "publish_article"],
            )
        )
        if before:
            Article.objects.update(**before)
        client = Client()
        client.force_login(chief)
        page = list(Article.objects.values_list("pk", flat=True)[:50])
        form = {"action": action, "select_across": "1", "index": 0, "_selected_action": page}
        if action == "move_to_column":
            form["column"] = Category.objects.get(slug="policy-interpretation").pk
        started, cpu = time.monotonic(), time.process_time()
        response = client.post("/admin/news/article/", {**form, **data})
        seconds, cpu = time.monotonic() - started, time.process_time() - cpu
        shown = client.get("/admin/news/article/").content.decode()
        message = re.sub(r"<[^>]+>", "", " ".join(re.findall(r"<li class=\"\w+\">.*?</li>", shown)))
        assert response.status_code == 302, response.status_code
        # An action that says nothing did nothing (a redirect to a login or set-up page).
        assert message, f"{action} said nothing"
        transaction.set_rollback(True)
    return seconds, cpu, response["X-Queries"], message


if __name__ == "__main__":
    main()
