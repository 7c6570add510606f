"""Fact-checking's part of the one write path (registered in apps.py).

Rules every writer's result must satisfy (a claim cites only its own story's
sources), what an approved change to a public story does to claims (a changed
verdict stays visible), who reviewed a verdict, restoring sources and claims
from a content dict, and the stories a shared label (a verdict, an outlet)
appears in.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import editing
from articles.editing import _sync
from newsroom.folding import fold
from newsroom.slugs import unique_slug

from .models import CLAIM_FIELDS, Claim, ClaimAppearance, Outlet, Rating, Source, VerdictChange


def fact_check_genre(article) -> str | None:
    """A story still filed as news that rates claims is a fact-check (suggested to the
    editor through articles.editing.WORK_TYPE_SUGGESTERS, never applied silently)."""
    from articles.models import WorkType

    if article.work_type == WorkType.NEWS and article.claims.filter(rating__isnull=False).exists():
        return WorkType.FACTCHECK
    return None


def foreign_source_problems(article) -> list[str]:
    """A claim may cite only sources of its own story."""
    links = Claim.sources.through.objects.filter(claim__article=article).exclude(
        source__article=article
    )
    labels = sorted(set(links.values_list("claim__label", flat=True)))
    return [
        _("Claim “%(label)s” cites a source of another story: choose among this story's.")
        % {"label": label}
        for label in labels
    ]


def verdict_words(label: str, ratings=None) -> list[str]:
    """The verdicts of the scale (labels as editors wrote them) that `label` contains.

    A claim's label becomes ClaimReview's `claimReviewed`, which names the claim,
    not our verdict: "Les tarifs de la plateforme", not "Les tarifs sont faux".
    Each verdict label counts as its words ("Vrai/Confirmé" as "vrai" and
    "confirmé"), compared as whole words without accents or case.
    """
    folded = fold(label or "")
    found = []
    for rating in ratings if ratings is not None else Rating.objects.all():
        for word in re.split(r"\s*/\s*", rating.label):
            word = word.strip()
            if word and re.search(rf"(?<!\w){re.escape(fold(word) or '')}(?!\w)", folded or ""):
                found.append(word)
    return found


def verdict_in_label_message(label: str, words: list[str]) -> str:
    return _(
        "The label “%(label)s” contains the verdict “%(verdict)s”: name the claim, "
        "not what we concluded (the verdict goes in its own field)."
    ) % {"label": label, "verdict": words[0]}


def verdict_in_label_error(label: str) -> ValidationError | None:
    """The form error for a claim label naming a verdict of the scale, or None."""
    words = verdict_words(label)
    if not words:
        return None
    return ValidationError(verdict_in_label_message(label, words), code="verdict_in_label")


def verdict_in_label_problems(article) -> list[str]:
    """No claim of the story names a verdict of the scale in its label."""
    ratings = list(Rating.objects.all())
    problems = []
    for label in Claim.objects.filter(article=article).values_list("label", flat=True):
        words = verdict_words(label, ratings)
        if words:
            problems.append(verdict_in_label_message(label, words))
    return problems


def foreign_sources(article_id, sources) -> list:
    """Among `sources`, those that do not belong to the story `article_id` (forms)."""
    return [source for source in sources if source.article_id != article_id]


def stamp_reviewers(article, before: dict, after: dict, user) -> None:
    """Whoever sets or changes a claim's verdict is its reviewer."""
    old = {claim["id"]: claim["rating"] for claim in before.get("claims", [])}
    changed = [
        claim["id"]
        for claim in after.get("claims", [])
        if claim["rating"] and old.get(claim["id"]) != claim["rating"]
    ]
    if changed:
        Claim.objects.filter(pk__in=changed).update(reviewed_by=user, reviewed_at=timezone.now())


def record_verdict_changes(article, previous: dict, user, now) -> bool:
    """When a change to a public story is approved, keep each changed verdict visible
    ("was: Mostly false"). Returns whether any verdict changed."""
    published = {
        claim["id"]: claim["rating"]["label"]
        for claim in previous.get("claims", [])
        if claim.get("rating")
    }
    changed = False
    for claim in Claim.objects.filter(article=article).select_related("rating"):
        was = published.get(claim.pk)
        if was and claim.rating and claim.rating.label != was:
            VerdictChange.objects.create(
                claim=claim, changed_at=now, previous_label=was, new_label=claim.rating.label
            )
            changed = True
    return changed


