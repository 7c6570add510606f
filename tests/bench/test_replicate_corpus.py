"""bench/replicate_corpus.py: each story copied whole, with ids, slug and record of its own."""

import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from articles.models import Article, PublishedVersion, Status
from bench import common
from factcheck.models import Claim
from tests.factories import add_claim, add_sources, make_article

sys.path.insert(0, str(Path(common.__file__).parent))
from bench import replicate_corpus  # noqa: E402

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's SQL"),
]


def test_each_story_is_copied_with_its_graph_and_served_at_its_own_address(
    client, journalist, ratings
):
    story = make_article(status=Status.PUBLISHED, author=journalist, title="Le bac de Tatihou")
    story.tags.add("Îles")
    add_claim(story, ratings["faux"], add_sources(story, "Mairie", "La Presse de la Manche"))
    make_article(status=Status.DRAFT, author=journalist, title="Brouillon")
    before = {
        "stories": Article.objects.count(),
        "versions": PublishedVersion.objects.count(),
        "claims": Claim.objects.count(),
    }

    assert replicate_corpus.replicate(2) == 3 * before["stories"]

    assert PublishedVersion.objects.count() == 3 * before["versions"]
    assert Claim.objects.count() == 3 * before["claims"]
    copy = Article.objects.get(slug=f"{story.slug}-2")
    assert copy.current_version.article_id == copy.pk
    assert copy.published_at == story.published_at - timedelta(seconds=2)
    assert list(copy.tags.names()) == ["Îles"]
    assert [a.name for a in copy.byline_authors] == [a.name for a in story.byline_authors]
    assert copy.claims.get().sources.count() == 2
    assert copy.claims.get().sources.first().article_id == copy.pk
    page = client.get(copy.get_absolute_url())
    assert page.status_code == 200
    canonical = f'<link rel="canonical" href="{settings.SITE_URL}{copy.get_absolute_url()}">'
    assert canonical in page.content.decode()
    # New rows after the copy take ids past every copy's.
    assert make_article(status=Status.DRAFT, author=journalist).pk > copy.pk
