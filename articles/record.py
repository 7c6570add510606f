"""The published record: canonical content, its hash, frozen versions, the chain.

A story is a graph of rows (the article, its bylines, tags, quotes,
corrections; factcheck adds sources and claims). `story_content()` turns that
graph into plain, ordered data; `content_hash()` is the SHA-256 of its
canonical JSON. Verification approves one such hash (`Article.verified_hash`)
and publishing checks it, so what readers get is exactly what was verified.

`cut_version()` freezes what readers see into a `PublishedVersion`: the story
rendered once per interface language, its JSON-LD, its card for lists and
feeds, the content and its hash, and the previous version's record hash.
Versions are never updated; `verify_chain()` recomputes every hash and
reports the first broken link (`manage.py verify_record`).

Apps that own part of a story add it through `CONTENT_EXTENSIONS` (factcheck
adds sources and claims), so this module never imports them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Article, ArticleAuthor, PublishedVersion, SitePage, Status
from .renditions import ensure_renditions
from .structured_data import json_ld, story_graph, story_paths

ContentExtension = Callable[[Article, dict], None]
CONTENT_EXTENSIONS: list[ContentExtension] = []
# Querysets to prefetch for rendering, added by the apps that own them.
RENDER_PREFETCHES: list[Callable[[], list]] = []
# What other apps add to a story's card (e.g. its rated claims, for lists).
CARD_EXTENSIONS: list[Callable[[Article, dict], None]] = []
# What other apps add to the rendering context of story_body.html (factcheck: the
# counts of "How we verified this"); each returns a dict merged into the context.
RENDER_CONTEXT: list[Callable[[Article], dict]] = []


def canonical_json(data) -> str:
    """Sorted keys, no spaces, UTF-8 text: one serialisation for one content."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def content_hash(content: dict) -> str:
    """SHA-256 (hex) of a story content's canonical JSON."""
    return sha256(canonical_json(content))


def _iso(value):
    return value.isoformat() if value else None


def story_content(article: Article, *, fetched: bool = False) -> dict:
    """The whole story graph as plain data: what a reader can see, in order.

    Raw text (Markdown) rather than rendered HTML, codes rather than translated
    labels, and the names readers see for related things (region, authors,
    outlets, verdicts), so that renaming one of them changes the content.
    Internal fields (status, actors, timestamps of the workflow) are left out.
    `fetched=True` when `article` comes from `story_queryset()` (its related
    rows already prefetched, as in a batch); otherwise it is read afresh.
    """
    if not fetched:
        article = story_queryset().get(pk=article.pk)
    hero = None
    image = article.hero if article.hero_id else None
    if image is not None:
        hero = {
            "image": image.image.name,
            "alt": image.alt,
            "caption": image.caption,
            "credit": image.credit,
            "width": image.width,
            "height": image.height,
            "focal_point": [image.focal_x, image.focal_y],
        }
    region = article.region
    data = {
        "article": {
            "id": article.pk,
            "title": article.title,
            "work_type": article.work_type,
            "language": article.language,
            "introduction": article.introduction,
            "verified_facts": article.verified_facts,
            "development": article.development,
            "context": article.context,
            "original_url": article.original_url,
            # Only when set: stories without one keep the hash they were verified with.
            **({"original_outlet": article.original_outlet} if article.original_outlet else {}),
            "region": {"id": region.pk, "name": region.name, "slug": region.slug}
            if region
            else None,
            "hero": hero,
        },
        "tags": sorted(
            ({"name": tag.name, "slug": tag.slug} for tag in article.tags.all()),
            key=lambda tag: (tag["name"].casefold(), tag["slug"]),
        ),
        "bylines": [
            {"author": b.author_id, "name": b.author.name, "slug": b.author.slug}
            for b in article.bylines.all()
        ],
        "quotes": [
            {
                "id": q.pk,
                "text": q.text,
                "speaker": q.speaker,
                "speaker_role": q.speaker_role,
                "said_on": _iso(q.said_on),
                "url": q.url,
                "position": q.position,
            }
            for q in article.quotes.all()
        ],
        "corrections": [
            {
                "id": c.pk,
                "kind": c.kind,
                "text": c.text,
                "published_at": _iso(c.published_at),
                "amended_at": _iso(c.amended_at),
            }
            for c in sorted(article.corrections.all(), key=lambda c: (c.published_at, c.pk))
        ],
    }
    for extend in CONTENT_EXTENSIONS:
        extend(article, data)
    return data


