"""Public pages. Every list goes through `Article.objects.published()`."""

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from taggit.models import Tag

from newsroom.db import CompiledQuery, RowsBy, UniqueLookup, from_row
from newsroom.frame import render, render_blocks
from newsroom.images import site_logo
from newsroom.pagination import dated_page

from . import list_pages, listing, record, story_page, structured_data
from .counts import published_counts
from .diff import compare_content
from .models import (
    Article,
    ArticleRedirect,
    Author,
    AuthorLink,
    PublishedVersion,
    Region,
    SitePage,
    Status,
)
from .models.article import VERSION_DEFERRED
from .search import clean_query, has_terms, highlight, search_page


@require_safe
def home(request):
    """Front page: latest stories, latest fact-checks, regions."""
    stories, factchecks = listing.front_page()
    graph = structured_data.front_page_graph(stories, items=False)
    json_ld = structured_data.listed_json_ld(graph, stories)
    blocks = list_pages.front_blocks(stories, factchecks, json_ld)
    return render_blocks(request, "articles/home.html", blocks)


def can_preview(user):
    return user.is_active and user.is_staff and user.has_perm("articles.view_article")


_STORY_FIELDS = (
    "slug",
    "status",
    "published_at",
    "withdrawal_reason",
    "withdrawn_at",
    "title",
)
_VERSION_FIELDS = (
    "number",
    "kind",
    "path",
    "card",
    "bodies",
    "json_ld",
    "published_at",
    "created_at",
)


def _readers_story_rows(slug, now):
    return (
        (Article.objects.published(now=now) | Article.objects.withdrawn())
        .filter(slug=slug)
        .order_by()  # the slug is unique
        .values_list(
            "pk",
            *_STORY_FIELDS,
            "current_version",
            *(f"current_version__{name}" for name in _VERSION_FIELDS),
        )[:1]
    )


# The lookup of every reader's story request, compiled once (newsroom/db.py).
_readers_story = CompiledQuery(
    Article,
    _readers_story_rows,
    {
        "slug": (Article._meta.get_field("slug"), "\x00stand-in"),
        "now": listing.NOW,
    },
)


def _story_row(slug, readers_only=True):
    """The story at `slug` with its current version, in one query (None if not found).

    With `readers_only`, only a story readers may reach (public, or withdrawn:
    410) is found: a draft's slug costs the same query as an unknown one, so
    neither the answer nor its timing tells that an unpublished story exists.
    That lookup runs on every reader's request: its SQL is compiled once
    (`CompiledQuery`), and the row becomes the story and its version without
    building a queryset.
    """
    if not readers_only:
        return (
            Article.objects.filter(slug=slug)
            .select_related("current_version")
            .only(*_STORY_FIELDS, *(f"current_version__{name}" for name in _VERSION_FIELDS))
            .first()
        )
    rows = _readers_story(slug=slug, now=timezone.now())
    if not rows:
        return None
    pk, *row = rows[0]
    split = len(_STORY_FIELDS)
    version_pk, *version_values = row[split:]
    story_values = dict(zip(_STORY_FIELDS, row[:split], strict=True))
    article = from_row(Article, {"id": pk, **story_values, "current_version_id": version_pk})
    if version_pk is not None:
        version = dict(zip(_VERSION_FIELDS, version_values, strict=True))
        article.current_version = from_row(
            PublishedVersion, {"id": version_pk, "article_id": pk, **version}
        )
    return article


def _moved(request, slug, view_name="articles:article_detail", **kwargs):
    """A permanent redirect from a former address of a story, or Http404."""
    redirect = ArticleRedirect.objects.filter(old_slug=slug).select_related("article").first()
    if redirect is None:
        raise Http404
    return HttpResponsePermanentRedirect(
        reverse(view_name, kwargs={"slug": redirect.article.slug, **kwargs})
    )


def _frozen(version, current, text):
    """`text` of `version` with the story's address as it is now, `current` (slug
    renamed since)."""
    if version.path != current:
        text = text.replace(settings.SITE_URL + version.path, settings.SITE_URL + current).replace(
            f'"{version.path}', f'"{current}'
        )
    return text


def _body(version, current):
    language = translation.get_language()
    bodies = version.bodies
    return _frozen(version, current, bodies.get(language) or bodies.get(settings.LANGUAGE_CODE, ""))


