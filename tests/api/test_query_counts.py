"""Every endpoint costs the same number of queries for 2 items as for 12 (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Author
from tests.api.conftest import public_story
from tests.factories import refreeze

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/api/v1/stories/",
    "/api/v1/stories/?updated_since=2000-01-01T00:00:00Z",
    "/api/v1/stories/?region=normandie&tag=marees&author=lea-morel&verdict=faux",
    "/api/v1/factchecks/",
    "/api/v1/regions/",
    "/api/v1/authors/",
    "/api/v1/tags/",
    "/api/v1/verdicts/",
    "/api/v1/search/?q=marée",
    "/api/v1/pages/",
]
MAX_QUERIES = 6


def add_stories(first, count, journalist, rating):
    for n in range(first, first + count):
        story = public_story(f"Granville : la marée {n}", author=journalist, rating=rating)
        story.tags.add("marées", f"sujet-{n}")
        refreeze(story)
        Author.objects.create(name=f"Auteur {n}", slug=f"auteur-{n}")


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def test_query_counts_do_not_grow_with_items(client, journalist, ratings, settings):
    """Each list's authors, tags, claims, regions and counts come in a fixed number of
    queries (from the frozen cards, prefetches or cached counts), never one per item."""
    settings.API_ANONYMOUS_RATE = "100000/min"
    add_stories(0, 2, journalist, ratings["faux"])
    few = {url: queries(client, url) for url in ENDPOINTS}
    add_stories(2, 10, journalist, ratings["faux"])
    many = {url: queries(client, url) for url in ENDPOINTS}
    for url in ENDPOINTS:
        assert many[url] == few[url] and many[url] <= MAX_QUERIES, (url, few[url], many[url])
