from django.conf import settings
from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

SITE_PAGES_CACHE_KEY = "newsroom:site-pages"


def footer_pages():
    """(title, url) of the site pages, cached until a page is saved."""
    pages = cache.get(SITE_PAGES_CACHE_KEY)
    if pages is None:
        from articles.models import SitePage

        pages = [
            (page.title, page.get_absolute_url(), page.kind)
            for page in SitePage.objects.only("title", "slug", "kind")
        ]
        cache.set(SITE_PAGES_CACHE_KEY, pages, 3600)
    return pages


def site(request):
    """Site name, canonical base URL and footer links for every template."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "site_pages": SimpleLazyObject(footer_pages),
    }
