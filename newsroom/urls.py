from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from articles import feeds
from articles import views as article_views
from articles.sitemaps import SITEMAPS
from factcheck import views as factcheck_views
from newsroom import views as site_views

# Language-neutral addresses: machines read these.
urlpatterns = [
    path("admin/", admin.site.urls),
    path("robots.txt", article_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", site_views.sitemap_index, name="sitemap_index"),
    path("sitemap-news.xml", site_views.news_sitemap, name="sitemap_news"),
    # No cache of their own: like every public output, sitemaps are kept by the
    # page cache, which forgets them at each change and at each scheduled time.
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("flux/articles.rss", feeds.LatestArticlesFeed(), name="feed_rss"),
    path("flux/articles.atom", feeds.LatestArticlesAtomFeed(), name="feed_atom"),
    path("flux/regions/<slug:slug>.rss", feeds.RegionArticlesFeed(), name="feed_region"),
    path(
        "verifications/claimreview.json",
        factcheck_views.claimreview_feed,
        name="claimreview_feed",
    ),
    path("api/v1/", include("api.urls")),
    path("verifications/verdicts.css", factcheck_views.verdict_css, name="verdict_css"),
]

# Pages for readers: French at the root, English under /en/.
urlpatterns += i18n_patterns(
    path("", include("factcheck.urls")),
    path("", include("articles.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
