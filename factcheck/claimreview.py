"""ClaimReview (schema.org) for every rated claim of a public story."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from articles.structured_data import absolute, canonical, iso, publisher_reference

from .models import Claim

# schema.org expects a Person or an Organization as a claim's author. A social
# media account or an unknown source is neither as far as we know (an anonymous
# account may be one person, or a network of them), so it is named as we show
# it ("Compte anonyme sur X") without a type rather than passed off as an
# Organization.
CLAIMANT_TYPES = {
    Claim.ClaimantKind.PERSON: "Person",
    Claim.ClaimantKind.ORGANISATION: "Organization",
}


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


def citation(source) -> dict:
    """A cited source as a CreativeWork: where it is, what it is called, who published
    it and when, and where our copy is kept."""
    data = {"@type": "CreativeWork", "name": source.title}
    if source.url:
        data["url"] = source.url
    publisher = {"@type": "Organization", "name": source.outlet.name}
    if source.outlet.homepage:
        publisher["url"] = source.outlet.homepage
    data["publisher"] = publisher
    if source.published_on:
        data["datePublished"] = source.published_on.isoformat()
    copies = archived_at(source)
    if copies:
        data["archivedAt"] = copies[0] if len(copies) == 1 else copies
    return data


def review_id(claim, article) -> str:
    """The review's stable `@id`: the claim's anchor on the story's canonical URL."""
    return f"{canonical(article)}#{claim.anchor}"


def claim_review(claim, article) -> dict:
    """One ClaimReview: the claim as it circulated (`itemReviewed`, a Claim with its
    statement, claimant and appearances), our verdict with its explanation, by the
    publisher."""
    rating = claim.rating
    review_rating = {"@type": "Rating", "alternateName": rating.label}
    if rating.value is not None:
        review_rating.update(ratingValue=rating.value, bestRating=5, worstRating=1)
    explanation = strip_tags(claim.verdict_explanation_html).strip()
    if explanation:
        review_rating["ratingExplanation"] = explanation
    item = {"@type": "Claim", "text": claim.statement}
    if claim.claimant:
        author = {"name": claim.claimant}
        if claim.claimant_kind in CLAIMANT_TYPES:
            author = {"@type": CLAIMANT_TYPES[claim.claimant_kind], **author}
        item["author"] = author
    appearances = list(claim.appearances.all())
    first = next((a for a in appearances if a.is_first), None)
    if first is None and appearances:
        first = min(appearances, key=lambda a: (a.appeared_on is None, a.appeared_on, a.pk))
    if first is not None:
        item["firstAppearance"] = appearance(first)
        if first.appeared_on:
            item["datePublished"] = first.appeared_on.isoformat()
    others = [appearance(a) for a in appearances if a is not first]
    if others:
        item["appearance"] = others
    changes = list(claim.verdict_changes.all())
    url = review_id(claim, article)
    return {
        "@type": "ClaimReview",
        "@id": url,
        "url": url,
        "claimReviewed": claim.label,
        "reviewRating": review_rating,
        "itemReviewed": item,
        "author": publisher_reference(),
        "datePublished": iso(article.published_at),
        **({"dateModified": iso(changes[-1].changed_at)} if changes else {}),
        "inLanguage": article.language,
    }


def claim_reviews(article) -> list[dict]:
    """Registered in articles.structured_data.GRAPH_EXTENSIONS by apps.py."""
    return [claim_review(claim, article) for claim in article.claims.all() if claim.rating_id]


def cited_sources(article, data: dict) -> None:
    """The story's sources on its NewsArticle (articles.structured_data.ARTICLE_EXTENSIONS):
    primary sources and independent coverage as `citation`, the original report it
    follows as `isBasedOn` (beside the address where the story itself first appeared)."""
    sources = list(article.sources.all())
    cited = [citation(source) for source in sources if source.corroborates]
    if cited:
        data["citation"] = cited
    followed = [citation(source) for source in sources if not source.corroborates]
    if followed:
        based_on = data.get("isBasedOn")
        data["isBasedOn"] = [*([based_on] if based_on else []), *followed]
