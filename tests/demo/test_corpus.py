"""The corpus generator fills every table consistently, on SQLite and PostgreSQL."""

import pytest
from django.core.management import call_command
from django.db.models import Count
from taggit.models import TaggedItem

from articles.models import Article, ArticleAuthor, Author, Status
from factcheck.models import Claim, Source

pytestmark = pytest.mark.django_db


def test_generates_consistent_stories():
    """Stories come with bylines, sources, claims linked to their own sources, and tags."""
    call_command(
        "generate_corpus", articles=200, batch=70, jobs=1, authors=20, tags=50, verbosity=0
    )
    assert Article.objects.count() == 200
    assert Author.objects.count() == 20
    assert Article.objects.published().count() > 150
    assert set(Article.objects.values_list("status", flat=True)) >= {Status.PUBLISHED, Status.DRAFT}
    assert not Article.objects.annotate(n=Count("bylines")).filter(n=0).exists()
    assert not Article.objects.annotate(n=Count("sources")).filter(n__lt=2).exists()
    assert Claim.objects.exists() and TaggedItem.objects.exists()
    for claim in Claim.objects.prefetch_related("sources")[:50]:
        assert {s.article_id for s in claim.sources.all()} == {claim.article_id}
    assert Source.objects.primary().values("article").distinct().count() == 200
    # Prolific authors: the distribution has a long tail.
    counts = sorted(
        ArticleAuthor.objects.values("author").annotate(n=Count("*")).values_list("n", flat=True),
        reverse=True,
    )
    assert counts[0] > 3 * counts[len(counts) // 2]


def test_second_run_adds_without_clashing():
    """Running it again appends new stories with fresh ids."""
    call_command("generate_corpus", articles=30, jobs=1, verbosity=0, authors=5, tags=10)
    call_command("generate_corpus", articles=30, jobs=1, verbosity=0, authors=5, tags=10)
    assert Article.objects.count() == 60
    assert Author.objects.count() == 5
    assert Article.objects.values("slug").distinct().count() == 60


def test_search_vectors_are_filled_on_postgresql():
    """Generated stories are searchable: the trigger fills their vectors during the load."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("search vectors exist only on PostgreSQL")
    call_command("generate_corpus", articles=20, jobs=1, verbosity=0, authors=5, tags=10)
    assert not Article.objects.filter(search_vector__isnull=True).exists()


def test_new_rows_after_a_corpus_get_fresh_ids():
    """After a load, the newsroom can still add an author, an outlet and a tag."""
    from taggit.models import Tag

    from factcheck.models import Outlet

    call_command("generate_corpus", articles=10, jobs=1, verbosity=0, authors=3, tags=5)
    Author.objects.create(name="Nouvelle plume", slug="nouvelle-plume")
    Outlet.objects.create(name="Nouveau média", slug="nouveau-media")
    Tag.objects.create(name="nouveau sujet", slug="nouveau-sujet")
    make = Article.objects.create(title="Après le corpus", slug="apres-le-corpus")
    assert make.pk > 0


def test_public_stories_are_frozen_into_the_record(client):
    """Every public generated story has its published version: its page answers,
    the version holds what the live rows hold, and the record's chain holds."""
    from articles import record
    from articles.models import PublishedVersion

    call_command("generate_corpus", articles=60, jobs=1, verbosity=0, authors=5, tags=10)
    public = Article.objects.filter(status__in=[Status.PUBLISHED, Status.WITHDRAWN])
    assert public.exists()
    assert not public.filter(current_version__isnull=True).exists()
    assert not Article.objects.exclude(status__in=[Status.PUBLISHED, Status.WITHDRAWN]).filter(
        current_version__isnull=False
    )
    withdrawn = public.filter(status=Status.WITHDRAWN).first()
    if withdrawn is not None:
        kinds = list(withdrawn.versions.order_by("number").values_list("kind", flat=True))
        assert kinds == [PublishedVersion.Kind.PUBLICATION, PublishedVersion.Kind.WITHDRAWAL]
    story = Article.objects.published().filter(current_version__isnull=False).first()
    assert story.current_version.content == record.story_content(story)
    assert client.get(story.get_absolute_url()).status_code == 200
    call_command("verify_record", verbosity=0)  # raises CommandError on a broken link


def test_a_story_published_after_the_corpus_gets_its_next_version():
    """After a load, publishing another story records its version after the frozen ones."""
    from articles.models import PublishedVersion
    from tests.factories import make_article

    call_command("generate_corpus", articles=20, jobs=1, verbosity=0, authors=3, tags=5)
    frozen = set(PublishedVersion.objects.values_list("pk", flat=True))
    published = make_article(status=Status.PUBLISHED)
    assert published.current_version_id not in frozen
    assert published.current_version_id > max(frozen)


def test_help_documents_every_option():
    """`generate_corpus --help` explains each of its own options."""
    from demo.management.commands.generate_corpus import Command

    parser = Command().create_parser("manage.py", "generate_corpus")
    own = [
        a
        for a in parser._actions
        if a.dest in {"articles", "batch", "seed", "authors", "tags", "jobs"}
    ]
    assert len(own) == 6
    assert all(action.help for action in own)
