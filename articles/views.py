"""Public pages. Every list goes through `Article.objects.published()`."""

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import http_date, urlencode
from django.views.decorators.http import require_safe
from taggit.models import Tag

from newsroom.pagination import list_page

from .counts import published_counts
from .models import Article, ArticleAuthor, Author, Correction, Region, SitePage, Status
from .search import clean_query, has_terms, highlight, search_articles
from .structured_data import json_ld, story_graph


@require_safe
def home(request):
    """Front page: latest stories, latest fact-checks, regions."""
    stories = list(Article.objects.published().for_listing().latest_first()[:12])
    factchecks = list(Article.objects.published().fact_checked().for_listing().latest_first()[:6])
    regions = Region.objects.filter(level=Region.Level.REGION)
    return render(
        request,
        "articles/home.html",
        {"stories": stories, "factchecks": factchecks, "regions": regions},
    )


def story_queryset():
    """Everything the story page shows, in a fixed number of queries."""
    bylines = ArticleAuthor.objects.select_related("author")
    # Sources and claims live in factcheck, which articles does not import: reach
    # their models through the reverse relations.
    sources = Article._meta.get_field("sources").related_model._default_manager
    claims = Article._meta.get_field("claims").related_model._default_manager
    with_outlet = sources.select_related("outlet")
    return Article.objects.select_related("region").prefetch_related(
        "tags",
        "quotes",
        "corrections",
        Prefetch("bylines", queryset=bylines),
        Prefetch("sources", queryset=with_outlet),
        Prefetch(
            "claims",
            queryset=claims.select_related("rating").prefetch_related(
                Prefetch("sources", queryset=with_outlet), "appearances"
            ),
        ),
    )


def can_preview(user):
    return user.is_active and user.is_staff and user.has_perm("articles.view_article")


@require_safe
def article_detail(request, slug):
    article = get_object_or_404(story_queryset(), slug=slug)
    preview = False
    if not article.is_public:
        if article.status == Status.WITHDRAWN:
            return render(
                request, "articles/article_withdrawn.html", {"article": article}, status=410
            )
        if not can_preview(request.user):
            raise Http404
        preview = True
    bylines = list(article.bylines.all())
    counts = published_counts(byline.author_id for byline in bylines)
    for byline in bylines:
        byline.author_published = counts[byline.author_id]
    context = {
        "article": article,
        "preview": preview,
        "json_ld": json_ld(story_graph(article)),
    }
    response = render(request, "articles/article_detail.html", context)
    if not preview:
        response["Last-Modified"] = http_date(last_modified(article).timestamp())
    return response


def last_modified(article):
    """The latest change a reader of the story page can see (corrections included)."""
    moments = [article.modified_at, article.updated_at]
    moments += [correction.published_at for correction in article.corrections.all()]
    return max(moment for moment in moments if moment is not None)


@require_safe
def region_index(request):
    regions = Region.objects.filter(level__in=[Region.Level.REGION]).prefetch_related("children")
    return render(request, "articles/region_index.html", {"regions": regions})


@require_safe
def region_detail(request, slug):
    region = get_object_or_404(Region.objects.select_related(Region.ANCESTRY), slug=slug)
    page = list_page(
        request, Article.objects.published().for_region(region).for_listing().latest_first()
    )
    # The larger places it belongs to, below the country: "Normandie › Calvados".
    breadcrumbs = [place for place in region.ancestors() if place.level != Region.Level.COUNTRY]
    return render(
        request,
        "articles/region_detail.html",
        {"region": region, "page": page, "breadcrumbs": breadcrumbs},
    )


@require_safe
def author_detail(request, slug):
    author = get_object_or_404(Author.objects.prefetch_related("links"), slug=slug)
    stories = Article.objects.published().filter(bylines__author=author)
    page = list_page(request, stories.for_listing().latest_first())
    count = published_counts([author.pk])[author.pk]
    return render(
        request, "articles/author_detail.html", {"author": author, "page": page, "count": count}
    )


@require_safe
def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    page = list_page(request, Article.objects.published().tagged(tag).for_listing().latest_first())
    if not page.object_list:
        raise Http404  # a tag of unpublished stories only must not reveal their subject
    return render(request, "articles/tag_detail.html", {"tag": tag, "page": page})


@require_safe
def page_detail(request, slug):
    page = get_object_or_404(SitePage, slug=slug)
    return render(request, "articles/sitepage_detail.html", {"sitepage": page})


@require_safe
def corrections_log(request):
    corrections = (
        Correction.objects.filter(article__in=Article.objects.published())
        .select_related("article")
        .order_by("-published_at", "-id")
    )
    page = list_page(request, corrections)
    return render(request, "articles/corrections_log.html", {"page": page})


@require_safe
def search(request):
    query = clean_query(request.GET.get("q"))
    searched = has_terms(query)
    page = None
    if searched:
        page = list_page(request, search_articles(query))
        for article in page.object_list:
            article.highlighted = highlight(getattr(article, "snippet", "")) or article.introduction
    return render(
        request,
        "articles/search.html",
        {
            "query": query,
            "page": page,
            "searched": searched,
            # The form was sent without a word to look for (not the first visit).
            "empty_query": "q" in request.GET and not searched,
            "query_string": urlencode({"q": query}) if query else "",
        },
    )


@require_safe
def robots_txt(request):
    search_paths = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            search_paths.append(reverse("articles:search"))
    lines = [
        "User-agent: *",
        f"Disallow: {reverse('admin:index')}",
        *(f"Disallow: {path}" for path in dict.fromkeys(search_paths)),
        "",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap_index')}",
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap_news')}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
