"""A large JSON Lines file for `manage.py import_articles`, in the benchmark's shape: the
demo's columns and the generated ones (made in the database named by DATABASE_URL when it
has none of them), and articles as bench/build.py makes them.

    python -m bench.import_jsonl FILE [--articles N]
    time python manage.py import_articles FILE
"""

import argparse
import json
import os
import random
from datetime import timedelta
from pathlib import Path


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    options = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    write(options.file, options.articles, random.Random(options.seed))


def write(path, count, rng):
    from django.utils import timezone

    from bench.build import LONG_COLUMN, YEARS, build_columns, make_article
    from categories.demo import ensure_demo_tree
    from categories.models import Category

    ensure_demo_tree()
    if not Category.objects.filter(slug="b1").exists():
        build_columns()
    columns = list(Category.objects.all())
    long_column = Category.objects.get(slug=LONG_COLUMN)
    now = timezone.now()
    span = int(timedelta(days=365 * YEARS).total_seconds())
    with path.open("w", encoding="utf-8") as out:
        for n in range(count):
            article = make_article(rng, columns, long_column, now, span, n)
            # A title of its own: the importer leaves a repeated title of a column alone.
            record = {
                "title": f"{article.title} {n}",
                "column": article.column.slug,
                "source": article.source,
                "published_at": article.published_at.isoformat(),
                "body": article.body,
                "keywords": article.keywords,
                "view_count": article.view_count,
                "status": article.status,
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
