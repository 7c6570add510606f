"""The first pages of the busiest lists, compiled once (articles/listing.py): the same
stories, loaded the same way, as the ORM path gives, in one query per list once the
worker holds their versions, and one more for those it does not."""

from datetime import timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from articles import listing
from articles.models import Article, PublishedVersion, Region, Status
from articles.record import cut_version
from newsroom.pagination import PAGE_SIZE, dated_page
from tests.factories import make_article, make_user
from tests.reader_site import build_world

pytestmark = pytest.mark.django_db


def ids(stories):
    return [story.pk for story in stories]


@pytest.fixture
def world():
    """The public story, one in each state that is not public, all tagged "marées" with
    a rated claim, and more public stories than a page holds (some without a claim)."""
    world = build_world()
    start = timezone.now() - timedelta(days=3)
    for number in range(PAGE_SIZE + 2):
        story = make_article(
            title=f"Brève de la côte numéro {number}",
            status=Status.PUBLISHED,
            author=world.author,
            published_at=start + timedelta(hours=number // 2),  # pairs at the same instant
        )
        story.tags.add("marées")
    return world


def orm_first_page(queryset):
    return dated_page(RequestFactory().get("/"), queryset.for_listing())


def test_the_front_page_lists_what_the_orm_rule_gives(world, django_assert_num_queries):
    with django_assert_num_queries(3):  # the two lists, then their versions
        listing.front_page()
    with django_assert_num_queries(2):
        stories, factchecks = listing.front_page()
    published = Article.objects.published().for_listing().latest_first()
    assert ids(stories) == ids(published[: listing.FRONT_STORIES])
    assert ids(factchecks) == ids(published.fact_checked()[: listing.FRONT_FACTCHECKS])
    assert world.public.pk in ids(factchecks)
    hidden = {story.pk for story in world.hidden.values()}
    assert not hidden & set(ids(stories) + ids(factchecks))


def test_a_tags_first_page_is_the_orm_page(world, rf, django_assert_num_queries):
    tag = world.public.tags.get(slug="marees")
    with django_assert_num_queries(2):
        listing.tagged(rf.get("/tags/marees/"), tag)
    with django_assert_num_queries(1):
        page = listing.tagged(rf.get("/tags/marees/"), tag)
    expected = orm_first_page(Article.objects.published().tagged(tag))
    assert ids(page.object_list) == ids(expected.object_list)
    assert len(page.object_list) == PAGE_SIZE
    assert (page.has_next, page.next_query, page.previous_query) == (
        expected.has_next,
        expected.next_query,
        expected.previous_query,
    )
    # A tag only hidden stories carry lists nothing.
    hidden_only = world.hidden["draft"].tags.get(slug="zzhidden")
    assert listing.tagged(rf.get("/"), hidden_only).object_list == []


def test_an_authors_first_page_is_the_orm_page(world, rf, django_assert_num_queries):
    with django_assert_num_queries(2):
        page = listing.by_author(rf.get("/"), world.author)
    expected = orm_first_page(Article.objects.published().filter(bylines__author=world.author))
    assert ids(page.object_list) == ids(expected.object_list)
    assert page.next_query == expected.next_query


def test_a_page_further_down_goes_through_the_orm(world, rf):
    tag = world.public.tags.get(slug="marees")
    first = listing.tagged(rf.get("/"), tag)
    second = listing.tagged(rf.get(f"/?{first.next_query}"), tag)
    assert second.object_list
    assert not set(ids(first.object_list)) & set(ids(second.object_list))
    assert second.previous_query is not None


def test_listed_stories_are_loaded_as_for_listing_loads_them(world, django_assert_num_queries):
    stories, _factchecks = listing.front_page()
    reference = {story.pk: story for story in Article.objects.published().for_listing()}
    with django_assert_num_queries(0):
        for story in stories:
            expected = reference[story.pk]
            assert story.get_deferred_fields() == expected.get_deferred_fields()
            assert story.card.title == expected.card.title
            assert story.current_version.number == expected.current_version.number
            assert story.current_version.published_at == expected.current_version.published_at
            assert (story.slug, story.published_at) == (expected.slug, expected.published_at)


def test_a_scheduled_story_is_listed_once_its_time_has_come(world, rf, monkeypatch):
    scheduled = world.hidden["scheduled"]
    tag = scheduled.tags.get(slug="zzhidden")
    assert scheduled.pk not in ids(listing.front_page()[0])
    later = scheduled.published_at + timedelta(seconds=1)
    monkeypatch.setattr(listing.timezone, "now", lambda: later)
    assert ids(listing.front_page()[0])[0] == scheduled.pk
    assert ids(listing.tagged(rf.get("/"), tag).object_list) == [scheduled.pk]
    assert ids(listing.by_author(rf.get("/"), world.author).object_list)[0] == scheduled.pk


def places_in(region, count):
    """`count` départements inside `region`, each with a city."""
    made = []
    for number in range(count):
        department = Region.objects.create(
            name=f"Département {number}",
            slug=f"departement-{number}",
            level=Region.Level.DEPARTEMENT,
            parent=region,
        )
        made.append(
            Region.objects.create(
                name=f"Ville {number}",
                slug=f"ville-{number}",
                level=Region.Level.CITY,
                parent=department,
            )
        )
    return made


@pytest.mark.parametrize("inside", [0, 2, listing.COMPILED_PLACES])
def test_a_regions_first_page_is_the_orm_page(world, rf, inside, django_assert_max_num_queries):
    """Stories about the region or a place inside it, compiled or not (past
    COMPILED_PLACES places, the ORM path)."""
    normandie = Region.objects.get(slug="normandie")
    for number, city in enumerate(places_in(normandie, inside // 2)):
        make_article(
            title=f"Brève de la ville {number}",
            status=Status.PUBLISHED,
            author=world.author,
            region=city,
        )
    elsewhere = make_article(
        title="Brève d’ailleurs",
        status=Status.PUBLISHED,
        author=world.author,
        region=Region.objects.get(slug="bretagne"),
    )
    with django_assert_max_num_queries(3):  # the places, the stories, their versions
        listing.in_region(rf.get("/"), normandie)
    with django_assert_max_num_queries(2):  # the versions are held
        page = listing.in_region(rf.get("/"), normandie)
    expected = orm_first_page(Article.objects.published().for_region(normandie))
    assert ids(page.object_list) == ids(expected.object_list)
    assert page.next_query == expected.next_query
    assert elsewhere.pk not in ids(page.object_list)
    compiled = len(normandie.self_and_descendant_ids()) <= listing.COMPILED_PLACES
    assert (len(normandie.self_and_descendant_ids()) in listing._in_region) is compiled


def test_the_fact_check_indexs_first_page_is_the_orm_page(world, rf, django_assert_num_queries):
    with django_assert_num_queries(2):
        listing.fact_checked(rf.get("/verifications/"))
    with django_assert_num_queries(1):
        page = listing.fact_checked(rf.get("/verifications/"))
    expected = orm_first_page(Article.objects.published().fact_checked())
    assert ids(page.object_list) == ids(expected.object_list)
    assert ids(page.object_list) == [world.public.pk]  # the only public story with a claim


def test_a_worker_reads_each_version_once_and_a_new_version_at_once(
    world, rf, django_assert_num_queries
):
    """Versions never change: those held are not read again, and a story's new
    version (a correction) is read as soon as the story row names it."""
    tag = world.public.tags.get(slug="marees")
    first = listing.tagged(rf.get("/"), tag).object_list
    story = first[0]
    held = len(listing.VERSIONS._cards)
    assert {shown.current_version_id for shown in first} <= set(listing.VERSIONS._cards)
    old_title = story.card.title
    article = Article.objects.get(pk=story.pk)
    article.title = "Brève corrigée"
    article.save()
    cut_version(
        article=article,
        user=make_user("redaction"),
        kind=PublishedVersion.Kind.CORRECTION,
        reason="Le titre nommait la mauvaise plage.",
    )
    with django_assert_num_queries(2):  # the list, then the one version not held
        again = listing.tagged(rf.get("/"), tag).object_list
    assert [s.pk for s in again] == [s.pk for s in first]
    assert again[0].card.title == "Brève corrigée" != old_title
    assert [s.card.title for s in again[1:]] == [s.card.title for s in first[1:]]
    assert len(listing.VERSIONS._cards) == held + 1


def test_a_story_whose_version_is_not_found_is_left_out(world, rf):
    """A row naming a version the second query does not find (gone since, where the
    database lets a version go) is not shown with a card read from the live story."""
    tag = world.public.tags.get(slug="marees")
    rows = listing._tagged(now=timezone.now(), tag=tag.pk)
    column = listing.COLUMNS.index("current_version")
    gone = (*rows[0][:column], 2**62, *rows[0][column + 1 :])
    shown = listing.stories([gone, *rows[1:]])
    assert ids(shown) == [row[0] for row in rows[1:]]
    assert all(story.card.title for story in shown)


def test_a_full_store_never_drops_a_story_it_held(world, monkeypatch):
    """A busy worker's store is full: keeping the versions a list lacks pushes the
    oldest kept ones out, which may be the very versions the same list holds. Each
    is looked up once, so every story is still shown."""
    from articles.templatetags import cards

    front = ids(listing.front_page()[0])
    stories = {story.pk: story for story in Article.objects.filter(pk__in=front)}
    listing.VERSIONS.clear()
    # The worker holds every front-page version but the newest story's, and holds
    # the others' the longest (the first out), with no room left.
    listing.with_versions([stories[pk] for pk in front[1:]])
    monkeypatch.setattr(cards, "CARDS", len(listing.VERSIONS._cards))
    for _ in range(3):
        shown, _factchecks = listing.front_page()
        assert ids(shown) == front
        newest = make_article(title="Brève de dernière minute", status=Status.PUBLISHED)
        front = [newest.pk, *front[:-1]]
