"""A hot lookup compiled once (newsroom/db.py `CompiledQuery`), and the reader's story
lookup built on it (articles/views.py): same rows as the ORM's rule, whatever the
status, the clock, the thread or the database."""

import datetime

import pytest
from django.db import connection
from django.db.models import DEFERRED
from django.db.models.signals import post_init, pre_init
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from articles import views
from articles.models import Article, Author, AuthorLink, Status
from newsroom.db import CompiledQuery, RowsBy, UniqueLookup, attnames, from_row, from_rows
from tests.factories import make_article

pytestmark = pytest.mark.django_db

STATUSES = [
    (Status.DRAFT, None),
    (Status.SUBMITTED, None),
    (Status.VERIFIED, None),
    (Status.PUBLISHED, -3600),  # public
    (Status.PUBLISHED, 3600),  # scheduled
    (Status.WITHDRAWN, -3600),
]


def _orm_readers_story(slug):
    """The rule as the rest of the code writes it."""
    return (Article.objects.published() | Article.objects.withdrawn()).filter(slug=slug).first()


@pytest.mark.parametrize(("status", "offset"), STATUSES)
def test_the_readers_lookup_finds_what_the_orm_rule_finds(status, offset):
    published_at = None if offset is None else timezone.now() + datetime.timedelta(seconds=offset)
    story = make_article(status=status, published_at=published_at)

    found = views._story_row(story.slug)

    expected = _orm_readers_story(story.slug)
    assert (found is None) == (expected is None)
    if found is not None:
        assert (found.pk, found.slug, found.status, found.title) == (
            expected.pk,
            expected.slug,
            expected.status,
            expected.title,
        )
        assert found.published_at == expected.published_at
        version = found.current_version
        assert version.pk == expected.current_version_id
        assert version.card == expected.current_version.card
        assert version.bodies == expected.current_version.bodies
        assert version.created_at == expected.current_version.created_at


def test_a_scheduled_story_appears_when_its_time_comes_without_recompiling(time_machine):
    story = make_article(
        status=Status.PUBLISHED, published_at=timezone.now() + datetime.timedelta(minutes=5)
    )
    assert views._story_row(story.slug) is None  # compiled here, with this moment

    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=6), tick=True)

    assert views._story_row(story.slug).pk == story.pk


def test_the_lookup_is_one_query_and_unknown_slugs_cost_the_same():
    story = make_article(status=Status.PUBLISHED)
    draft = make_article(status=Status.DRAFT)
    for slug in (story.slug, draft.slug, "nothing-here"):
        with CaptureQueriesContext(connection) as queries:
            views._story_row(slug)
        assert len(queries) == 1, slug


def test_fields_not_fetched_are_deferred_not_defaulted(django_assert_num_queries):
    story = make_article(status=Status.PUBLISHED, introduction="Une introduction écrite.")
    found = views._story_row(story.slug)

    assert "introduction" in found.get_deferred_fields()
    with django_assert_num_queries(1):
        assert found.introduction == "Une introduction écrite."


def test_values_are_quoted_by_the_database_driver_not_spliced_into_sql():
    make_article(status=Status.PUBLISHED, slug="une-histoire")
    for slug in ("x' OR '1'='1", "une-histoire' --", "%", "une-histoire\\"):
        assert views._story_row(slug) is None


def _by_slug(slug):
    return Article.objects.filter(slug=slug).values_list("pk")


def test_a_call_must_name_exactly_the_parameters():
    query = CompiledQuery(Article, _by_slug, {"slug": (Article._meta.get_field("slug"), "\x00")})
    with pytest.raises(TypeError):
        query(slug="a", now=timezone.now())
    with pytest.raises(TypeError):
        query()


