"""Public fact-check pages: the index and its filters, the verdict scale and its colours."""

import re

import pytest
from django.core.cache import cache

from articles.models import Article, Region
from factcheck.models import Claim, Rating
from tests.factories import add_claim, make_article
from tests.html import listed_stories
from tests.reader_site import body, page, path_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims(db):
    ratings = {rating.slug: rating for rating in Rating.objects.all()}
    normandie = make_article(status="published", slug="caen")
    lille = make_article(
        status="published", slug="lille", region=Region.objects.get(slug="hauts-de-france")
    )
    calvados = Region.objects.filter(parent__slug="normandie").first()
    bayeux = make_article(status="published", slug="bayeux", region=calvados)
    draft = make_article(status="draft", slug="brouillon")
    return {
        "caen": add_claim(normandie, ratings["faux"], label="Le pont de Caen fermé"),
        "lille": add_claim(lille, ratings["trompeur"], label="La cantine de Lille"),
        "bayeux": add_claim(bayeux, ratings["trompeur"], label="La tapisserie de Bayeux"),
        "draft": add_claim(draft, ratings["faux"], label="Affirmation du brouillon"),
    }


def labels(client, url):
    document = page(client, url)
    return {h2.text for h2 in document.find_all("h2", cls="card-title")}


def test_index_lists_claims_of_public_stories(client, claims):
    """The fact-check index lists every claim of a public story, none of a draft."""
    assert labels(client, "/verifications/") == {
        "Le pont de Caen fermé",
        "La cantine de Lille",
        "La tapisserie de Bayeux",
    }


def test_each_claim_links_to_its_anchor_with_its_verdict(client, claims):
    """Each entry shows the verdict badge and links to the claim's anchor on its story."""
    document = page(client, "/verifications/")
    claim = claims["caen"]
    link = next(a for a in document.find_all("a") if a.text == claim.label)
    assert link.attrs["href"] == f"{path_of(claim.article)}#affirmation-{claim.pk}"
    card = link.parent.parent
    assert card.find("span", cls="badge").text == "Faux"


def test_the_index_shows_claims_as_published_not_as_edited_since(client, claims):
    """A claim being changed in the newsroom keeps its published label and verdict on
    the index until the change is approved (a new published version)."""
    claim = claims["caen"]
    Claim.objects.filter(pk=claim.pk).update(
        label="Libellé en cours de relecture", rating=Rating.objects.get(slug="vrai")
    )
    Article.objects.filter(pk=claim.article_id).update(title="Titre pas encore approuvé")
    document = page(client, "/verifications/")
    link = next(a for a in document.find_all("a") if a.text == "Le pont de Caen fermé")
    assert link.parent.parent.find("span", cls="badge").text == "Faux"
    text = body(client.get("/verifications/"))
    assert "Libellé en cours de relecture" not in text
    assert "Titre pas encore approuvé" not in text


def test_filter_by_verdict(client, claims):
    """Choosing a verdict keeps the claims with that verdict."""
    assert labels(client, "/verifications/?verdict=trompeur") == {
        "La cantine de Lille",
        "La tapisserie de Bayeux",
    }


def test_kept_claim_cards_follow_the_filter_the_language_and_each_new_version(client, claims):
    """Each story's claim cards are kept rendered per worker: a filter, the other
    language and a new published version each get their own, never another's."""
    from tests.factories import refreeze

    bayeux = claims["bayeux"].article
    add_claim(bayeux, Rating.objects.get(slug="faux"), label="Le musée de Bayeux fermé")
    refreeze(bayeux)
    assert {"La tapisserie de Bayeux", "Le musée de Bayeux fermé"} <= labels(
        client, "/verifications/"
    )
    assert "Le musée de Bayeux fermé" not in labels(client, "/verifications/?verdict=trompeur")
    assert "Le musée de Bayeux fermé" in labels(client, "/verifications/?verdict=faux")
    english = body(client.get("/en/verifications/"))
    assert 'lang="en"' in english or "/en/" in english
    french_date = page(client, "/verifications/").find("time")
    english_date = page(client, "/en/verifications/").find("time")
    assert french_date.text != english_date.text
    Claim.objects.filter(article=bayeux, label="Le musée de Bayeux fermé").update(
        label="Le musée de Bayeux rouvert"
    )
    refreeze(bayeux)
    assert "Le musée de Bayeux rouvert" in labels(client, "/verifications/?verdict=faux")


