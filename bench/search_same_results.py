"""Whether two versions of the search give the same results: writes, for fresh searches of
bench.run's lists (a fixed seed) and the benchmark's named ones, the ranked pks of the
first 20, 40 and 101 results and what the first two pages show (their items' addresses, in
order, and the count), as JSON; with --compare, checks them against such a file.

    python -m bench.search_same_results --write /tmp/before.json   (DATABASE_URL as for make bench)
    python -m bench.search_same_results --compare /tmp/before.json

Run from each version's own folder (a `git archive` copy for the one before) on the same
database; the file holds what a reader sees and the ranking's pks, nothing of the code.
"""

import argparse
import json
import random
import re
import sys
from urllib.parse import parse_qs, urlsplit

from bench.run import configure_environment

ITEM_LINK = re.compile(r'<h[23] class="item-title">.*?<a href="([^"]+)"')
COUNT = re.compile(r'<p class="result-count">(.*?)</p>')
NAMED = ["产业", "石墨烯薄膜", "智慧城市 都市圈", "政策 发展", "代 务", "鑫 淼"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", metavar="FILE")
    action.add_argument("--compare", metavar="FILE")
    parser.add_argument("--searches", type=int, default=60, help="of each fresh list")
    options = parser.parse_args()
    configure_environment()
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import override_settings

    from bench.run import fresh_searches
    from news.models import Article

    lists = fresh_searches(random.Random(22))
    queries = NAMED + [
        parse_qs(urlsplit(path).query)["q"][0]
        for name in ("two words", "two characters")
        for path in lists[name][: options.searches]
    ]
    found = {}
    with override_settings(ALLOWED_HOSTS=["*"]):
        client = Client()
        for query in queries:
            words = query.split()
            ranked = {
                str(exact): list(
                    Article.objects.published()
                    .search(words, limit=101, exact=exact)
                    .values_list("pk", flat=True)[:101]
                )
                for exact in (20, 40, 101)
            }
            pages = {}
            for page in ("1", "2"):
                html = client.get("/search/", {"q": query, "page": page}).content.decode()
                count = COUNT.search(html)
                pages[page] = [ITEM_LINK.findall(html), count and count.group(1)]
            found[query] = {"ranked": ranked, "pages": pages}
    if options.write:
        with open(options.write, "w") as file:
            json.dump(found, file, ensure_ascii=False)
        print(f"{len(found)} searches written to {options.write}")
        return
    with open(options.compare) as file:
        before = json.load(file)
    differ = [query for query in found if before.get(query) != found[query]]
    lists = sum(len(entry["ranked"]) + len(entry["pages"]) for entry in found.values())
    print(f"{len(found)} searches, {lists} lists compared; {len(differ)} differ: {differ[:10]}")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
