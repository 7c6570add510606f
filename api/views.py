"""The content API, read-only, under /api/v1/ (docs/api.md).

Stories come from their published versions only (api/serialisers.py); the
rows of a story serve to find candidates quickly (indexes on region, tag,
author, status and dates) and each candidate is then checked against its
published card, so a change awaiting approval never shows. Every response
is JSON; errors are problem details (api/problems.py). ETag, 304 and
Cache-Control come from the site's PublicCacheHeadersMiddleware, as for
every public page; the views add Last-Modified and CORS headers.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView
from taggit.models import Tag, TaggedItem

from articles.counts import published_counts
from articles.models import Article, ArticleRedirect, Author, Region, SitePage, Status
from articles.models.article import VERSION_DEFERRED
from articles.search import clean_query, has_terms, search_articles
from factcheck.models import Claim, Rating

from . import params
from .problems import problem_response
from .serialisers import absolute, story_detail, story_links, story_summary, tombstone

STORY_FIELDS = (
    "id", "slug", "url", "api_url", "title", "introduction", "work_type", "language",
    "region", "authors", "tags", "image", "claims", "published_at", "modified_at",
    "updated_at", "version",
)  # fmt: skip
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Retry-After",
}
PROBLEM = OpenApiResponse(OpenApiTypes.OBJECT, description="Problem details (RFC 9457).")
ERRORS = {400: PROBLEM, 401: PROBLEM, 429: PROBLEM}


class ApiView(APIView):
    """GET and HEAD only, CORS for every origin (no cookies are read), JSON only.

    CORS headers are set here rather than by a middleware that answers only
    requests carrying an Origin: the page cache may give a response stored for
    one client to another, so every response carries them.
    """

    http_method_names = ["get", "head", "options"]

    def options(self, request, *args, **kwargs):
        response = Response(status=204)
        response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response["Access-Control-Allow-Headers"] = (
            "Authorization, X-Api-Key, If-None-Match, If-Modified-Since"
        )
        response["Access-Control-Max-Age"] = "86400"
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        for name, value in CORS_HEADERS.items():
            response[name] = value
        return response

    def check(self, serializer_class, **context):
        serializer = serializer_class(data=self.request.query_params, context=context)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def next_link(self, cursor: str) -> str:
        query = QueryDict(mutable=True)
        query.update(self.request.query_params)
        query["cursor"] = cursor
        # The host the client used (validated by ALLOWED_HOSTS), so a client that reaches
        # the API by another name than SITE_URL can follow it.
        return self.request.build_absolute_uri(self.request.path + "?" + query.urlencode())


def trim(item: dict, names) -> dict:
    return {name: item[name] for name in names if name in item} if names else item


def last_modified(response, moments):
    moments = [m for m in moments if m]
    if moments:
        response["Last-Modified"] = http_date(max(moments).timestamp())
    return response


# --- stories ------------------------------------------------------------------


def _story_rows():
    """Stories with their current version (its card, not its content), one query."""
    return Article.objects.select_related("current_version").only(
        "id", "slug", "status", "published_at", "region_id", "work_type", "language",
        "current_version__id", "current_version__number", "current_version__kind",
        "current_version__published_at", "current_version__created_at",
        "current_version__reason", "current_version__card",
    )  # fmt: skip


class StoryFilter:
    """One filter on live rows (fast, indexed) and the same test on the published card."""

    def __init__(self, data: dict):
        self.data = data
        self.region_slugs = None
        self.nothing = False

    def narrow(self, queryset):
        data = self.data
        if "region" in data:
            region = Region.objects.filter(slug=data["region"]).first()
            if region is None:
                self.nothing = True
                return queryset.none()
            ids = region.self_and_descendant_ids()
            self.region_slugs = set(
                Region.objects.filter(pk__in=ids).values_list("slug", flat=True)
            )
            queryset = queryset.filter(region_id__in=ids)
        if "tag" in data:
            items = TaggedItem.objects.filter(
                tag__slug=data["tag"],
                content_type__app_label="articles",
                content_type__model="article",
                object_id=OuterRef("pk"),
            )
            queryset = queryset.filter(Exists(items))
        if "author" in data:
            queryset = queryset.filter(bylines__author__slug=data["author"])
        if "verdict" in data:
            claims = Claim.objects.filter(article=OuterRef("pk"), rating__slug=data["verdict"])
            queryset = queryset.filter(Exists(claims))
        if "type" in data:
            queryset = queryset.filter(work_type=data["type"])
        if "language" in data:
            queryset = queryset.filter(language=data["language"])
        return queryset

    def matches(self, card: dict) -> bool:
        data = self.data
        region = card.get("region") or {}
        checks = [
            ("region", lambda: region.get("slug") in self.region_slugs),
            ("tag", lambda: any(t.get("slug") == data["tag"] for t in card.get("tags", []))),
            (
                "author",
                lambda: any(b.get("slug") == data["author"] for b in card.get("bylines", [])),
            ),
            (
                "verdict",
                lambda: any(
                    (c.get("rating") or {}).get("slug") == data["verdict"]
                    for c in card.get("claims", [])
                ),
            ),
            ("type", lambda: card.get("work_type") == data["type"]),
            ("language", lambda: card.get("language") == data["language"]),
        ]
        return all(check() for name, check in checks if name in data)


def story_page(data: dict, queryset=None, kind=params.StoryParams.cursor_kind):
    """([(article, version)], next cursor or None) for the story lists."""
    now = timezone.now()
    story_filter = StoryFilter(data)
    since = data.get("updated_since")
    rows = story_filter.narrow(queryset if queryset is not None else _story_rows())
    if since is not None:
        rows = rows.filter(
            Q(status=Status.PUBLISHED, published_at__lte=now) | Q(status=Status.WITHDRAWN),
            current_version__published_at__gt=since,
            current_version__published_at__lte=now,
        ).order_by("current_version__published_at", "id")
        if "cursor" in data:
            at, pk = data["cursor"]
            rows = rows.filter(
                Q(current_version__published_at__gt=at)
                | Q(current_version__published_at=at, id__gt=pk)
            )
    else:
        rows = rows.published(now).filter(current_version__isnull=False).latest_first()
        if "cursor" in data:
            at, pk = data["cursor"]
            rows = rows.filter(Q(published_at__lt=at) | Q(published_at=at, id__lt=pk))
    limit = data["limit"]
    candidates = list(rows[: limit + 1])
    more = len(candidates) > limit
    candidates = candidates[:limit]
    items = []
    for article in candidates:
        version = article.current_version
        if version is None or not story_filter.matches(version.card):
            continue
        if article.status == Status.WITHDRAWN:
            published = version.card.get("published_at")
            if since is None or (published and published > version.published_at.isoformat()):
                continue  # withdrawn before it was ever public: nothing to remove
        items.append((article, version))
    cursor = None
    if more and candidates:
        last = candidates[-1]
        if since is not None:
            key = ["sync", last.current_version.published_at.isoformat(), last.pk]
        else:
            key = ["latest", last.published_at.isoformat(), last.pk]
        cursor = params.encode_cursor(kind, key)
    return items, cursor


class StoryList(ApiView):
    """Published stories, latest first; with `updated_since`, every change after it."""

    @extend_schema(
        parameters=[params.StoryParams],
        responses={200: OpenApiTypes.OBJECT, **ERRORS},
        summary="Stories",
        operation_id="stories_list",
    )
    def get(self, request):
        data = self.check(params.StoryParams, fields=STORY_FIELDS)
        items, cursor = story_page(data)
        results = []
        for article, version in items:
            if article.status == Status.WITHDRAWN:
                results.append(tombstone(article, version))
            else:
                results.append(trim(story_summary(article, version), data.get("fields")))
        body = {"results": results, "next": self.next_link(cursor) if cursor else None}
        response = Response(body)
        return last_modified(response, [version.published_at for _a, version in items])


class StoryDetail(ApiView):
    """One story as its latest published version shows it; 410 once withdrawn."""

    @extend_schema(
        responses={200: OpenApiTypes.OBJECT, 404: PROBLEM, 410: PROBLEM},
        summary="Story",
    )
    def get(self, request, slug):
        self.check(params.NoParams)
        article = (
            Article.objects.filter(slug=slug)
            .select_related("current_version")
            .only("id", "slug", "status", "published_at", "current_version")
            .defer(*(f"current_version__{n}" for n in ("bodies", "json_ld", "claim_reviews")))
            .first()
        )
        if article is None:
            moved = ArticleRedirect.objects.filter(old_slug=slug).select_related("article").first()
            if moved is None:
                return problem_response(404, "No such story.")
            target = reverse("api:story_detail", kwargs={"slug": moved.article.slug})
            response = Response(status=301)
            response["Location"] = absolute(target)
            return response
        version = article.current_version
        if article.status == Status.WITHDRAWN and version is not None:
            return problem_response(
                410,
                version.reason or "This story was withdrawn.",
                story=tombstone(article, version),
            )
        if not article.is_public or version is None:
            return problem_response(404, "No such story.")
        response = Response(story_detail(article, version))
        return last_modified(response, [version.published_at, version.created_at])


# --- fact-checks --------------------------------------------------------------


class FactcheckList(ApiView):
    """Rated claims, grouped by their published story, latest story first."""

    @extend_schema(
        parameters=[params.FactcheckParams],
        responses={200: OpenApiTypes.OBJECT, **ERRORS},
        summary="Fact-checks",
    )
    def get(self, request):
        data = self.check(params.FactcheckParams, fields=("story", "claims"))
        items, cursor = story_page(
            data, _story_rows().fact_checked(), params.FactcheckParams.cursor_kind
        )
        results = []
        for article, version in items:
            card = version.card
            claims = [
                claim
                for claim in card.get("claims", [])
                if "verdict" not in data
                or (claim.get("rating") or {}).get("slug") == data["verdict"]
            ]
            story = {
                "id": article.pk,
                "slug": article.slug,
                "title": card.get("title", ""),
                "published_at": card.get("published_at"),
                **story_links(article.slug),
            }
            results.append(trim({"story": story, "claims": claims}, data.get("fields")))
        body = {"results": results, "next": self.next_link(cursor) if cursor else None}
        return last_modified(Response(body), [v.published_at for _a, v in items])


# --- the rest: small public tables ----------------------------------------------


class IdList(ApiView):
    """A list ordered by id, paged by cursor."""

    fields: tuple[str, ...] = ()

    def queryset(self):
        raise NotImplementedError

    def represent(self, objects) -> list[dict]:
        raise NotImplementedError

    def get(self, request):
        data = self.check(params.IdCursorParams, fields=self.fields)
        rows = self.queryset().order_by("id")
        if "cursor" in data:
            rows = rows.filter(id__gt=data["cursor"])
        objects = list(rows[: data["limit"] + 1])
        more = len(objects) > data["limit"]
        objects = objects[: data["limit"]]
        results = [trim(item, data.get("fields")) for item in self.represent(objects)]
        cursor = params.encode_cursor("id", [objects[-1].pk]) if more else None
        return Response({"results": results, "next": self.next_link(cursor) if cursor else None})


@extend_schema(parameters=[params.IdCursorParams], responses={200: OpenApiTypes.OBJECT, **ERRORS})
class RegionList(IdList):
    """Every place stories can be about; `parent` is the slug of the place it is in."""

    fields = ("id", "name", "slug", "level", "parent", "url")

    def queryset(self):
        return Region.objects.select_related("parent").only(
            "id", "name", "slug", "level", "parent__slug"
        )

    def represent(self, objects):
        return [
            {
                "id": r.pk,
                "name": r.name,
                "slug": r.slug,
                "level": r.level,
                "parent": r.parent.slug if r.parent_id else None,
                "url": absolute(reverse("articles:region_detail", kwargs={"slug": r.slug})),
            }
            for r in objects
        ]


@extend_schema(parameters=[params.IdCursorParams], responses={200: OpenApiTypes.OBJECT, **ERRORS})
class AuthorList(IdList):
    """Authors with the number of public stories they sign."""

    fields = ("id", "name", "slug", "job_title", "biography_html", "photo", "published_count",
              "url")  # fmt: skip

    def queryset(self):
        return Author.objects.only("id", "name", "slug", "job_title", "biography_html", "photo")

    def represent(self, objects):
        counts = published_counts(a.pk for a in objects)
        return [
            {
                "id": a.pk,
                "name": a.name,
                "slug": a.slug,
                "job_title": a.job_title,
                "biography_html": a.biography_html,
                "photo": absolute(a.photo_thumbnail_2x) if a.photo else None,
                "published_count": counts.get(a.pk, 0),
                "url": absolute(a.get_absolute_url()),
            }
            for a in objects
        ]


@extend_schema(parameters=[params.IdCursorParams], responses={200: OpenApiTypes.OBJECT, **ERRORS})
class TagList(IdList):
    """Tags of at least one public story (a tag of unpublished stories only is never named)."""

    fields = ("id", "name", "slug", "url")

    def queryset(self):
        public = Article.objects.published().values("pk")
        items = TaggedItem.objects.filter(
            tag=OuterRef("pk"),
            content_type__app_label="articles",
            content_type__model="article",
            object_id__in=public,
        )
        return Tag.objects.filter(Exists(items))

    def represent(self, objects):
        return [
            {
                "id": t.pk,
                "name": t.name,
                "slug": t.slug,
                "url": absolute(reverse("articles:tag_detail", kwargs={"slug": t.slug})),
            }
            for t in objects
        ]


class VerdictList(ApiView):
    """The verdict scale, in its order."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        self.check(params.NoParams)
        ratings = Rating.objects.all()
        results = [
            {
                "slug": r.slug,
                "label": r.label,
                "value": r.value,
                "description": r.description,
                "colour": r.colour,
            }
            for r in ratings
        ]
        return Response({"results": results})


