"""Read replica: public pages read from it; the admin and staff stay on the primary.

Runs when DATABASE_REPLICA_URL is set (the replica is then Django's test
mirror of the primary); `.ci/run` runs it that way on PostgreSQL.
"""

import pytest
from django.conf import settings
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Status
from tests.factories import make_article

pytestmark = [
    pytest.mark.skipif(
        "replica" not in settings.DATABASES, reason="needs DATABASE_REPLICA_URL (run by .ci/run)"
    ),
    pytest.mark.django_db(
        transaction=True, serialized_rollback=True, databases=["default", "replica"]
    ),
]


def test_public_page_reads_from_the_replica(client, journalist):
    """A reader's story page is served from the replica, not the primary."""
    article = make_article(status=Status.PUBLISHED, author=journalist)
    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert any("articles_article" in q["sql"] for q in replica.captured_queries)
    assert not any("articles_article" in q["sql"] for q in primary.captured_queries)


def test_admin_reads_and_writes_on_the_primary(client, editor):
    """The newsroom reads what it just saved: the admin never touches the replica."""
    article = make_article(status=Status.DRAFT, author=editor)
    client.force_login(editor)
    with CaptureQueriesContext(connections["replica"]) as replica:
        response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200
    assert replica.captured_queries == []


def test_staff_reading_public_pages_use_the_primary(client, editor):
    """An editor previewing the site sees the primary's data, never a lagging copy."""
    article = make_article(status=Status.PUBLISHED, author=editor)
    client.force_login(editor)
    with CaptureQueriesContext(connections["replica"]) as replica:
        assert client.get(article.get_absolute_url()).status_code == 200
    assert replica.captured_queries == []
