"""One page of each public type, on the demo's content: what the HTML checks
(tests/e2e/test_valid_html.py) and the frame's byte-for-byte test
(tests/newsroom/test_frame.py) visit."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.management import call_command
from PIL import Image

from articles.models import Article, SitePage, Status
from factcheck.models import ClaimAppearance, EvidenceCapture
from newsroom.pagination import PAGE_SIZE
from tests.factories import library_image, make_article, refreeze


@dataclass(frozen=True)
class PageType:
    name: str
    path: str
    status: int = 200
    post: bool = False  # the tip form, sent empty: shown again with its errors
    outage: bool = False  # served while the database is unreachable


def _png(width, height) -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (10, 80, 140)).save(buffer, "PNG")
    return ContentFile(buffer.getvalue())


def every_page_type() -> list[PageType]:
    """Load the demo, give one story a hero picture and its author a portrait, and
    name one page of each public type."""
    call_command("seed_demo", "--force", stdout=io.StringIO())
    public = Article.objects.published().order_by("-published_at")
    factcheck = public.filter(claims__rating__isnull=False).distinct().first()
    corrected = public.filter(corrections__isnull=False).distinct().first()
    plain = public.exclude(pk__in=[factcheck.pk, corrected.pk]).filter(corrections=None).first()
    withdrawn = Article.objects.filter(status=Status.WITHDRAWN).first()
    assert factcheck and corrected and plain and withdrawn, "the demo lost a kind of story"

    hero = library_image(
        "hero.png",
        alt="Le pont à marée basse, vu de la rive gauche",
        size=(1600, 900),
        caption="Le pont, un matin de semaine.",
        credit="Rédaction",
    )
    Article.objects.filter(pk=plain.pk).update(hero=hero)
    plain.refresh_from_db()
    refreeze(plain)
    author = plain.authors.first()
    author.photo.save("portrait.png", _png(600, 600), save=True)

    claim = factcheck.claims.filter(rating__isnull=False).select_related("rating").first()
    region = factcheck.region
    while region.parent_id and region.level != region.Level.REGION:
        region = region.parent
    appearance_urls = ClaimAppearance.objects.filter(claim__article=factcheck).values("url")
    evidence = EvidenceCapture.objects.filter(url__in=appearance_urls).first()
    assert evidence, "the demo's fact-check has no archived appearance"
    word = max(re.findall(r"\w+", plain.title), key=len)
    # More stories than a list page holds, so the region's pages link to each other.
    for number in range(PAGE_SIZE):
        make_article(
            title=f"Brève régionale numéro {number + 1}",
            status=Status.PUBLISHED,
            region=region,
            author=author,
        )
    return [
        PageType("front", "/"),
        PageType("story", plain.get_absolute_url()),
        PageType("factcheck-story", factcheck.get_absolute_url()),
        PageType("corrected-story", corrected.get_absolute_url()),
        PageType("withdrawn-410", withdrawn.get_absolute_url(), status=410),
        PageType("versions", f"{corrected.get_absolute_url()}versions/"),
        PageType("version", f"{corrected.get_absolute_url()}versions/1/"),
        PageType("region-index", "/regions/"),
        PageType("region", region.get_absolute_url()),
        PageType("region-page-2", f"{region.get_absolute_url()}?page=2"),
        PageType("tag", f"/tags/{factcheck.tags.first().slug}/"),
        PageType("author", author.get_absolute_url()),
        PageType(
            "factcheck-index-filtered",
            f"/verifications/?verdict={claim.rating.slug}&region={region.slug}",
        ),
        PageType("search-results", f"/recherche/?q={word}"),
        PageType("search-no-result", "/recherche/?q=zzzintrouvable"),
        PageType("corrections-log", "/corrections/"),
        PageType("site-page", SitePage.objects.first().get_absolute_url()),
        PageType("tip-form-errors", "/signaler/", post=True),
        PageType("tip-thanks", "/signaler/merci/"),
        PageType("evidence", f"/preuves/{evidence.sha256}/"),
        PageType("not-found-404", "/articles/cette-page-n-existe-pas/", status=404),
        PageType("unavailable-503", "/recherche/?q=panne", status=503, outage=True),
        PageType("story-en", f"/en{factcheck.get_absolute_url()}"),
    ]
