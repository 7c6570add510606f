from django.conf import settings
from django.shortcuts import render
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_safe

from articles.sitemaps import news_items


@require_safe
@cache_page(300)
def news_sitemap(request):
    """Google News sitemap: stories of the last two days."""
    return render(
        request,
        "sitemap_news.xml",
        {"articles": news_items(), "SITE_URL": settings.SITE_URL, "SITE_NAME": settings.SITE_NAME},
        content_type="application/xml; charset=utf-8",
    )
