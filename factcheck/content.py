"""What fact-checking adds to a story's content and rendering (registered in apps.py)."""

from django.db.models import OuterRef, Prefetch, Subquery

from .models import Claim, ClaimAppearance, EvidenceCapture, Source


def _iso(value):
    return value.isoformat() if value else None


def source_data(source) -> dict:
    return {
        "id": source.pk,
        "outlet": {"id": source.outlet_id, "name": source.outlet.name, "slug": source.outlet.slug},
        "kind": source.kind,
        "title": source.title,
        "url": source.url,
        "published_on": _iso(source.published_on),
        "archived_url": source.archived_url,
        "position": source.position,
    }


def claim_data(claim) -> dict:
    rating = claim.rating
    return {
        "id": claim.pk,
        "label": claim.label,
        "statement": claim.statement,
        "claimant": claim.claimant,
        "claimant_kind": claim.claimant_kind,
        "rating": {"slug": rating.slug, "label": rating.label, "value": rating.value}
        if rating
        else None,
        "verdict_explanation": claim.verdict_explanation,
        "analysis": claim.analysis,
        "sources": sorted(source.pk for source in claim.sources.all()),
        "appearances": [
            {
                "id": item.pk,
                "url": item.url,
                "appeared_on": _iso(item.appeared_on),
                "archived_url": item.archived_url,
                "is_first": item.is_first,
            }
            for item in claim.appearances.all()
        ],
        "verdict_changes": [
            {"at": _iso(change.changed_at), "previous": change.previous_label}
            for change in claim.verdict_changes.all()
        ],
        "position": claim.position,
    }


def sources_and_claims(article, data: dict) -> None:
    """Add the story's sources and claims to its content (articles.record).

    `article` comes from articles.record.story_queryset(), which prefetches
    what this reads (render_prefetches below)."""
    data["sources"] = [source_data(source) for source in article.sources.all()]
    data["claims"] = [claim_data(claim) for claim in article.claims.all()]


def render_prefetches() -> list:
    """What the story page shows of sources and claims, for articles.record.story_queryset."""
    with_outlet = Source.objects.select_related("outlet")
    return [
        Prefetch("sources", queryset=with_outlet.annotate(evidence_sha256=our_archive())),
        Prefetch(
            "claims",
            queryset=Claim.objects.select_related("rating").prefetch_related(
                Prefetch("sources", queryset=with_outlet),
                Prefetch(
                    "appearances",
                    queryset=ClaimAppearance.objects.annotate(evidence_sha256=our_archive()),
                ),
                "verdict_changes",
            ),
        ),
    ]


def our_archive():
    """The SHA-256 of our newest usable capture of the row's URL (its /preuves/ address)."""
    newest = EvidenceCapture.objects.usable().filter(url=OuterRef("url")).order_by("-fetched_at")
    return Subquery(newest.values("sha256")[:1])


def rated_claims_card(article, data: dict) -> None:
    """The story's rated claims on its card, for the fact-check index and the API."""
    data["claims"] = [
        {
            "anchor": claim.anchor,
            "label": claim.label,
            "rating": {"slug": claim.rating.slug, "label": claim.rating.label},
        }
        for claim in article.claims.all()
        if claim.rating_id
    ]


def verification_summary(article) -> dict:
    """The counts and archive links of "How we verified this" (articles.record.render).

    `primary`: primary sources (document, data, statement, interview); `coverage`:
    independent corroborating coverage; `outlets`: distinct outlets among those two
    (the original report the story follows corroborates nothing); `follows`: (outlet
    name, title, URL) of the original reports; `archives`: (outlet name, title, archived URL)
    of every source and claim appearance that has an archived copy, in page order.
    """
    sources = list(article.sources.all())
    archives = [
        (source.outlet.name, source.title, source.archived_url)
        for source in sources
        if source.archived_url
    ]
    for claim in article.claims.all():
        archives.extend(
            (claim.label, item.url, item.archived_url)
            for item in claim.appearances.all()
            if item.archived_url
        )
    return {
        "checked": {
            "primary": sum(1 for source in sources if source.is_primary),
            "outlets": len({source.outlet_id for source in sources if source.corroborates}),
            "coverage": sum(1 for source in sources if source.kind == source.Kind.COVERAGE),
            "follows": [
                (source.outlet.name, source.title, source.url)
                for source in sources
                if source.kind == source.Kind.ORIGINAL
            ],
            "sources": len(sources),
            "archives": archives,
        }
    }
