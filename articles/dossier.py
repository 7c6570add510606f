"""The verification dossier of a story: what its verification relied on.

For an ombudsman, a certification body or a court: the claims with their
verdicts and sources (archive links included), who created, submitted,
verified and published the story and when, every history entry, and every
published version with its hashes and whether the chain holds. Apps add
their part through `DOSSIER_EXTENSIONS` (e.g. recorded evidence exceptions).
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone

from . import record
from .models import Article

DOSSIER_EXTENSIONS: list[Callable[[Article, dict], None]] = []


def _who(user):
    if user is None:
        return None
    return {"id": user.pk, "username": user.get_username(), "name": user.get_full_name()}


def _iso(moment):
    return moment.isoformat() if moment else None


def dossier(article: Article) -> dict:
    """The dossier as plain data (JSON-ready)."""
    article = Article.objects.select_related(
        "created_by", "submitted_by", "verified_by", "published_by", "withdrawn_by"
    ).get(pk=article.pk)
    content = record.story_content(article)
    versions = list(article.versions.select_related("created_by", "proposed_by").order_by("number"))
    broken = record.check_versions(versions)
    data = {
        "generated_at": _iso(timezone.now()),
        "story": {
            "id": article.pk,
            "title": article.title,
            "slug": article.slug,
            "url": record.story_path(article),
            "status": article.status,
            "version": article.version,
            "content_hash": record.content_hash(content),
            "verified_hash": article.verified_hash,
        },
        "steps": {
            "created": {"at": _iso(article.created_at), "by": _who(article.created_by)},
            "submitted": {"at": _iso(article.submitted_at), "by": _who(article.submitted_by)},
            "verified": {"at": _iso(article.verified_at), "by": _who(article.verified_by)},
            "published": {"at": _iso(article.published_at), "by": _who(article.published_by)},
            "withdrawn": {"at": _iso(article.withdrawn_at), "by": _who(article.withdrawn_by)},
        },
        "claims": content.get("claims", []),
        "sources": content.get("sources", []),
        "versions": [
            {
                "number": v.number,
                "kind": v.kind,
                "public_from": _iso(v.published_at),
                "recorded_at": _iso(v.created_at),
                "by": _who(v.created_by),
                "proposed_by": _who(v.proposed_by),
                "reason": v.reason,
                "content_hash": v.content_hash,
                "previous_hash": v.previous_hash,
                "record_hash": v.record_hash,
            }
            for v in versions
        ],
        "chain": {"intact": broken is None, "problem": broken and f"v{broken[0]}: {broken[1]}"},
        "history": [
            {
                "at": _iso(event.at),
                "action": event.action,
                "by": _who(event.actor),
                "from": event.from_status,
                "to": event.to_status,
                "comment": event.comment,
                "data": event.data,
            }
            for event in article.events.select_related("actor").order_by("at", "id")
        ],
        "exceptions": [],
    }
    for extend in DOSSIER_EXTENSIONS:
        extend(article, data)
    return data
