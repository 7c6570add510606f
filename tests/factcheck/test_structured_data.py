"""JSON-LD on story pages and the ClaimReview DataFeed, checked field by field against the page."""

import datetime
import json

import pytest
from django.conf import settings
from django.utils import timezone

from articles.models import ArticleAuthor, Author, Correction, SitePage
from factcheck.models import Claim, ClaimAppearance, Rating
from tests.factories import add_claim, add_sources, make_article, refreeze
from tests.html import parse, script_problems
from tests.reader_site import (
    ISO_WITH_OFFSET,
    body,
    build_world,
    json_ld,
    page,
    path_of,
)

pytestmark = pytest.mark.django_db

SCHEMA_TYPES = {
    "news": "ReportageNewsArticle",
    "analysis": "AnalysisNewsArticle",
    "opinion": "OpinionNewsArticle",
    "explainer": "BackgroundNewsArticle",
    "factcheck": "NewsArticle",
}


def full_story(**fields):
    """A public fact-check with two authors, tags, a correction and three claims:
    one rated on the scale, one rated off the scale, one not rated yet."""
    ratings = {rating.slug: rating for rating in Rating.objects.all()}
    article = make_article(
        status="published",
        work_type=fields.pop("work_type", "factcheck"),
        original_url="https://radio.example/granville",
        **fields,
    )
    for position, (name, slug) in enumerate([("Léa Morel", "lea"), ("Hugo Perrin", "hugo")]):
        author = Author.objects.create(name=name, slug=slug, job_title="Journaliste")
        ArticleAuthor.objects.create(article=article, author=author, position=position)
    article.tags.add("marées", "Granville")
    Correction.objects.create(article=article, text="L'horaire d'ouverture était 9 h, pas 8 h.")
    primary, coverage = add_sources(article, "Mairie de Granville", "Ouest-France")
    rated = add_claim(
        article, ratings["faux"], [primary, coverage], label="Fermeture estivale", appeared_on=None
    )
    rated.claimant, rated.claimant_kind = "Jean Dupont", Claim.ClaimantKind.PERSON
    rated.save()
    ClaimAppearance.objects.create(
        claim=rated,
        url="https://social.example/first",
        appeared_on=datetime.date(2026, 6, 1),
        archived_url="https://archive.example/first",
        is_first=True,
    )
    ClaimAppearance.objects.create(
        claim=rated, url="https://social.example/share", appeared_on=datetime.date(2026, 6, 2)
    )
    misleading = add_claim(
        article, ratings["trompeur"], [primary], label="Photo du bassin vide", appeared_on=None
    )
    misleading.claimant, misleading.claimant_kind = "Page Facebook", Claim.ClaimantKind.SOCIAL
    misleading.save()
    add_claim(article, None, [], label="Prix du billet")
    return article


def graph_of(client, article, prefix=""):
    document = page(client, prefix + path_of(article))
    items = json_ld(document)
    articles = [item for item in items if item["@type"] != "ClaimReview"]
    assert len(articles) == 1
    return document, articles[0], [item for item in items if item["@type"] == "ClaimReview"]


@pytest.mark.parametrize(("work_type", "schema_type"), SCHEMA_TYPES.items())
def test_type_follows_the_type_of_work(client, db, work_type, schema_type):
    """Each type of work is announced as the matching schema.org NewsArticle subtype."""
    article = make_article(status="published", work_type=work_type)
    _document, data, _reviews = graph_of(client, article)
    assert data["@type"] == schema_type


def test_news_article_matches_the_page(client, db):
    """Headline, dates, authors, publisher, place, tags, language and corrections match the page."""
    article = full_story()
    document, data, _reviews = graph_of(client, article)
    url = settings.SITE_URL + path_of(article)

    assert data["headline"] == document.find("h1").text == article.title
    assert data["description"] == article.introduction
    assert data["url"] == data["mainEntityOfPage"] == url
    assert document.find("link", rel="canonical").attrs["href"] == url
    assert data["inLanguage"] == "fr" == document.find("article", cls="story").attrs["lang"]
    assert data["isBasedOn"] == article.original_url

    for key in ("datePublished", "dateModified"):
        assert ISO_WITH_OFFSET.match(data[key]), data[key]
    shown = document.find("p", cls="dates").find("time").attrs["datetime"]
    assert datetime.datetime.fromisoformat(data["datePublished"]) == (
        datetime.datetime.fromisoformat(shown).replace(microsecond=0)
    )

    authors = data["author"]
    assert [a["@type"] for a in authors] == ["Person", "Person"]
    assert [a["name"] for a in authors] == ["Léa Morel", "Hugo Perrin"]
    byline = [a.attrs["href"] for a in document.find("p", cls="byline").find_all("a")]
    assert [a["url"] for a in authors] == [settings.SITE_URL + href for href in byline]

    publisher = data["publisher"]
    assert publisher["@type"] == "NewsMediaOrganization"
    assert publisher["name"] == settings.SITE_NAME
    assert publisher["logo"]["url"].startswith(settings.SITE_URL + "/media/renditions/site/")
    pages = {p.kind: settings.SITE_URL + path_of(p) for p in SitePage.objects.all()}
    assert publisher["publishingPrinciples"] == pages["methodology"]
    assert publisher["verificationFactCheckingPolicy"] == pages["methodology"]
    assert publisher["correctionsPolicy"] == pages["corrections_policy"]
    assert publisher["ownershipFundingInfo"] == pages["ownership"]
    assert publisher["masthead"] == pages["team"]
    footer = {a.attrs["href"] for a in document.find("footer", cls="site-footer").find_all("a")}
    assert {url.removeprefix(settings.SITE_URL) for url in pages.values()} <= footer

    assert data["contentLocation"]["name"] == "Normandie"
    assert "Normandie" in document.find("p", cls="kicker").text
    tag_names = [a.text for a in document.find("nav", cls="tags").find_all("a")]
    assert sorted(data["keywords"]) == sorted(tag_names) == ["Granville", "marées"]

    [correction] = data["correction"]
    assert correction["@type"] == "CorrectionComment"
    assert correction["text"] == "L'horaire d'ouverture était 9 h, pas 8 h."
    assert ISO_WITH_OFFSET.match(correction["datePublished"])
    assert correction["text"] in document.by_id("corrections").parent.text