class SearchView(ApiView):
    """Public stories matching `q`, best first (the site's search engine), no paging."""

    @extend_schema(parameters=[params.SearchParams], responses={200: OpenApiTypes.OBJECT, **ERRORS})
    def get(self, request):
        data = self.check(params.SearchParams)
        query = clean_query(data["q"])
        rows = search_articles(query) if has_terms(query) else Article.objects.none()
        rows = rows.filter(current_version__isnull=False).defer(
            *(f"current_version__{name}" for name in VERSION_DEFERRED)
        )
        results = [
            story_summary(article, article.current_version) for article in rows[: data["limit"]]
        ]
        return Response({"query": query, "results": results})


def _page(page: SitePage, full: bool) -> dict:
    data = {
        "kind": page.kind,
        "title": page.title,
        "slug": page.slug,
        "url": absolute(page.get_absolute_url()),
        "api_url": absolute(reverse("api:page_detail", kwargs={"slug": page.slug})),
        "updated_at": page.updated_at.isoformat(),
    }
    if full:
        data["body_html"] = page.body_html
    return data


class PageList(ApiView):
    """The newsroom's own pages: methodology, corrections policy, ownership, team, contact."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="pages_list")
    def get(self, request):
        self.check(params.NoParams)
        pages = SitePage.objects.defer("body", "body_html")
        return Response({"results": [_page(page, full=False) for page in pages]})


class PageDetail(ApiView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT, 404: PROBLEM})
    def get(self, request, slug):
        self.check(params.NoParams)
        page = SitePage.objects.filter(slug=slug).first()
        if page is None:
            return problem_response(404, "No such page.")
        return last_modified(Response(_page(page, full=True)), [page.updated_at])


class Index(ApiView):
    """What the API offers, as links."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        names = ("stories", "factchecks", "regions", "authors", "tags", "verdicts", "search",
                 "pages", "openapi")  # fmt: skip
        return Response(
            {
                "name": settings.SITE_NAME,
                "version": "v1",
                "documentation": absolute(reverse("api:openapi")),
                "resources": {name: absolute(reverse(f"api:{name}")) for name in names},
            }
        )
