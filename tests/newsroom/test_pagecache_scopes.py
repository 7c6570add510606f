"""The page cache forgets only what shows a change (newsroom/pagecache.py).

Publishing, correcting or withdrawing a story misses its own pages, the lists and
feeds; every other story's page stays cached. Saving a draft, creating a tag or an
outlet for it, misses nothing. Names every page may show (a region, an outlet
renamed) still forget everything. An evicted generation never brings an old page back.
"""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from articles import workflow
from articles.editing import change_slug, edit_story
from articles.models import Article, Status
from factcheck import services
from newsroom import pagecache
from tests.factories import add_claim, add_sources, approve_change, make_article
from tests.html import parse

pytestmark = pytest.mark.django_db

FRONT = "/"


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def stories(journalist, other_journalist):
    """Two public stories by two different authors, their pages cached."""
    first = make_article(
        status=Status.PUBLISHED, author=journalist, title="La halle de Coutances rénovée"
    )
    second = make_article(
        status=Status.PUBLISHED, author=other_journalist, title="Le port de Barfleur dragué"
    )
    for article in (first, second):
        add_sources(article, "Mairie de Coutances", "La Manche Libre")
    return first, second


def warm(client, *urls):
    for url in urls:
        client.get(url)
        assert client.get(url)["X-Cache"] == "hit", url


def cached(client, url) -> bool:
    return client.get(url).get("X-Cache") == "hit"


def outputs(article):
    """Every page of one story: its page in each language, its versions, its API item."""
    return [
        article.get_absolute_url(),
        f"/en{article.get_absolute_url()}",
        reverse("articles:article_versions", kwargs={"slug": article.slug}),
        f"/api/v1/stories/{article.slug}/",
    ]


LISTS = [FRONT, "/verifications/", "/flux/articles.rss", "/sitemap-news.xml", "/api/v1/stories/"]


def test_a_publication_keeps_other_stories_pages_and_forgets_the_lists(
    client, stories, journalist, editor
):
    _first, second = stories
    warm(client, *outputs(second), *LISTS)
    # A story by the first story's author: the second story shows nothing of it.
    article = make_article(status=Status.VERIFIED, author=journalist, title="Nouveau marché bio")
    workflow.apply_transition(article=article, user=editor, name="publish")
    assert all(cached(client, url) for url in outputs(second))
    for url in LISTS:
        response = client.get(url)
        assert response["X-Cache"] == "miss", url
    assert "Nouveau marché bio" in client.get(FRONT).content.decode()


def test_a_publication_keeps_its_authors_other_pages_whose_count_catches_up(
    client, stories, journalist, editor, time_machine
):
    """The author boxes' counts are not the record: a publication does not forget every
    page of a prolific author; a cached page shows the new count once it expires
    (PAGE_CACHE_SECONDS, 300 s here), never later."""
    first, _second = stories
    warm(client, first.get_absolute_url())
    article = make_article(status=Status.VERIFIED, author=journalist, title="Marché bio")
    workflow.apply_transition(article=article, user=editor, name="publish")
    assert cached(client, first.get_absolute_url())
    time_machine.move_to(timezone.now() + timezone.timedelta(seconds=301), tick=True)
    page = client.get(first.get_absolute_url())
    assert page["X-Cache"] == "miss"
    box = parse(page.content.decode()).find("aside", cls="author-box")
    assert "2 articles publiés" in box.text


def test_a_correction_forgets_the_corrected_story_only(
    client, stories, editor, second_editor, ratings
):
    first, second = stories
    add_claim(first, ratings["faux"], first.sources.all())
    warm(client, *outputs(first), *outputs(second), FRONT)
    approve_change(first, editor, second_editor, note="La halle rouvre le 3 mai, pas le 2.")
    assert "La halle rouvre le 3 mai" in client.get(first.get_absolute_url()).content.decode()
    assert not any(cached(client, url) for url in outputs(first)[1:])
    assert all(cached(client, url) for url in outputs(second))
    assert not cached(client, FRONT)


def test_a_withdrawal_forgets_the_story_and_the_lists_not_the_others(client, stories, editor):
    first, second = stories
    warm(client, *outputs(first), *outputs(second), *LISTS)
    workflow.apply_transition(
        article=first, user=editor, name="withdraw", comment="Témoignage non confirmé."
    )
    for url in outputs(first):
        assert client.get(url).status_code == 410, url
    assert first.title not in client.get(FRONT).content.decode()
    assert all(cached(client, url) for url in outputs(second))


