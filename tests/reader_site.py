"""Helpers for the reader-site tests: pages parsed (tests/html.py), JSON-LD, a world of stories.

`build_world()` makes one public story and one story in every state that is
not public, each with a distinctive title, slug, claim and correction, so
that a test can look for them anywhere public.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from django.core.management import call_command
from django.utils import timezone

from articles.models import Author, Correction, Quote, Status
from factcheck.models import ClaimAppearance, Rating
from tests.factories import add_claim, add_sources, archived, make_article, refreeze
from tests.html import Node, parse


def body(response) -> str:
    """The decoded body of a response, streamed or not."""
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def page(client, url, status=200, **extra):
    """GET `url`, check the status, and return the parsed page."""
    response = client.get(url, **extra)
    assert response.status_code == status, (url, response.status_code)
    return parse(body(response))


def json_ld(document: Node) -> list[dict]:
    """Every JSON-LD object of the page, the @graph flattened."""
    items = []
    for script in document.find_all("script", type="application/ld+json"):
        data = json.loads(script.text)
        items.extend(data.get("@graph", [data]))
    return items


ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?([+-]\d\d:\d\d|Z)$")

# States a story can be in without being public, and what makes each one so.
HIDDEN_STATES = ("draft", "submitted", "verified", "scheduled", "withdrawn")


@dataclass
class World:
    author: Author
    public: object
    hidden: dict = field(default_factory=dict)

    def hidden_markers(self):
        """Strings that only non-public stories contain: titles, slugs, claims, corrections."""
        for article in self.hidden.values():
            yield article.title
            yield article.slug
            yield from article.claims.values_list("label", flat=True)
            yield from article.corrections.values_list("text", flat=True)


def _story(title, slug, status, author, ratings, extra_tags=(), **fields):
    article = make_article(title=title, slug=slug, status=status, author=author, **fields)
    article.tags.add("marées", *extra_tags)
    sources = add_sources(article, "Préfecture de la Manche", "Ouest-France")
    claim = add_claim(
        article, ratings["faux"], sources, label=f"Affirmation sur {slug}", appeared_on=None
    )
    appearance = archived(f"https://example.org/post/{slug}")  # the worker's copy
    ClaimAppearance.objects.create(
        claim=claim,
        url=appearance.url,
        appeared_on=timezone.localdate() - timezone.timedelta(days=2),
        is_first=True,
    )
    Correction.objects.create(article=article, text=f"Correction apportée à {slug}.")
    return refreeze(article)


def build_world() -> World:
    """One public story and one story per non-public state, all by the same author."""
    ratings = {rating.slug: rating for rating in Rating.objects.all()}
    author = Author.objects.create(name="Nina Quéré", slug="nina-quere", job_title="Reporter")
    now = timezone.now()
    public = _story(
        "Granville : le bassin de la plage du Plat Gousset rouvre",
        "granville-bassin-rouvre",
        Status.PUBLISHED,
        author,
        ratings,
        published_at=now - timezone.timedelta(hours=3),
    )
    world = World(author=author, public=public)
    hidden_fields = {
        "draft": {"status": Status.DRAFT},
        "submitted": {"status": Status.SUBMITTED},
        "verified": {"status": Status.VERIFIED},
        "scheduled": {
            "status": Status.PUBLISHED,
            "published_at": now + timezone.timedelta(hours=6),
        },
        "withdrawn": {
            "status": Status.WITHDRAWN,
            "published_at": now - timezone.timedelta(hours=5),
            "withdrawn_at": now - timezone.timedelta(hours=1),
            "withdrawal_reason": "Le témoignage principal n'a pas pu être confirmé.",
        },
    }
    for state, fields in hidden_fields.items():
        world.hidden[state] = _story(
            f"Histoire cachée {state} zzhidden",
            f"cachee-{state}-zzhidden",
            author=author,
            ratings=ratings,
            extra_tags=["zzhidden"],
            **fields,
        )
    return world


def add_quote(article, **fields):
    return Quote.objects.create(
        article=article,
        text=fields.pop("text", "Le bassin rouvrira samedi matin."),
        speaker=fields.pop("speaker", "Marie Lebas"),
        speaker_role=fields.pop("speaker_role", "adjointe au maire"),
        **fields,
    )


def seed_demo(settings):
    """Load the demo content (`manage.py seed_demo`) quickly."""
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from io import StringIO

    call_command("seed_demo", stdout=StringIO())
    settings.DEBUG = False


DEMO_STORY = "caen-peripherique-nord-coupe-apres-des-pluies-diluviennes"


SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def xml(response):
    import xml.etree.ElementTree as ET

    return ET.fromstring(body(response).encode())  # noqa: S314 - our own output


def sitemap_index_locations(client) -> list[str]:
    index = xml(client.get("/sitemap.xml"))
    assert index.tag == f"{SITEMAP_NS}sitemapindex"
    return [loc.text for loc in index.iter(f"{SITEMAP_NS}loc")]


def sitemap_pages(client):
    """The body of every sitemap page the index lists, fetched by path."""
    from urllib.parse import urlsplit

    for location in sitemap_index_locations(client):
        parts = urlsplit(location)
        response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
        assert response.status_code == 200, location
        yield body(response)


def path_of(obj) -> str:
    """`obj`'s French address (a request may leave another language active in the test)."""
    from django.utils import translation

    with translation.override("fr"):
        return obj.get_absolute_url()
