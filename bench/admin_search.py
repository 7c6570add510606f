"""Time the admin article list's search on a large corpus (PostgreSQL).

    python bench/admin_search.py --database-url postgres://postgres@127.0.0.1:5432/newsroom_bench

The database must hold a corpus (`manage.py generate_corpus --articles 100000`).
Each query is the whole admin request, as an editor's browser makes it
(search, 50 rows, filters sidebar, capped count), run `--repeat` times after
one warm-up; the figures are per query and over all of them (median, p95).
The search's SQL alone is timed as well, from Django's query log.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from common import setup_django_in_process  # bench/ is sys.path[0] when run as a script

# Words an editor types: common and rare, with and without accents, a tag, a claim word,
# two words, a curly apostrophe.
QUERIES = [
    "",  # no search: what the list costs anyway (filters sidebar, 50 rows)
    "velo",
    "vélo",
    "prefecture",
    "mairie",
    "securite routiere",
    "l’ecole",
    "etudiants",
    "numerique",
    "inondation",
    "zzqx",
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument(
        "--list", default="/admin/articles/article/", help="another admin list to time"
    )
    args = parser.parse_args()
    setup_django_in_process(args.database_url, "WARNING")
    from django.conf import settings

    # No collectstatic needed to render the admin page.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.contrib.auth import get_user_model
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from articles.models import Article

    setup_test_environment()  # the response carries its context (the result count)

    stories = Article.objects.count()
    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin-search", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    print(f"{stories:,} stories; {args.repeat} runs per query after one warm-up")
    print(f"{'query':<20} {'p50 ms':>8} {'p95 ms':>8} {'SQL ms':>8} {'found':>7}")
    everything = []
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for query in QUERIES:
        client.get(args.list, {"q": query})
        times, sql = [], []
        for _ in range(args.repeat):
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(args.list, {"q": query})
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
            sql.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
        if query:
            everything += times
        found = response.context["cl"].result_count
        print(
            f"{query or '(no search)':<20} {statistics.median(times):8.1f} "
            f"{sorted(times)[int(0.95 * (len(times) - 1))]:8.1f} "
            f"{statistics.median(sql):8.1f} {found:>7}"
        )
    everything.sort()
    print(
        f"{'all searches':<20} {statistics.median(everything):8.1f} "
        f"{everything[int(0.95 * (len(everything) - 1))]:8.1f}"
    )
    user.delete()


if __name__ == "__main__":
    main()