def test_one_claim_review_per_rated_claim(client, db):
    """Each rated claim has a ClaimReview pointing at its anchor, with the verdict as shown."""
    article = full_story()
    document, data, reviews = graph_of(client, article)
    claims = {claim.anchor: claim for claim in article.claims.select_related("rating")}
    assert len(reviews) == 2  # the unrated claim has none
    url = settings.SITE_URL + path_of(article)
    for review in reviews:
        base, anchor = review["url"].split("#")
        assert base == url
        claim = claims[anchor]
        node = document.by_id(anchor)
        assert node is not None, anchor
        assert review["claimReviewed"] == claim.label == node.find("h3").text
        assert len(review["claimReviewed"]) <= 75
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating"
        assert rating["alternateName"] == node.find("span", cls="badge").text
        assert review["@id"] == review["url"]  # stable: the claim's anchor
        author = review["author"]
        assert author["@id"] == data["publisher"]["@id"] == settings.SITE_URL + "/#organization"
        assert author["name"] == settings.SITE_NAME
        assert author["logo"] == data["publisher"]["logo"]
        assert review["datePublished"] == data["datePublished"]
        assert review["itemReviewed"]["@type"] == "Claim"
        assert review["itemReviewed"]["text"] == claim.statement
        explanation = node.find("div", cls="explanation").text.strip()
        assert rating["ratingExplanation"] == explanation

    faux = next(r for r in reviews if r["claimReviewed"] == "Fermeture estivale")
    assert faux["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Faux",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
        "ratingExplanation": "La mairie a publié l'arrêté d'ouverture.",
    }
    item = faux["itemReviewed"]
    assert item["author"] == {"@type": "Person", "name": "Jean Dupont"}
    assert item["datePublished"] == "2026-06-01"
    assert item["firstAppearance"] == {
        "@type": "CreativeWork",
        "url": "https://social.example/first",
        "datePublished": "2026-06-01",
        "archivedAt": "https://archive.example/first",
    }
    # `appearance` lists the other appearances, not the first one again.
    assert item["appearance"] == [
        {
            "@type": "CreativeWork",
            "url": "https://social.example/share",
            "datePublished": "2026-06-02",
        }
    ]

    misleading = next(r for r in reviews if r["claimReviewed"] == "Photo du bassin vide")
    assert misleading["reviewRating"]["alternateName"] == "Trompeur"
    assert "ratingValue" not in misleading["reviewRating"]
    # A social media account is named as shown, not passed off as an Organization.
    assert misleading["itemReviewed"]["author"] == {"name": "Page Facebook"}
    assert "firstAppearance" not in misleading["itemReviewed"]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (Claim.ClaimantKind.PERSON, {"@type": "Person", "name": "Compte X"}),
        (Claim.ClaimantKind.ORGANISATION, {"@type": "Organization", "name": "Compte X"}),
        (Claim.ClaimantKind.SOCIAL, {"name": "Compte X"}),
        (Claim.ClaimantKind.UNKNOWN, {"name": "Compte X"}),
    ],
)
def test_only_known_people_and_organisations_are_typed(client, db, kind, expected):
    """An anonymous or social account is never typed as an Organization in the Claim."""
    article = make_article(status="published")
    claim = add_claim(article, Rating.objects.get(slug="faux"), label="Le bac fermé")
    Claim.objects.filter(pk=claim.pk).update(claimant="Compte X", claimant_kind=kind)
    refreeze(article)
    _doc, _data, [review] = graph_of(client, article)
    assert review["itemReviewed"]["author"] == expected