def test_filter_by_region_includes_places_inside_it(client, claims):
    """Choosing a region keeps its claims and those of its départements."""
    assert labels(client, "/verifications/?region=normandie") == {
        "Le pont de Caen fermé",
        "La tapisserie de Bayeux",
    }
    assert labels(client, "/verifications/?region=normandie&verdict=trompeur") == {
        "La tapisserie de Bayeux"
    }


def test_unknown_filters_are_ignored(client, claims):
    """An unknown verdict or region shows the whole index rather than an error."""
    assert len(labels(client, "/verifications/?verdict=nope&region=atlantide")) == 3


def test_filters_show_the_current_choice(client, claims):
    """The filter form keeps the chosen verdict and region selected, with labelled fields."""
    document = page(client, "/verifications/?verdict=faux&region=normandie")
    verdict = document.by_id("verdict")
    selected = [o.attrs["value"] for o in verdict.find_all("option") if "selected" in o.attrs]
    assert selected == ["faux"]
    region = document.by_id("region")
    selected = [o.attrs["value"] for o in region.find_all("option") if "selected" in o.attrs]
    assert selected == ["normandie"]
    assert document.find("label", **{"for": "verdict"}) and document.find(
        "label", **{"for": "region"}
    )


def test_pagination_keeps_the_filters(client, db):
    """Page links of a filtered index keep the filter."""
    faux = Rating.objects.get(slug="faux")
    for number in range(21):
        add_claim(make_article(status="published"), faux, label=f"Affirmation {number}")
    html = body(client.get("/verifications/?verdict=faux"))
    older = re.search(r'rel="next" href="\?verdict=faux&amp;(before=[^"]+)"', html)
    assert older
    second = client.get(f"/verifications/?verdict=faux&{older.group(1)}")
    assert len(listed_stories(body(second))) == 1


def test_methodology_page_shows_the_verdict_scale_from_the_data(client, db):
    """The methodology page's verdict table lists each verdict as editors wrote it."""
    Rating.objects.filter(slug="satire").update(label="Satire ou parodie")
    document = page(client, "/pages/methodologie/")
    table = document.find("table", cls="verdict-scale")
    rows = table.find("tbody").find_all("tr")
    assert [row.find("span", cls="badge").text for row in rows] == list(
        Rating.objects.values_list("label", flat=True)
    )
    assert "Satire ou parodie" in table.text
    faux = next(row for row in rows if row.find("span", cls="badge").text == "Faux")
    assert "1 / 5" in faux.text


def test_verdict_colours_come_from_the_scale(client, db):
    """The verdict stylesheet gives each badge its colour from the scale."""
    response = client.get("/verifications/verdicts.css")
    assert response["Content-Type"].startswith("text/css")
    css = body(response)
    for rating in Rating.objects.all():
        assert f".verdict-{rating.slug}{{background:{rating.colour}}}" in css


def test_verdict_stylesheet_ignores_a_malformed_colour(client, db):
    """A colour saved without validation cannot inject CSS into the stylesheet."""
    Rating.objects.filter(slug="faux").update(colour="}*{a:b")  # fits the 7-character column
    cache.clear()
    css = body(client.get("/verifications/verdicts.css"))
    assert "*{a:b" not in css
    assert ".verdict-faux" not in css
    assert ".verdict-trompeur{background:#6a1b9a}" in css


def test_badge_text_is_the_verdict_label_on_the_story(client, claims):
    """On the story page the badge shows the verdict as named in the scale."""
    claim = claims["lille"]
    document = page(client, path_of(claim.article))
    node = document.by_id(claim.anchor)
    assert node.find("span", cls="badge").text == "Trompeur"
    assert "verdict-trompeur" in node.find("span", cls="badge").classes