def live_hash(article: Article) -> str:
    return content_hash(story_content(article))


def story_queryset():
    """Everything the rendered story shows, in a fixed number of queries."""
    bylines = ArticleAuthor.objects.select_related("author")
    queryset = Article.objects.select_related(
        "region", "hero", "verified_by", "verified_by__author"
    ).prefetch_related("tags", "quotes", "corrections", Prefetch("bylines", queryset=bylines))
    for prefetches in RENDER_PREFETCHES:
        queryset = queryset.prefetch_related(*prefetches())
    return queryset


def story_path(article: Article) -> str:
    """The story's address in the default language (the one JSON-LD names)."""
    return story_paths([article])[0]


def card(article: Article) -> dict:
    """What lists, feeds and the page head show of a story, as plain data."""
    hero = None
    display = article.hero_display
    if display:
        crops = {crop["ratio"]: crop for crop in article.hero_crops}
        hero = {
            **display,
            "alt": article.hero_alt,
            # Open Graph wants one wide image: the 16:9 crop around the focal point.
            "og": crops["16x9"],
            "crops": list(crops.values()),
        }
    data = {
        "title": article.title,
        "introduction": article.introduction,
        "work_type": article.work_type,
        "language": article.language,
        "region": {"name": article.region.name, "slug": article.region.slug}
        if article.region is not None
        else None,
        "bylines": [
            {
                "id": a.pk,
                "name": a.name,
                "slug": a.slug,
                "job_title": a.job_title,
                "biography_html": a.biography_html,
                "photo": a.photo_thumbnails.get(settings.IMAGE_AUTHOR_SIZES[0]),
                "photo_2x": a.photo_thumbnails.get(settings.IMAGE_AUTHOR_SIZES[-1]),
            }
            for a in article.byline_authors
        ],
        "tags": [{"name": t.name, "slug": t.slug} for t in article.tags.all()],
        "hero": hero,
        "published_at": _iso(article.published_at),
        "modified_at": _iso(article.modified_at),
    }
    for extend in CARD_EXTENSIONS:
        extend(article, data)
    return data


def verifier_name(user) -> str:
    """How readers see the editor who verified a story: their byline name, else their
    full name; never their login. Empty when unknown (the account was deleted)."""
    if user is None:
        return ""
    author = getattr(user, "author", None)
    return author.name if author else user.get_full_name()


def method_pages() -> dict:
    """The newsroom's methodology and editorial-line pages, by kind (one query)."""
    return {
        page.kind: page
        for page in SitePage.objects.filter(
            kind__in=[SitePage.Kind.METHODOLOGY, SitePage.Kind.EDITORIAL_LINE]
        )
    }


def verification_context(article: Article, pages: dict | None = None) -> dict:
    """Who verified `article` and when, and the newsroom's methodology and editorial-line
    pages, for "How we verified this" (articles/story_body.html). `pages` is
    `method_pages()` when the caller renders many stories at once."""
    if pages is None:
        pages = method_pages()
    author = getattr(article.verified_by, "author", None) if article.verified_by_id else None
    return {
        "verified_at": article.verified_at,
        "verifier": verifier_name(article.verified_by) if article.verified_by_id else "",
        "verifier_author": author,
        "methodology": pages.get(SitePage.Kind.METHODOLOGY),
        "editorial_line": pages.get(SitePage.Kind.EDITORIAL_LINE),
    }


@dataclass
class Rendering:
    bodies: dict[str, str]
    json_ld: str
    claim_reviews: list[dict]
    card: dict


def render(
    article: Article, *, preview: bool = False, fetched: bool = False, pages: dict | None = None
) -> Rendering:
    """Render `article` (live rows) as readers would get it, in every language.

    `fetched=True` when `article` comes from `story_queryset()`; `pages` is
    `method_pages()`, read once for a batch of stories."""
    if not fetched:
        article = story_queryset().get(pk=article.pk)
    graph = story_graph(article)
    context = {
        "article": article,
        "preview": preview,
        "SITE_URL": settings.SITE_URL,
        "SITE_NAME": settings.SITE_NAME,
        "verification": verification_context(article, pages),
    }
    for extend in RENDER_CONTEXT:
        context.update(extend(article))
    bodies: dict[str, str] = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            bodies[code] = render_to_string("articles/story_body.html", context)
    return Rendering(
        bodies=bodies,
        json_ld=str(json_ld(graph)),
        claim_reviews=[item for item in graph if item.get("@type") == "ClaimReview"],
        card=card(article),
    )


