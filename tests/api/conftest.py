"""Fixtures of the API tests: a client that speaks JSON, public stories."""

import pytest
from django.utils import timezone

from articles.models import Region, Status
from tests.factories import add_claim, add_sources, make_article


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings):
    """Webhook deliveries run inside the test, as soon as they are queued (the other
    tests run the database queue with tests/tasks.py, as the worker would)."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "evidence"],
        }
    }


@pytest.fixture
def api(client):
    """The test client; `.json(url)` GETs and returns (response, parsed body)."""

    def get_json(url, **headers):
        response = client.get(url, **headers)
        assert response["Content-Type"].startswith(("application/json", "application/problem+json"))
        return response, response.json()

    client.json = get_json
    return client


@pytest.fixture
def calvados(normandie):
    return Region.objects.create(
        name="Calvados", slug="calvados", level=Region.Level.DEPARTEMENT, parent=normandie
    )


def public_story(title, *, hours_ago=1, author=None, region=None, rating=None, **fields):
    """A public story published `hours_ago`, with two sources and one claim rated `rating`."""
    article = make_article(
        title=title,
        status=Status.PUBLISHED,
        published_at=timezone.now() - timezone.timedelta(hours=hours_ago),
        author=author,
        region=region,
        **fields,
    )
    if rating is not None:
        sources = add_sources(article, "Préfecture du Calvados", "Ouest-Littoral")
        add_claim(article, rating, sources)
    article.refresh_from_db()
    return article