def apply_content(article, content: dict) -> None:
    """Bring the story's sources and claims back to `content` (articles.editing.restore)."""
    sources = _sync(
        Source,
        article,
        [{**row, "outlet_id": row["outlet"]["id"]} for row in content.get("sources", [])],
        ("outlet_id", "kind", "title", "url", "published_on", "archived_url", "position"),
    )
    ratings = {rating.slug: rating for rating in Rating.objects.all()}
    claims = _sync(
        Claim,
        article,
        [
            {**row, "rating": ratings.get((row.get("rating") or {}).get("slug", ""))}
            for row in content.get("claims", [])
        ],
        CLAIM_FIELDS,
    )
    for row in content.get("claims", []):
        claim = claims[row["id"]]
        claim.sources.set([sources[pk] for pk in row.get("sources", []) if pk in sources])
        existing = {item.pk: item for item in claim.appearances.all()}
        keep = []
        for item in row.get("appearances", []):
            appearance = existing.pop(item["id"], None) or ClaimAppearance(claim=claim)
            appearance.url = item["url"]
            appearance.appeared_on = item["appeared_on"]
            appearance.archived_url = item["archived_url"] or ""
            appearance.is_first = False
            appearance.save()
            keep.append((appearance, item["is_first"]))
        for appearance in existing.values():
            appearance.delete()
        for appearance, first in keep:
            if first:
                ClaimAppearance.objects.filter(pk=appearance.pk).update(is_first=True)


# --- outlets: found or created by name, by every writer --------------------------------

OUTLET_SUGGESTIONS = 300


def homepage_of(url: str) -> str:
    """The homepage a cited page suggests: its scheme and host ("https://www.insee.fr/")."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    return f"{parts.scheme}://{parts.hostname}/"


def find_outlet(name: str) -> Outlet | None:
    """The outlet called `name`, whatever its accents, case or apostrophes."""
    name = " ".join((name or "").split())
    if not name:
        return None
    return Outlet.objects.filter(name__fold=fold(name)).order_by("pk").first()


def outlet_for(*, name: str, url: str = "") -> Outlet:
    """The outlet a writer names, created on the spot when the newsroom never cited it.

    "Insee", "INSEE" and "Inséé" are one outlet. A new outlet takes its homepage
    from the cited page's address and a free slug; its kind is guessed from the
    domain (a .gouv.fr page is the administration's) and editors can refine it
    on the outlet's page. The admin's source rows, the importer and the API call
    this, so that no writer needs a separate step to add an outlet first.
    """
    name = " ".join((name or "").split())
    if not name:
        raise ValueError("an outlet needs a name")
    existing = find_outlet(name)
    if existing is not None:
        return existing
    max_name = Outlet._meta.get_field("name").max_length
    max_slug = Outlet._meta.get_field("slug").max_length or 50
    name = name[:max_name]
    slug = unique_slug(Outlet, name, max_slug, default="media")
    homepage = homepage_of(url)
    host = urlsplit(homepage).hostname or ""
    kind = Outlet.Kind.GOVERNMENT if host.endswith(".gouv.fr") else Outlet.Kind.PRESS
    return Outlet.objects.create(name=name, slug=slug, homepage=homepage, kind=kind)


def outlet_suggestions(limit: int = OUTLET_SUGGESTIONS) -> list[str]:
    """Names of the outlets the newsroom cites most, offered while typing a source's outlet."""
    return list(
        Outlet.objects.annotate(cited=Count("sources"))
        .order_by("-cited", "name")
        .values_list("name", flat=True)[:limit]
    )


def resolve_source_refs(refs, rows: dict[int, Source]) -> list[Source]:
    """The sources a claim row picked on the story's page, as saved sources.

    A ref is a saved source's id ("12") or the index of a source row typed on
    the same page and saved in the same transaction ("row-3"); `rows` maps those
    indexes to the rows just saved. Unknown refs are dropped: the story's rules
    (a claim cites only its own story's sources) are checked by the write path.
    """
    found: list[Source] = []
    ids = []
    for ref in refs:
        ref = str(ref)
        if ref.startswith("row-") and ref[4:].isdigit():
            source = rows.get(int(ref[4:]))
            if source is not None and source.pk:
                found.append(source)
        elif ref.isdigit():
            ids.append(int(ref))
    found += list(Source.objects.filter(pk__in=ids))
    unique = {source.pk: source for source in found}
    return list(unique.values())


def stories_with_rating(rating) -> list[int]:
    return list(Claim.objects.filter(rating=rating).values_list("article_id", flat=True).distinct())


def stories_with_outlet(outlet) -> list[int]:
    return list(
        Source.objects.filter(outlet=outlet).values_list("article_id", flat=True).distinct()
    )


def rating_changed(*, rating: Rating, user) -> int:
    """The verdict scale changed: verified and scheduled stories using `rating` go back
    to verification if what they show changed; published versions stay as they are."""
    return editing.shared_label_changed(
        article_ids=stories_with_rating(rating),
        user=user,
        reason=_("The verdict “%(label)s” of the scale changed.") % {"label": rating.label},
    )


def outlet_changed(*, outlet, user) -> int:
    """Same as rating_changed, for a renamed outlet."""
    return editing.shared_label_changed(
        article_ids=stories_with_outlet(outlet),
        user=user,
        reason=_("The outlet “%(name)s” changed.") % {"name": outlet.name},
    )
