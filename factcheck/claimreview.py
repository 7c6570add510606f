"""ClaimReview (schema.org) for every rated claim of a public story."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from articles.structured_data import absolute, canonical, iso

# schema.org allows only a Person or an Organization as a claim's author. Social
# media accounts and unknown sources become an Organization named as we show
# it ("Page Facebook …", "Compte anonyme sur X"), as fact-checkers commonly do.
CLAIMANT_TYPES = {"person": "Person"}


def archived_at(item) -> list[str]:
    """Where copies of a cited page are kept: our own (/preuves/<hash>/, when the row was
    loaded for rendering) and the archive address the journalist typed."""
    copies = []
    if getattr(item, "evidence_sha256", None):
        with translation.override(settings.LANGUAGE_CODE):
            path = reverse("factcheck:evidence", args=[item.evidence_sha256])
        copies.append(absolute(path))
    if item.archived_url:
        copies.append(item.archived_url)
    return copies


def appearance(item) -> dict:
    data = {"@type": "CreativeWork", "url": item.url}
    if item.appeared_on:
        data["datePublished"] = item.appeared_on.isoformat()
    copies = archived_at(item)
    if copies:
        data["archivedAt"] = copies[0] if len(copies) == 1 else copies
    return data


def claim_review(claim, article) -> dict:
    rating = claim.rating
    review_rating = {"@type": "Rating", "alternateName": rating.label}
    if rating.value is not None:
        review_rating.update(ratingValue=rating.value, bestRating=5, worstRating=1)
    item = {"@type": "Claim"}
    if claim.claimant:
        item["author"] = {
            "@type": CLAIMANT_TYPES.get(claim.claimant_kind, "Organization"),
            "name": claim.claimant,
        }
    appearances = list(claim.appearances.all())
    first = next((a for a in appearances if a.is_first), None)
    if first is None and appearances:
        first = min(appearances, key=lambda a: (a.appeared_on is None, a.appeared_on, a.pk))
    if first is not None:
        item["firstAppearance"] = appearance(first)
        if first.appeared_on:
            item["datePublished"] = first.appeared_on.isoformat()
    if appearances:
        item["appearance"] = [appearance(a) for a in appearances]
    changes = list(claim.verdict_changes.all())
    return {
        "@type": "ClaimReview",
        **({"dateModified": iso(changes[-1].changed_at)} if changes else {}),
        "url": f"{canonical(article)}#{claim.anchor}",
        "claimReviewed": claim.label,
        "reviewRating": review_rating,
        "itemReviewed": item,
        "author": {"@type": "Organization", "name": settings.SITE_NAME, "url": absolute("/")},
        "datePublished": iso(article.published_at),
        "inLanguage": article.language,
    }


def claim_reviews(article) -> list[dict]:
    """Registered in articles.structured_data.GRAPH_EXTENSIONS by apps.py."""
    return [claim_review(claim, article) for claim in article.claims.all() if claim.rating_id]
