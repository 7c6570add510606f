"""What Django REST framework costs per request, next to a plain Django view.

    .venv/bin/python bench/api_overhead.py [--requests 5000]

Calls the API's index view (no database query: a dict of links) through DRF,
and a plain Django view returning the same JSON, both through RequestFactory
(no middleware), and prints microseconds per request for each. The difference
is DRF's own machinery: request wrapping, authentication, throttle (a cache
read and write), content negotiation and rendering.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=5000)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.http import JsonResponse
    from django.test import RequestFactory
    from django.urls import reverse

    from api.views import Index

    settings.API_ANONYMOUS_RATE = "100000000/min"
    factory = RequestFactory()
    drf_view = Index.as_view()

    def plain_view(request):
        names = ("stories", "factchecks", "regions", "authors", "tags", "verdicts", "search",
                 "pages", "openapi")  # fmt: skip
        return JsonResponse(
            {
                "name": settings.SITE_NAME,
                "version": "v1",
                "documentation": settings.SITE_URL + reverse("api:openapi"),
                "resources": {n: settings.SITE_URL + reverse(f"api:{n}") for n in names},
            }
        )

    def run(view, render):
        timings = []
        for _round in range(3):
            start = time.perf_counter()
            for _ in range(args.requests):
                response = view(factory.get("/api/v1/", REMOTE_ADDR="192.0.2.1"))
                if render:
                    response.render()
            timings.append((time.perf_counter() - start) / args.requests * 1e6)
        return min(timings)

    plain = run(plain_view, False)
    drf = run(drf_view, True)
    print(f"plain Django view: {plain:7.1f} µs/request")
    print(f"DRF APIView:       {drf:7.1f} µs/request  (+{drf - plain:.1f} µs)")


if __name__ == "__main__":
    main()