def test_a_stand_in_that_is_not_exactly_one_parameter_is_refused():
    def by_status(status):
        return Article.objects.filter(status=status, title=Status.DRAFT).values_list("pk")

    # The stand-in equals another parameter of the query: which one to replace is unclear.
    ambiguous = CompiledQuery(
        Article, by_status, {"status": (Article._meta.get_field("status"), Status.DRAFT)}
    )
    with pytest.raises(ValueError, match="appears 2 times"):
        ambiguous(status=Status.PUBLISHED)

    def ignores_it(slug):
        return Article.objects.values_list("pk")

    missing = CompiledQuery(
        Article, ignores_it, {"slug": (Article._meta.get_field("slug"), "\x00")}
    )
    with pytest.raises(ValueError, match="appears 0 times"):
        missing(slug="a")


def test_from_row_marks_the_state_of_a_saved_row():
    story = make_article(status=Status.PUBLISHED)
    instance = from_row(Article, {"id": story.pk, "slug": story.slug})
    assert instance._state.adding is False
    assert instance.get_deferred_fields() >= {"title", "status"}
    assert instance.title == story.title


def test_from_row_gives_the_instance_from_db_gives():
    """The list pages' rows become instances without Model.__init__'s walk over every
    field (newsroom/db.py): the same loaded and deferred fields, state and equality."""
    story = make_article(status=Status.PUBLISHED, title="Lisieux : la basilique restaurée")
    values = {"id": story.pk, "slug": story.slug, "title": story.title, "region_id": None}
    fast = from_row(Article, values)
    slow = Article.from_db(
        "default", list(values), [values.get(name, DEFERRED) for name in attnames(Article)]
    )
    assert fast.__dict__.keys() - {"_state"} == slow.__dict__.keys() - {"_state"}
    assert fast.get_deferred_fields() == slow.get_deferred_fields()
    assert (fast._state.adding, fast._state.db) == (slow._state.adding, slow._state.db)
    assert fast == slow == story
    assert fast.region is None
    assert fast.status == Status.PUBLISHED  # deferred: read when asked
    with pytest.raises(TypeError, match="no fields"):
        from_row(Article, {"id": story.pk, "not_a_field": 1})


def test_from_rows_gives_what_from_row_gives_for_each_row_in_order():
    stories = [make_article(status=Status.PUBLISHED, title=f"Brève {n}") for n in range(3)]
    rows = [{"id": story.pk, "slug": story.slug, "title": story.title} for story in stories]
    batch = from_rows(Article, rows)
    assert batch == stories
    for instance, values in zip(batch, rows, strict=True):
        single = from_row(Article, values)
        assert instance.__dict__.keys() == single.__dict__.keys()
        assert instance.get_deferred_fields() == single.get_deferred_fields()
        assert instance._state.db == single._state.db and instance._state.adding is False
    assert len({id(instance._state) for instance in batch}) == 3  # a state each
    assert from_rows(Article, []) == []
    with pytest.raises(TypeError, match=r"no fields \['not_a_field'\]"):
        from_rows(Article, [rows[0], {**rows[1], "not_a_field": 1}])


def test_from_rows_goes_through_from_db_when_a_receiver_sees_new_instances():
    seen = []

    def receiver(sender, **kwargs):
        seen.append(sender)

    pre_init.connect(receiver, sender=Tag)
    try:
        tags = from_rows(Tag, [{"id": 7, "slug": "maree"}, {"id": 8, "slug": "houle"}])
    finally:
        pre_init.disconnect(receiver, sender=Tag)
    assert [tag.pk for tag in tags] == [7, 8]
    assert tags[1].get_deferred_fields() == {"name"}
    assert seen == [Tag, Tag]  # from_db made each


def test_from_row_goes_through_from_db_when_a_receiver_sees_new_instances():
    seen = []

    def receiver(sender, instance, **kwargs):
        seen.append(instance)

    post_init.connect(receiver, sender=Tag)
    try:
        tag = from_row(Tag, {"id": 7, "name": "Marée", "slug": "maree"})
    finally:
        post_init.disconnect(receiver, sender=Tag)
    assert seen == [tag]
    assert tag._state.adding is False


