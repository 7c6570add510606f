"""List cards rendered once per worker (articles/templatetags/cards.py), and the list
JSON-LD's story addresses computed without a reversal per story."""

import pytest
from django.urls import NoReverseMatch
from django.utils import translation

from articles import structured_data
from articles.models import Article
from articles.templatetags import cards
from articles.templatetags.cards import STORY_CARDS, story_cards
from tests.factories import approve_change, make_article, verifiable
from tests.reader_site import page

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """The slugs of the cards rendered through the template, in order."""
    seen = []
    render = cards._render

    def counted(article, level):
        seen.append(article.slug)
        return render(article, level)

    monkeypatch.setattr(cards, "_render", counted)
    return seen


def listed(*stories):
    return list(Article.objects.filter(pk__in=[s.pk for s in stories]).for_listing())


def test_a_card_is_rendered_once_per_version_address_language_and_level(client, renders):
    story = make_article(status="published", title="Lessay : la foire Sainte-Croix ouvre")
    first = page(client, "/").find("li", cls="story-card")
    assert first.find("a").text == "Lessay : la foire Sainte-Croix ouvre"
    assert renders == [story.slug]
    again = page(client, "/").find("li", cls="story-card")
    assert str(again) == str(first)
    assert renders == [story.slug]  # kept: not rendered again
    page(client, "/en/")  # another language, another card
    assert renders == [story.slug, story.slug]
    with translation.override("fr"):
        story_cards(listed(story), 2)  # another heading level, another card
    assert renders == [story.slug] * 3


def test_a_kept_card_is_the_one_the_template_gives(renders):
    story = make_article(status="published", title="Carentan : « l’écluse » & <le port>")
    (article,) = listed(story)
    with translation.override("fr"):
        kept = story_cards([article], 2)
        assert story_cards([article], 2) == kept
        assert kept == cards.get_template("includes/_story_card.html").render(
            {"article": article, "card": article.card, "h": 2}
        )
    assert "« l’écluse » &amp; &lt;le port&gt;" in kept


def test_a_new_version_or_address_gets_a_new_card(client, journalist, editor, second_editor):
    story = make_article(
        status="published", title="Périers : la mare aux oiseaux rouvre", author=journalist
    )
    verifiable(story)
    page(client, "/")
    approve_change(story, editor, second_editor, title="Périers : la mare aux oiseaux restaurée")
    card = page(client, "/").find("li", cls="story-card")
    assert card.find("a").text == "Périers : la mare aux oiseaux restaurée"

    Article.objects.filter(pk=story.pk).update(slug="periers-mare-restauree")
    card = page(client, "/").find("li", cls="story-card")
    assert card.find("a").attrs["href"] == "/articles/periers-mare-restauree/"


def test_the_store_keeps_the_last_cards_only(monkeypatch, renders):
    monkeypatch.setattr(cards, "CARDS", 2)
    stories = [make_article(status="published", title=f"Brève {n}") for n in range(3)]
    articles = listed(*stories)
    with translation.override("fr"):
        story_cards(articles, 3)
        assert len(STORY_CARDS._cards) == 2
        story_cards(articles[-2:], 3)  # the last two are still kept
    assert len(renders) == 3


def test_a_story_without_a_published_version_is_rendered_each_time(renders):
    story = make_article(status="published", title="Brève d’avant le registre")
    Article.objects.filter(pk=story.pk).update(current_version=None)
    (article,) = listed(story)
    with translation.override("fr"):
        html = story_cards([article], 3)
        story_cards([article], 3)
    assert "Brève d’avant le registre" in html
    assert renders == [story.slug, story.slug]
    assert not STORY_CARDS._cards


@pytest.mark.parametrize("language", ["fr", "en"])
def test_list_addresses_are_each_storys_address_in_the_default_language(language):
    stories = [
        make_article(status="published", title="Agon-Coutainville : le phare"),
        make_article(status="published", title="Gouville : les cabines"),
    ]
    with translation.override(language):
        paths = structured_data.story_paths(stories)
    with translation.override("fr"):
        assert paths == [story.get_absolute_url() for story in stories]


def test_a_slug_no_address_can_hold_fails_as_its_reversal_does():
    odd = Article(slug="été-à-gouville")
    with pytest.raises(NoReverseMatch):
        odd.get_absolute_url()
    with pytest.raises(NoReverseMatch):
        structured_data.story_paths([odd])


def test_claim_cards_are_kept_per_verdict_filter(client, monkeypatch):
    from factcheck.templatetags import factcheck as tags
    from tests.reader_site import build_world

    world = build_world()
    rendered = []
    render = tags._claim_cards

    def counted(story):
        rendered.append(story.slug)
        return render(story)

    monkeypatch.setattr(tags, "_claim_cards", counted)
    first = page(client, "/verifications/").find("li", cls="claim-card")
    assert first.find("h2").text == f"Affirmation sur {world.public.slug}"
    assert str(page(client, "/verifications/").find("li", cls="claim-card")) == str(first)
    assert rendered == [world.public.slug]
    filtered = page(client, "/verifications/?verdict=faux").find("li", cls="claim-card")
    assert filtered.find("span", cls="badge").attrs["class"] == "badge verdict-faux"
    assert rendered == [world.public.slug] * 2  # another filter, another card
    page(client, "/verifications/?verdict=vrai", status=200)
    assert rendered == [world.public.slug] * 2  # no story has a true claim: no card