def test_english_interface_of_a_french_story_is_not_a_second_page(client, db):
    """/en/ of a French story: canonical and og:url name the French address, no
    hreflang="en" claim, and no second copy of the story's JSON-LD and ClaimReviews."""
    article = full_story()
    _doc, _french, french_reviews = graph_of(client, article)
    assert french_reviews
    document = page(client, "/en" + path_of(article))
    french_url = settings.SITE_URL + path_of(article)
    assert document.find("link", rel="canonical").attrs["href"] == french_url
    assert document.find("meta", property="og:url").attrs["content"] == french_url
    alternates = document.find_all("link", rel="alternate")
    assert [
        (a.attrs.get("hreflang"), a.attrs["href"]) for a in alternates if a.attrs.get("hreflang")
    ] == [("fr", french_url)]
    assert json_ld(document) == []
    for review in french_reviews:
        assert document.by_id(review["url"].split("#")[1]) is not None  # same anchors


def test_hostile_title_stays_inside_the_json_ld(client, db):
    """A title with </script><script>alert(1)</script> stays text inside the JSON-LD element."""
    hostile = 'Granville </script><script>alert(1)</script> <!-- & "quotes"'
    article = make_article(status="published", title=hostile)
    add_claim(article, Rating.objects.get(slug="faux"), label="</script><script>alert(2)</script>")
    html = body(client.get(article.get_absolute_url()))
    document = parse(html)
    scripts = document.find_all("script")
    assert [s.attrs.get("type") for s in scripts] == ["application/ld+json"]
    assert "<script>alert" not in html
    problems = script_problems(html, allowed_tags={"script", "meta", "link", "form"})
    assert problems == []
    items = json_ld(document)
    assert items[0]["headline"] == hostile
    assert items[1]["claimReviewed"] == "</script><script>alert(2)</script>"
    assert document.find("h1").text == " ".join(hostile.split())


def test_lists_and_site_pages_describe_no_story(client, db):
    """Lists carry only their CollectionPage, site pages no JSON-LD: only story pages
    describe a story."""
    make_article(status="published")
    for url in ("/regions/normandie/", "/verifications/"):
        assert [item["@type"] for item in json_ld(page(client, url))] == ["CollectionPage"]
    assert json_ld(page(client, "/pages/methodologie/")) == []


def test_claimreview_feed_equals_the_pages(client, db):
    """claimreview.json is a DataFeed of exactly the ClaimReviews found on public story pages."""
    world = build_world()
    stories = [world.public, full_story(slug="second")]
    on_pages = []
    for story in stories:
        on_pages += graph_of(client, story)[2]
    response = client.get("/verifications/claimreview.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    feed = json.loads(body(response))
    assert feed["@context"] == "https://schema.org"
    assert feed["@type"] == "DataFeed"
    assert feed["url"] == settings.SITE_URL + "/verifications/claimreview.json"
    assert ISO_WITH_OFFSET.match(feed["dateModified"])
    elements = feed["dataFeedElement"]
    assert {element["@type"] for element in elements} == {"DataFeedItem"}
    reviews = [element["item"] for element in elements]
    assert len(reviews) == len(on_pages) == 3
    key = lambda review: review["url"]  # noqa: E731
    assert sorted(reviews, key=key) == sorted(on_pages, key=key)
    for element in elements:
        assert element["dateCreated"] == element["item"]["datePublished"]
    assert "zzhidden" not in json.dumps(feed)


def test_claimreview_feed_is_newest_first(client, db):
    """The DataFeed lists the most recently published stories' reviews first."""
    now = timezone.now()
    faux = Rating.objects.get(slug="faux")
    old = make_article(status="published", published_at=now - timezone.timedelta(days=3))
    new = make_article(status="published", published_at=now - timezone.timedelta(hours=1))
    add_claim(old, faux, label="Ancienne")
    add_claim(new, faux, label="Récente")
    feed = json.loads(body(client.get("/verifications/claimreview.json")))
    reviews = [element["item"] for element in feed["dataFeedElement"]]
    assert [review["claimReviewed"] for review in reviews] == ["Récente", "Ancienne"]


def test_front_page_describes_the_newsroom_and_the_website(client, db):
    """The front page carries the NewsMediaOrganization (logo, policy pages) and the
    WebSite with its search, linked by @id; no story is described there."""
    make_article(status="published")
    items = json_ld(page(client, "/"))
    types = [item["@type"] for item in items]
    assert types == ["NewsMediaOrganization", "WebSite", "CollectionPage"]
    organization, site, _page = items
    assert organization["@id"] == settings.SITE_URL + "/#organization"
    assert organization["logo"]["url"].startswith(settings.SITE_URL)
    assert organization["publishingPrinciples"] == settings.SITE_URL + "/pages/methodologie/"
    assert site["publisher"] == {"@id": organization["@id"]}
    template = site["potentialAction"]["target"]["urlTemplate"]
    assert template == settings.SITE_URL + "/recherche/?q={search_term_string}"
    search = template.removeprefix(settings.SITE_URL).format(search_term_string="bac")
    assert client.get(search).status_code == 200
