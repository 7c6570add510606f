"""Every public page type's JSON-LD, checked against the schema.org vocabulary (types
exist, each property is allowed on its type, each value is of an expected type), not
only by assertions on chosen properties. tests/schemaorg/README.md says where the
vocabulary comes from."""

import datetime
import json

import pytest

from articles.models import ArticleAuthor, Author, AuthorLink, Correction, Status
from factcheck import feed as feed_module
from factcheck.models import Claim, ClaimAppearance, Rating
from tests.factories import add_claim, add_sources, make_article, refreeze
from tests.reader_site import body, json_ld, page, path_of
from tests.schemaorg.validator import problems

pytestmark = pytest.mark.django_db


def newsroom():
    """A fact-check (with a claimant, appearances and sources), a corrected news story,
    an author with links, a tag: one of each public page type."""
    author = Author.objects.create(
        name="Léa Morel",
        slug="lea-morel",
        job_title="Journaliste",
        email="lea@example.org",
        expertise="marées, ports",
    )
    AuthorLink.objects.create(author=author, label="Mastodon", url="https://social.example/@lea")
    factcheck = make_article(status=Status.PUBLISHED, work_type="factcheck", slug="bassin")
    news = make_article(status=Status.PUBLISHED, work_type="news", slug="digue")
    for article in (factcheck, news):
        ArticleAuthor.objects.create(article=article, author=author)
        article.tags.add("marées")
    sources = add_sources(factcheck, "Préfecture de la Manche", "Ouest-France")
    claim = add_claim(factcheck, Rating.objects.get(slug="faux"), sources)
    Claim.objects.filter(pk=claim.pk).update(
        claimant="Jean Dupont", claimant_kind=Claim.ClaimantKind.PERSON
    )
    ClaimAppearance.objects.create(
        claim=claim, url="https://social.example/share", appeared_on=datetime.date(2026, 6, 2)
    )
    add_claim(factcheck, Rating.objects.get(slug="trompeur"), sources, label="Photo du bassin")
    refreeze(factcheck)
    add_claim(news, Rating.objects.get(slug="faux"), add_sources(news, "Mairie de Granville"))
    Correction.objects.create(article=news, text="L'horaire était 9 h, pas 8 h.")
    refreeze(news)
    return {
        "fact-check story": path_of(factcheck),
        "corrected story": path_of(news),
        "author": path_of(author),
        "region": "/regions/normandie/",
        "tag": "/tags/marees/",
        "front": "/",
        "fact-check index": "/verifications/",
    }


def test_every_public_page_type_speaks_schema_org(client, monkeypatch):
    """Story, fact-check story, corrected story, author, region, tag, front page, index
    and each page of the DataFeed: no unknown type or property, no misplaced value."""
    paths = newsroom()
    for name, path in paths.items():
        items = json_ld(page(client, path))
        assert items, name
        assert problems(items) == [], name
    monkeypatch.setattr(feed_module, "PAGE_SIZE", 1)
    url, pages = "/verifications/claimreview.json", 0
    while url:
        response = client.get(url)
        assert problems(json.loads(body(response))) == [], url
        pages += 1
        url = response.get("Link", "").partition("<")[2].partition(">")[0]
    assert pages == 2


@pytest.mark.parametrize(
    ("node", "problem"),
    [
        ({"@type": "NewsArticel"}, "$: unknown type 'NewsArticel'"),
        ({"@type": "NewsArticle", "verdict": "Faux"}, "$.verdict: unknown property"),
        ({"@type": "Person", "headline": "x"}, "$.headline: not a property of ['Person']"),
        (
            {"@type": "ClaimReview", "author": {"@type": "Place", "name": "Caen"}},
            "$.author: ['Place'] where ['Organization', 'Person'] is expected",
        ),
        (
            {"@type": "NewsArticle", "datePublished": "hier"},
            "$.datePublished: 'hier' is not a value of ['Date', 'DateTime']",
        ),
        (
            {"@type": "Rating", "ratingValue": True},
            "$.ratingValue: a boolean where ['Number', 'Text'] is expected",
        ),
        (
            {"@type": "NewsArticle", "isAccessibleForFree": "oui"},
            "$.isAccessibleForFree: 'oui' is not a value of ['Boolean']",
        ),
    ],
)
def test_the_validator_finds_what_schema_org_does_not_allow(node, problem):
    """The validator names a misspelt type, an unknown or misplaced property, and a value
    of the wrong type (it is the test above's instrument, so it is tested too)."""
    assert problem in problems(node)


def test_the_validator_accepts_references_and_enumerations():
    """A node given by its @id alone, an enumeration member and a URL where a Thing or
    URL is expected are valid."""
    node = {
        "@type": "CollectionPage",
        "publisher": {"@id": "https://a.example/#organization"},
        "mainEntity": {
            "@type": "ItemList",
            "itemListOrder": "https://schema.org/ItemListOrderDescending",
            "itemListElement": [{"@type": "ListItem", "position": 1, "url": "https://a.example/"}],
            "mainEntityOfPage": "https://a.example/liste/",
        },
    }
    assert problems(node) == []