@pytest.mark.parametrize("model", [Author, Tag])
def test_a_unique_lookup_gives_the_orm_instance_with_every_field(model, django_assert_num_queries):
    """The tag and author pages' lookups (articles/views.py): every field as the ORM
    loads it, in one query; an unknown or hostile slug finds nothing."""
    if model is Author:
        row = Author.objects.create(
            name="Anaïs Le Bihan", slug="anais-le-bihan", job_title="Pigiste"
        )
    else:
        row = Tag.objects.create(name="Marée noire", slug="maree-noire")
    lookup = UniqueLookup(model)
    with django_assert_num_queries(1):
        found = lookup(row.slug)
    with django_assert_num_queries(0):
        assert found.get_deferred_fields() == set()
        assert [getattr(found, f.attname) for f in model._meta.concrete_fields] == [
            getattr(row, f.attname) for f in model._meta.concrete_fields
        ]
    assert found == model.objects.get(slug=row.slug)
    for slug in ("inconnu", "x' OR '1'='1", "%", f"{row.slug}' --"):
        assert lookup(slug) is None


def test_a_unique_lookup_needs_a_unique_field():
    with pytest.raises(ValueError, match="not unique"):
        UniqueLookup(Author, "name")


@pytest.mark.parametrize("path", ["/tags/inconnu/", "/auteurs/inconnu/", "/en/tags/inconnu/"])
def test_an_unknown_tag_or_author_is_a_404(client, path):
    assert client.get(path).status_code == 404


def test_rows_by_gives_the_orm_rows_in_order(django_assert_num_queries):
    """An author page's links (articles/views.py): the rows the ORM gives, in the
    model's order, in one query; none for another author or a hostile value."""
    author = Author.objects.create(name="Yann Le Du", slug="yann-le-du")
    other = Author.objects.create(name="Soizic Morvan", slug="soizic-morvan")
    for label in ("Mastodon", "Site", "Bluesky"):
        AuthorLink.objects.create(author=author, label=label, url=f"https://example.org/{label}")
    AuthorLink.objects.create(author=other, label="Autre", url="https://example.org/autre")
    links_of = RowsBy(AuthorLink, "author", stand_in=-(2**62) + 11)
    with django_assert_num_queries(1):
        links = links_of(author.pk)
    assert links == list(author.links.all())
    assert [link.label for link in links] == ["Mastodon", "Site", "Bluesky"]
    assert all(link.get_deferred_fields() == set() for link in links)
    assert links_of(-5) == []


def test_a_repeated_parameter_takes_its_value_in_every_place():
    """A search's words stand in its filter, rank and excerpt (articles/search.py)."""
    story = make_article(status=Status.PUBLISHED, title="Honfleur : le vieux bassin")
    make_article(status=Status.PUBLISHED, title="Deauville : les planches")

    def titled(title):
        return (
            Article.objects.filter(title=title, slug__gt="")
            .exclude(title__lt=title)
            .values_list("pk")
        )

    stand_in = (Article._meta.get_field("title"), "stand-in title 5c1e")
    with pytest.raises(ValueError, match="appears 2 times"):
        CompiledQuery(Article, titled, {"title": stand_in})(title=story.title)
    repeated = CompiledQuery(Article, titled, {"title": stand_in}, repeated={"title"})
    assert repeated(title=story.title) == [(story.pk,)]
    assert repeated(title="Ailleurs") == []


def test_a_model_whose_field_turns_values_into_others_goes_through_from_db():
    """A partial date's descriptor makes "2025-03" a PartialDate: from_row keeps that."""
    from articles.models import Quote
    from newsroom.partialdates import PartialDate

    quote = from_row(Quote, {"id": 1, "said_on": "2025-03"})
    assert isinstance(quote.said_on, PartialDate)
    assert from_row(Article, {"id": 1, "slug": "a"}).slug == "a"


def test_reads_on_primary_go_to_the_primary_even_on_a_readers_request(monkeypatch):
    from django.conf import settings

    from newsroom import db

    monkeypatch.setitem(settings.DATABASES, "replica", settings.DATABASES["default"])
    router = db.PrimaryReplicaRouter()
    token = db._pinned.set(False)  # a reader's request
    try:
        assert router.db_for_read(Article) == "replica"
        with db.on_primary():
            assert router.db_for_read(Article) == "default"
        assert router.db_for_read(Article) == "replica"
    finally:
        db._pinned.reset(token)