def record_hash(version: PublishedVersion) -> str:
    """SHA-256 over everything a version holds and the previous record hash."""
    return sha256(
        canonical_json(
            {
                "article": version.article_id,
                "number": version.number,
                "kind": version.kind,
                "published_at": _iso(version.published_at),
                "created_at": _iso(version.created_at),
                "created_by": version.created_by_id,
                "proposed_by": version.proposed_by_id,
                "reason": version.reason,
                "path": version.path,
                "card": sha256(canonical_json(version.card)),
                "content_hash": version.content_hash,
                "bodies": {code: sha256(html) for code, html in sorted(version.bodies.items())},
                "json_ld": sha256(version.json_ld),
                "claim_reviews": sha256(canonical_json(version.claim_reviews)),
                "previous_hash": version.previous_hash,
            }
        )
    )


def _new_version(
    article: Article,
    *,
    previous: PublishedVersion | None,
    user,
    kind: str,
    reason: str,
    published_at,
    proposed_by,
    now,
    fetched: bool,
    pages: dict | None = None,
) -> PublishedVersion:
    """The next version of `article` after `previous`, hashed but not saved."""
    version = PublishedVersion(
        article=article,
        number=previous.number + 1 if previous else 1,
        kind=kind,
        published_at=published_at or now,
        created_at=now,
        created_by=user,
        proposed_by=proposed_by,
        reason=reason,
        path=story_path(article),
        previous_hash=previous.record_hash if previous else "",
    )
    if kind == PublishedVersion.Kind.WITHDRAWAL:
        if previous is None:
            raise ValueError("Only a published story can be withdrawn.")
        version.content = previous.content
        version.content_hash = previous.content_hash
        version.card = {**previous.card, "withdrawn_at": _iso(now), "withdrawal_reason": reason}
        version.bodies = {}
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                version.bodies[code] = render_to_string(
                    "articles/story_withdrawn_body.html",
                    {"card": version.card, "withdrawn_at": now, "reason": reason},
                )
        version.json_ld = ""
        version.claim_reviews = []
    else:
        if not fetched:
            article = story_queryset().get(pk=article.pk)
        # A version is frozen: it links renditions that exist (made here if the
        # worker has not got to them yet), never a file still to come.
        ensure_renditions([article.hero, *article.byline_authors])
        version.content = story_content(article, fetched=True)
        version.content_hash = content_hash(version.content)
        rendering = render(article, fetched=True, pages=pages)
        version.bodies = rendering.bodies
        version.json_ld = rendering.json_ld
        version.claim_reviews = rendering.claim_reviews
        version.card = rendering.card
    version.record_hash = record_hash(version)
    return version


def cut_version(
    *,
    article: Article,
    user,
    kind: str,
    reason: str = "",
    published_at=None,
    proposed_by=None,
    now=None,
) -> PublishedVersion:
    """Freeze what readers see of `article` now into its next PublishedVersion.

    The caller holds the article's row lock and has set the article's
    publication fields. A withdrawal keeps the previous version's content and
    renders only the withdrawal notice. Returns the saved version, also set
    as `article.current_version`.
    """
    version = _new_version(
        article,
        previous=article.versions.order_by("-number").first(),
        user=user,
        kind=kind,
        reason=reason,
        published_at=published_at,
        proposed_by=proposed_by,
        now=now or timezone.now(),
        fetched=False,
    )
    version.save()
    Article.objects.filter(pk=article.pk).update(current_version=version)
    article.current_version = version
    return version


