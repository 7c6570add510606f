"""Site pages in the page footer (registered in newsroom/context_processors.py)."""

from django.core.cache import cache
from django.urls import reverse

from newsroom.text import in_language

from .models import SitePage

# v3: entries hold the English title too.
# v2: entries hold slugs, not URLs (a URL cached by an /en/ request sent French readers to /en/).
SITE_PAGES_CACHE_KEY = "newsroom:site-pages:v3"


def footer_pages() -> list[tuple[str, str, str]]:
    """(title, url, kind) of the site pages in the active language; cached until a page is saved."""
    pages = cache.get(SITE_PAGES_CACHE_KEY)
    if pages is None:
        pages = [
            (page.title, page.title_en, page.slug, page.kind)
            for page in SitePage.objects.only("title", "title_en", "slug", "kind")
        ]
        cache.set(SITE_PAGES_CACHE_KEY, pages, 3600)
    return [
        (in_language(title, title_en), reverse("articles:page_detail", kwargs={"slug": slug}), kind)
        for title, title_en, slug, kind in pages
    ]
