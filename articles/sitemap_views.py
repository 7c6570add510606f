"""Sitemap index and Google News sitemap (the sections are Django's sitemap view)."""

from django.conf import settings
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from newsroom.text import xml_text

from .sitemaps import SITEMAPS, news_items


@require_safe
@x_robots_tag
def sitemap_index(request):
    """The sitemap index: every page of every section, on SITE_URL.

    Django's own index view names the sections on the host the request came
    to (an internal address behind a proxy), not on the public site.
    """
    items, latest = [], []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        location = settings.SITE_URL + reverse("sitemap_section", kwargs={"section": section})
        lastmod = sitemap.get_latest_lastmod()
        latest.append(lastmod)
        items.append(SitemapIndexItem(location, lastmod))
        items += [
            SitemapIndexItem(f"{location}?p={number}", lastmod)
            for number in range(2, sitemap.paginator.num_pages + 1)
        ]
    headers = None
    if latest and all(latest):
        headers = {"Last-Modified": http_date(max(latest).timestamp())}
    return TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": items},
        content_type="application/xml",
        headers=headers,
    )


@require_safe
def news_sitemap(request):
    """Google News sitemap: stories of the last two days.

    Cleaned as a whole (newsroom/text.py): a control character stored before
    text fields were cleaned on input would make the document invalid XML.
    """
    document = render_to_string(
        "sitemap_news.xml",
        {"articles": news_items(), "SITE_URL": settings.SITE_URL, "SITE_NAME": settings.SITE_NAME},
        request=request,
    )
    return HttpResponse(xml_text(document), content_type="application/xml; charset=utf-8")
