"""Time a guessed slug of an unpublished story against an unknown slug (issue: timing leak).

    python bench/hidden_slugs.py --database-url postgres://postgres@127.0.0.1:5432/newsroom_bench

As an anonymous reader, in-process (Django's test client, no page cache):
`--repeat` requests of each, interleaved, after a warm-up; prints the median
and p95 of each and the difference of the medians. A draft story is made for
the run and deleted after it. The test that keeps them equal is
tests/articles/test_hidden_stories.py (same queries); this measures the time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from common import setup_django_in_process  # bench/ is sys.path[0] when run as a script


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    setup_django_in_process(args.database_url, "ERROR")
    from django.test import Client

    from articles.models import Article, Region, Status

    draft = Article.objects.create(
        title="Brouillon du banc d'essai : la digue de Ouistreham",
        slug="banc-essai-brouillon-digue",
        region=Region.objects.get(slug="normandie"),
        status=Status.DRAFT,
        introduction="Un brouillon que les lecteurs ne doivent pas deviner.",
        verified_facts="La commune a confirmé les travaux.",
    )
    client = Client()
    paths = {"draft": draft.get_absolute_url(), "unknown": "/articles/banc-essai-inconnu/"}
    times = {name: [] for name in paths}
    try:
        for path in paths.values():
            for _ in range(5):
                assert client.get(path).status_code == 404
        for _ in range(args.repeat):
            for name, path in paths.items():
                started = time.perf_counter()
                response = client.get(path)
                times[name].append((time.perf_counter() - started) * 1000)
                assert response.status_code == 404, (path, response.status_code)
    finally:
        draft.delete()
    print(f"{args.repeat} requests each, interleaved; load {os.getloadavg()[0]:.1f}")
    for name, values in times.items():
        values.sort()
        p95 = values[int(0.95 * (len(values) - 1))]
        print(f"{name:<8} median {statistics.median(values):6.2f} ms   p95 {p95:6.2f} ms")
    difference = statistics.median(times["draft"]) - statistics.median(times["unknown"])
    print(f"difference of medians: {difference:+.2f} ms")


if __name__ == "__main__":
    main()
