"""A guessed slug of an unpublished story answers exactly like an unknown slug.

Not only the same 404: the same database queries, so the time it takes does not
tell that a draft exists either (the difference used to be ~20 ms against ~5 ms).
The queries are compared, not the clock: speed belongs to benchmarks.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Status
from tests.factories import make_article

pytestmark = pytest.mark.django_db

HIDDEN = ["draft", "submitted", "verified", "scheduled"]


def hidden_story(state):
    if state == "scheduled":
        later = timezone.now() + timezone.timedelta(days=2)
        return make_article(status=Status.PUBLISHED, published_at=later, slug="cachee")
    return make_article(status=state, slug="cachee")


def queries_for(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    # Literal values (the slug, the current time) aside, the statements must be the same.
    shapes = [re.sub(r"'[^']*'|\b\d[\d:. -]*\b", "?", query["sql"]) for query in captured]
    return response.status_code, shapes


PAGES = ["/articles/{slug}/", "/articles/{slug}/versions/", "/articles/{slug}/versions/1/"]


@pytest.mark.parametrize("state", HIDDEN)
@pytest.mark.parametrize("page", PAGES)
def test_hidden_story_costs_what_an_unknown_slug_costs(client, state, page):
    """Draft, submitted, verified or scheduled: the unknown slug's 404, query for query."""
    hidden_story(state)
    client.get("/articles/premiere-visite/")  # the 404 page's footer, cached site-wide
    hidden = queries_for(client, page.format(slug="cachee"))
    unknown = queries_for(client, page.format(slug="nulle-part"))
    assert hidden[0] == unknown[0] == 404
    assert hidden[1] == unknown[1]
    # The story by its slug, a former slug, an old address of an imported archive.
    assert len(unknown[1]) <= 3


def test_public_story_still_takes_one_query(client, django_assert_max_num_queries):
    """The fast path for readers is unchanged: one query for a published story."""
    story = make_article(status=Status.PUBLISHED)
    with django_assert_max_num_queries(4):
        assert client.get(story.get_absolute_url()).status_code == 200


def test_withdrawn_story_still_says_gone(client):
    """A withdrawn story answers 410 with its reason, on the page and its versions."""
    story = make_article(status=Status.WITHDRAWN)
    assert client.get(story.get_absolute_url()).status_code == 410
    assert client.get(f"{story.get_absolute_url()}versions/").status_code == 410


@pytest.mark.parametrize("state", HIDDEN)
def test_staff_still_preview_hidden_stories(client, editor, state):
    """Editors keep their preview of unpublished stories."""
    story = hidden_story(state)
    client.force_login(editor)
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert story.title in response.content.decode()
