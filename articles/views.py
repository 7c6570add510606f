from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from taggit.models import Tag

from .models import Article, ArticleAuthor, Author, Region, SitePage, Status

PAGE_SIZE = 20


def paginate(request, queryset, per_page=PAGE_SIZE):
    """The requested page of `queryset`; 404 for a page that does not exist."""
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except (EmptyPage, PageNotAnInteger) as exc:
        raise Http404 from exc


def home(request):
    """Front page: latest stories, latest fact-checks, regions."""
    stories = list(Article.objects.published().for_listing().latest_first()[:12])
    regions = Region.objects.filter(level=Region.Level.REGION)
    return render(request, "articles/home.html", {"stories": stories, "regions": regions})


def story_queryset():
    """Everything the story page shows, in a fixed number of queries."""
    return Article.objects.select_related("region").prefetch_related(
        "tags",
        "quotes",
        "corrections",
        Prefetch("bylines", queryset=ArticleAuthor.objects.select_related("author")),
        "sources__outlet",
        "claims__rating",
        "claims__sources__outlet",
        "claims__appearances",
    )


def can_preview(user):
    return user.is_active and user.is_staff and user.has_perm("articles.view_article")


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
    return render(request, "articles/article_detail.html", {"article": article, "preview": preview})


def region_detail(request, slug):
    region = get_object_or_404(Region, slug=slug)
    page = paginate(
        request, Article.objects.published().for_region(region).for_listing().latest_first()
    )
    return render(request, "articles/region_detail.html", {"region": region, "page": page})


def author_detail(request, slug):
    author = get_object_or_404(Author.objects.prefetch_related("links"), slug=slug)
    stories = Article.objects.published().filter(bylines__author=author)
    page = paginate(request, stories.for_listing().latest_first())
    return render(request, "articles/author_detail.html", {"author": author, "page": page})


def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    page = paginate(
        request, Article.objects.published().filter(tags=tag).for_listing().latest_first()
    )
    return render(request, "articles/tag_detail.html", {"tag": tag, "page": page})


def page_detail(request, slug):
    page = get_object_or_404(SitePage, slug=slug)
    return render(request, "articles/sitepage_detail.html", {"sitepage": page})