def _authors(card):
    """The story's authors for their boxes, as published, with their live counts (a
    cached story page keeps them at most PAGE_CACHE_SECONDS: newsroom/pagecache.py)."""
    authors = card.get("bylines", [])
    counts = published_counts((a["id"] for a in authors if "id" in a), exact=False)
    return [{**author, "published_count": counts.get(author.get("id"))} for author in authors]


def _own_language(card) -> bool:
    """Whether the page is served in the story's own language.

    The English interface of a French story is the same story with English labels,
    not an English page: its canonical URL is the French one, and only the French page
    carries the story's JSON-LD (one copy of each ClaimReview)."""
    return translation.get_language() == card.get("language", settings.LANGUAGE_CODE)


@require_safe
def article_detail(request, slug):
    """The story as its latest published version froze it; 410 once withdrawn.

    Readers: one query for a public or withdrawn story; a draft's slug and an
    unknown slug take the same two (story, former address) and end in 404.
    Staff who may preview see unpublished stories.
    """
    article = _story_row(slug)
    if article is None and can_preview(request.user):
        article = _story_row(slug, readers_only=False)
    if article is None:
        return _moved(request, slug)
    version = article.current_version
    if article.status == Status.WITHDRAWN:
        return _withdrawn(request, article)
    if not article.is_public:
        return _preview(request, article)
    if version is None:  # published before the record existed: render it live
        return _preview(request, article, preview=False)
    path = record.story_path(article)
    blocks = story_page.blocks(
        version.card,
        path=path,
        body=_body(version, path),
        json_ld=_frozen(version, path, version.json_ld) if _own_language(version.card) else "",
        authors=_authors(version.card),
        versions=version.number,
        slug=article.slug,
        site_logo=site_logo,
        query_string=request.META.get("QUERY_STRING", ""),
    )
    response = render_blocks(request, "articles/article_detail.html", blocks)
    response["Last-Modified"] = http_date(max(version.published_at, version.created_at).timestamp())
    return response


def _preview(request, article, preview=True):
    rendering = record.render(article, preview=True)
    language = translation.get_language()
    blocks = story_page.blocks(
        rendering.card,
        path=record.story_path(article),
        body=rendering.bodies.get(language) or rendering.bodies[settings.LANGUAGE_CODE],
        json_ld=rendering.json_ld if _own_language(rendering.card) else "",
        authors=_authors(rendering.card),
        versions=0,
        slug=article.slug,
        site_logo=site_logo,
        preview_status=article.get_status_display() if preview else None,
        query_string=request.META.get("QUERY_STRING", ""),
    )
    return render_blocks(request, "articles/article_detail.html", blocks)


def _withdrawn(request, article):
    version = article.current_version
    if version is not None and version.kind == PublishedVersion.Kind.WITHDRAWAL:
        body = _body(version, record.story_path(article))
    else:
        body = render_to_string(
            "articles/story_withdrawn_body.html",
            {
                "card": {"title": article.title},
                "reason": article.withdrawal_reason,
                "withdrawn_at": article.withdrawn_at,
            },
        )
    return render(
        request,
        "articles/article_withdrawn.html",
        {"body": body, "title": article.title},
        status=410,
    )


def _public_story(slug):
    """The public story at `slug`, or None (unknown or not public: the same one query)."""
    article = (
        (Article.objects.published() | Article.objects.withdrawn())
        .filter(slug=slug)
        .only("slug", "status", "published_at")
        .first()
    )
    if article is not None and article.status == Status.WITHDRAWN:
        raise Gone
    return article


class Gone(Exception):
    """A withdrawn story: its versions are not served any more."""


@require_safe
def article_versions(request, slug):
    """Every published version of a story, newest first, with why it changed."""
    try:
        article = _public_story(slug)
    except Gone:
        return _withdrawn(request, Article.objects.select_related("current_version").get(slug=slug))
    if article is None:
        return _moved(request, slug, "articles:article_versions")
    versions = article.versions.public().defer(*VERSION_DEFERRED).order_by("-number")
    return render(
        request,
        "articles/article_versions.html",
        {"article": article, "published_versions": versions, "card": article.card},
    )


