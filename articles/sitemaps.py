"""Sitemaps: an index that paginates, and a Google News sitemap."""

from types import SimpleNamespace
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db.models import Exists, Max, Min, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from .models import Article, ArticleAuthor, Author, Region, SitePage


class SiteSitemap(Sitemap):
    """Absolute URLs on SITE_URL, whatever host the request came to."""

    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return settings.SITE_URL.split("://", 1)[1]


class IdRangePaginator:
    """Page n holds the public stories whose id is in (start + (n-1)·size, start + n·size],
    where `start` is just below the first public story's id.

    No OFFSET: the last page of a million stories costs what the first does.
    A page may hold fewer than `size` stories (drafts leave gaps); sitemaps
    allow that. New stories get new ids, so they land on the last page and
    earlier pages rarely change.
    """

    def __init__(self, queryset, size):
        self.queryset, self.size = queryset, size

    @cached_property
    def bounds(self):
        ids = self.queryset.aggregate(low=Min("pk"), high=Max("pk"))
        return (ids["low"] or 1) - 1, ids["high"] or 0

    @property
    def num_pages(self):
        start, top = self.bounds
        return max(1, -(-(top - start) // self.size))

    def page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError) as exc:
            raise PageNotAnInteger(number) from exc
        if not 1 <= number <= self.num_pages:
            raise EmptyPage(number)
        start = self.bounds[0]
        low, high = start + (number - 1) * self.size, start + number * self.size
        return SimpleNamespace(
            object_list=self.queryset.filter(pk__gt=low, pk__lte=high).order_by("pk")
        )


class ArticleSitemap(SiteSitemap):
    limit = 5000
    changefreq = "weekly"

    def items(self):
        return Article.objects.published().only("slug", "published_at", "content_updated_at")

    @property
    def paginator(self):
        return IdRangePaginator(self.items(), self.limit)

    def lastmod(self, item):
        return item.modified_at

    def get_latest_lastmod(self):
        # Django's default reads every story to find the latest. Two index lookups
        # instead (status + date, newest first), not an aggregate over the archive.
        public = Article.objects.published()
        moments = [
            public.order_by("-published_at").values_list("published_at", flat=True).first(),
            public.filter(content_updated_at__isnull=False)
            .order_by("-content_updated_at")
            .values_list("content_updated_at", flat=True)
            .first(),
        ]
        return max((moment for moment in moments if moment), default=None)


class RegionSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return Region.objects.only("slug").order_by("id")


class AuthorSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        signs_public = ArticleAuthor.objects.filter(
            author=OuterRef("pk"), article__in=Article.objects.published()
        )
        return Author.objects.filter(Exists(signs_public)).only("slug").order_by("id")


class PageSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return [
            ("articles:home", None),
            ("factcheck:index", None),
            ("articles:region_index", None),
            ("articles:corrections", None),
            *[("articles:page_detail", page.slug) for page in SitePage.objects.only("slug")],
        ]

    def location(self, item):
        name, slug = item
        return reverse(name, kwargs={"slug": slug}) if slug else reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "regions": RegionSitemap,
    "authors": AuthorSitemap,
    "articles": ArticleSitemap,
}


def news_items():
    """Stories of the last two days, for the Google News sitemap (at most 1,000)."""
    now = timezone.now()
    return list(
        Article.objects.published(now)
        .filter(published_at__gte=now - timezone.timedelta(days=2))
        .select_related("current_version")
        .only("slug", "title", "published_at", "language", "current_version__card")
        .order_by("-published_at")[:1000]
    )