def freeze_unrecorded(articles=None, *, reason: str, batch: int = 200, insert=None) -> int:
    """Give every public story of `articles` that has no version its first one(s).

    For stories that became public without the record (a bulk load, a story
    published before the record existed): a publication version dated at the
    story's publication, and for a withdrawn story a withdrawal version after
    it. Works in batches of `batch` stories, each read in a fixed number of
    queries and written with one bulk insert, so that a 100,000-story corpus
    is frozen in minutes. Returns the number of stories frozen. Safe to run
    again: stories that have a version are skipped.

    `insert(versions)` writes a batch's versions and sets their ids (by
    default one `bulk_create`; a bulk load passes a COPY writer).
    """
    pages = method_pages()
    queryset = (articles if articles is not None else Article.objects.all()).filter(
        status__in=[Status.PUBLISHED, Status.WITHDRAWN], current_version__isnull=True
    )
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    frozen = 0
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        with transaction.atomic():
            stories = list(
                story_queryset()
                .select_for_update(of=("self",))
                .filter(pk__in=chunk, current_version__isnull=True)
            )
            versions, latest = [], {}
            for story in stories:
                first = _new_version(
                    story,
                    previous=None,
                    user=None,
                    kind=PublishedVersion.Kind.PUBLICATION,
                    reason=reason,
                    published_at=story.published_at,
                    proposed_by=None,
                    now=story.published_at or timezone.now(),
                    fetched=True,
                    pages=pages,
                )
                versions.append(first)
                latest[story.pk] = first
                if story.status == Status.WITHDRAWN:
                    withdrawal = _new_version(
                        story,
                        previous=first,
                        user=None,
                        kind=PublishedVersion.Kind.WITHDRAWAL,
                        reason=story.withdrawal_reason,
                        published_at=None,
                        proposed_by=None,
                        now=story.withdrawn_at or timezone.now(),
                        fetched=True,
                    )
                    versions.append(withdrawal)
                    latest[story.pk] = withdrawal
            if insert is not None:
                insert(versions)
            else:
                PublishedVersion.objects.bulk_create(versions)
            if not all(version.pk for version in versions):  # backends without RETURNING
                numbers = PublishedVersion.objects.filter(article_id__in=latest).values_list(
                    "article_id", "number", "pk"
                )
                by_key = {(a, n): pk for a, n, pk in numbers}
                for version in versions:
                    version.pk = by_key[(version.article_id, version.number)]
            for story in stories:
                story.current_version = latest[story.pk]
            Article.objects.bulk_update(stories, ["current_version"], batch_size=batch)
        frozen += len(stories)
    return frozen


@dataclass
class BrokenLink:
    article_id: int
    slug: str
    number: int
    problem: str

    def __str__(self):
        return f"article {self.article_id} ({self.slug}) version {self.number}: {self.problem}"


def check_versions(versions: list[PublishedVersion]) -> tuple[int, str] | None:
    """(version number, what is wrong) with one story's versions (oldest first), or None."""
    previous = None
    for version in versions:
        expected = previous.number + 1 if previous else 1
        if version.number != expected:
            return version.number, f"version {expected} is missing"
        if content_hash(version.content) != version.content_hash:
            return version.number, "its content does not match its content hash"
        if version.previous_hash != (previous.record_hash if previous else ""):
            return version.number, "it does not point to the previous version's hash"
        if record_hash(version) != version.record_hash:
            return version.number, "its record does not match its record hash"
        previous = version
    return None


def verify_chain(articles=None, batch: int = 500) -> Iterator[BrokenLink | int]:
    """Check every story's chain of versions; yields a BrokenLink per broken story,
    and the number of stories checked so far after each batch."""
    ids = (articles if articles is not None else Article.objects.all()).order_by("pk")
    ids = ids.filter(versions__isnull=False).distinct().values_list("pk", flat=True)
    checked = 0
    last = 0
    while True:
        chunk = list(ids.filter(pk__gt=last)[:batch])
        if not chunk:
            break
        by_article: dict[int, list[PublishedVersion]] = {pk: [] for pk in chunk}
        for version in PublishedVersion.objects.filter(article_id__in=chunk).order_by(
            "article_id", "number"
        ):
            by_article[version.article_id].append(version)
        slugs = dict(Article.objects.filter(pk__in=chunk).values_list("pk", "slug"))
        for pk, versions in by_article.items():
            problem = check_versions(versions)
            if problem:
                number, text = problem
                yield BrokenLink(pk, slugs.get(pk, "?"), number, text)
        checked += len(chunk)
        last = chunk[-1]
        yield checked