@require_safe
def article_version(request, slug, number):
    """One published version as readers saw it, with what changed from the one before."""
    try:
        article = _public_story(slug)
    except Gone:
        return _withdrawn(request, Article.objects.select_related("current_version").get(slug=slug))
    if article is None:
        return _moved(request, slug, "articles:article_version", number=number)
    version = get_object_or_404(article.versions.public(), number=number)
    previous = article.versions.public().filter(number=number - 1).first()
    changes = compare_content(previous.content, version.content) if previous else []
    return render(
        request,
        "articles/article_version.html",
        {
            "article": article,
            "version": version,
            "previous": previous,
            "changes": changes,
            "body": _body(version, record.story_path(article)),
            "card": version.card,
        },
    )


@require_safe
def region_index(request):
    regions = Region.objects.filter(level__in=[Region.Level.REGION]).prefetch_related("children")
    return render(request, "articles/region_index.html", {"regions": regions})


@require_safe
def region_detail(request, slug):
    found = Region.located(slug)
    if found is None:
        raise Http404
    region, places = found
    page = listing.in_region(request, region, places)
    # The larger places it belongs to, below the country: "Normandie › Calvados".
    breadcrumbs = [place for place in region.ancestors() if place.level != Region.Level.COUNTRY]
    blocks = list_pages.region_blocks(request, region, page, breadcrumbs)
    return render_blocks(request, "articles/region_detail.html", blocks, page=page)


# The lookups of every author and tag page, compiled once (newsroom/db.py).
_author_by_slug = UniqueLookup(Author)
_links_of = RowsBy(AuthorLink, "author", stand_in=-(2**62) + 11)
_tag_by_slug = UniqueLookup(Tag)


@require_safe
def author_detail(request, slug):
    author = _author_by_slug(slug)
    if author is None:
        raise Http404
    links = _links_of(author.pk)
    page = listing.by_author(request, author)
    count = published_counts([author.pk])[author.pk]
    json_ld = structured_data.json_ld(structured_data.author_profile(author, links))
    blocks = list_pages.author_blocks(request, author, links, page, count, json_ld)
    return render_blocks(request, "articles/author_detail.html", blocks, page=page)


@require_safe
def tag_detail(request, slug):
    tag = _tag_by_slug(slug)
    if tag is None:
        raise Http404
    page = listing.tagged(request, tag)
    if not page.object_list:
        raise Http404  # a tag of unpublished stories only must not reveal their subject
    blocks = list_pages.tag_blocks(request, tag, page)
    return render_blocks(request, "articles/tag_detail.html", blocks, page=page)


@require_safe
def page_detail(request, slug):
    page = get_object_or_404(SitePage, slug=slug)
    return render(request, "articles/sitepage_detail.html", {"sitepage": page})


# Versions readers are told about: every public change with its note, and withdrawals.
LOGGED_KINDS = (
    PublishedVersion.Kind.CORRECTION,
    PublishedVersion.Kind.CLARIFICATION,
    PublishedVersion.Kind.UPDATE,
    PublishedVersion.Kind.VERDICT,
    PublishedVersion.Kind.WITHDRAWAL,
)


@require_safe
def corrections_log(request):
    """Every correction, clarification, update, verdict change and withdrawal, latest first."""
    entries = (
        PublishedVersion.objects.public()
        .filter(kind__in=LOGGED_KINDS)
        .filter(article__status__in=[Status.PUBLISHED, Status.WITHDRAWN])
        .select_related("article")
        .only(
            "number", "kind", "published_at", "reason", "card", "article__slug", "article__status"
        )
    )
    page = dated_page(request, entries)
    return render(request, "articles/corrections_log.html", {"page": page})


@require_safe
def search(request):
    query = clean_query(request.GET.get("q"))
    searched = has_terms(query)
    page = None
    if searched:
        page = search_page(request, query)
        for article in page.object_list:
            snippet = highlight(getattr(article, "snippet", ""))
            article.highlighted = snippet or article.card.introduction
    blocks = list_pages.search_blocks(request, query, page, searched=searched)
    return render_blocks(request, "articles/search.html", blocks, page=page)


@require_safe
def robots_txt(request):
    search_paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            search_paths.append(reverse("articles:search"))
    lines = [
        "User-agent: *",
        f"Allow: {reverse('claimreview_feed')}",
        f"Disallow: {reverse('admin:index')}",
        *(f"Disallow: {path}" for path in dict.fromkeys(search_paths)),
        "",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap_index')}",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap_news')}",
        "",
        "# Every published ClaimReview, as a schema.org DataFeed:",
        f"# {settings.SITE_URL}{reverse('claimreview_feed')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