def test_writing_a_draft_with_a_new_tag_and_a_new_outlet_forgets_nothing(
    client, stories, journalist
):
    first, second = stories
    warm(client, *outputs(first), *LISTS)
    draft = make_article(status=Status.DRAFT, author=journalist, title="Brouillon")
    with edit_story(article=draft, user=journalist) as edit:
        edit.article.introduction = "Un paragraphe de plus."
        edit.article.save()
        edit.article.tags.add("Un sujet jamais traité")
    services.outlet_for(name="Le Courrier du Cotentin", url="https://courrier.example/a")
    assert all(cached(client, url) for url in [*outputs(first), *LISTS])


@pytest.mark.parametrize("change", ["region", "outlet", "rating"])
def test_names_every_page_may_show_forget_everything(client, stories, ratings, change):
    first, second = stories
    warm(client, *outputs(first), *outputs(second), FRONT)
    if change == "region":
        first.region.name = "Normandie (région)"
        first.region.save()
    elif change == "outlet":
        outlet = first.sources.first().outlet
        outlet.name = "Mairie de Coutances (Manche)"
        outlet.save()
    else:
        ratings["faux"].description = "Le contraire est établi."
        ratings["faux"].save()
    assert not any(cached(client, url) for url in [*outputs(first), *outputs(second), FRONT])


def test_a_renamed_story_no_longer_serves_its_old_cached_page(client, stories, editor):
    first, _second = stories
    old_url = first.get_absolute_url()
    warm(client, old_url)
    old_slug = first.slug
    Article.objects.filter(pk=first.pk).update(slug="halle-coutances")
    first.refresh_from_db()
    change_slug(article=first, user=editor, old_slug=old_slug)
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == "/articles/halle-coutances/"


def test_an_evicted_generation_never_brings_an_old_page_back(
    client, stories, editor, second_editor, ratings
):
    """Story generations live in the page cache with a timeout and may be evicted: the
    one that replaces it is newer than any the old pages were stored under."""
    first, _second = stories
    add_claim(first, ratings["faux"], first.sources.all())
    warm(client, first.get_absolute_url())
    approve_change(first, editor, second_editor, note="La halle rouvre le 3 mai, pas le 2.")
    cache.delete(pagecache.GENERATION_KEY % pagecache.story_scope(first.slug))
    page = client.get(first.get_absolute_url()).content.decode()
    assert "La halle rouvre le 3 mai" in page


def test_a_story_page_that_was_never_changed_survives_other_publications(
    client, stories, editor, other_journalist
):
    """A story without a generation of its own keeps the one it was first read with."""
    first, _second = stories
    cache.delete(pagecache.GENERATION_KEY % pagecache.story_scope(first.slug))
    warm(client, first.get_absolute_url())
    for n in range(3):
        article = make_article(status=Status.VERIFIED, author=other_journalist, title=f"Brève {n}")
        workflow.apply_transition(article=article, user=editor, name="publish")
    assert cached(client, first.get_absolute_url())


def test_pages_are_keyed_by_their_scope():
    assert pagecache.scope_of("/articles/halle-coutances/") == "story:halle-coutances"
    assert pagecache.scope_of("/en/articles/halle-coutances/versions/2/") == (
        "story:halle-coutances"
    )
    assert pagecache.scope_of("/api/v1/stories/halle-coutances/") == "story:halle-coutances"
    for path in ("/", "/regions/normandie/", "/articles/", "/api/v1/stories/", "/recherche/"):
        assert pagecache.scope_of(path) == pagecache.LISTS, path


def test_unknown_story_addresses_write_nothing_to_the_cache(client, stories):
    """Anyone can ask for /articles/<anything>/: a 404 keeps no page and no generation,
    so made-up addresses cannot fill the cache and push real pages out."""
    first, _second = stories
    for n in range(20):
        assert client.get(f"/articles/inconnu-{n}/").status_code == 404
        assert cache.get(pagecache.GENERATION_KEY % pagecache.story_scope(f"inconnu-{n}")) is None
    warm(client, first.get_absolute_url())
    assert cache.get(pagecache.GENERATION_KEY % pagecache.story_scope(first.slug)) is not None
