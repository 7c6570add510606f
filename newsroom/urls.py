"""The project's URLconf: the one module of newsroom/ that names the apps.

It composes the apps' views into the site; every other module of newsroom/
is a leaf utility that imports no app (tests/newsroom/test_layers.py).
"""

from pathlib import Path

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from accounts.urls import password_reset_urlpatterns
from articles import feeds, sitemap_views
from articles import views as article_views
from articles.sitemaps import SITEMAPS
from factcheck import feed as factcheck_feed
from factcheck import views as factcheck_views
from newsroom import richtext

# Language-neutral addresses: machines read these.
urlpatterns = [
    # Before the admin's own: second factor, security page, password reset.
    path("admin/", include("accounts.urls")),
    path("admin/", include(password_reset_urlpatterns)),
    path("admin/", include(richtext.urlpatterns)),
    path("admin/", admin.site.urls),
    path("robots.txt", article_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap_views.sitemap_index, name="sitemap_index"),
    path("sitemap-news.xml", sitemap_views.news_sitemap, name="sitemap_news"),
    # No cache of their own: like every public output, sitemaps are kept by the
    # page cache, which forgets them at each change and at each scheduled time.
    path(
        "sitemap-<section>.xml",
        sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("flux/articles.rss", feeds.LatestArticlesFeed(), name="feed_rss"),
    path("flux/articles.atom", feeds.LatestArticlesAtomFeed(), name="feed_atom"),
    path("flux/regions/<slug:slug>.rss", feeds.RegionArticlesFeed(), name="feed_region"),
    path(
        "verifications/claimreview.json",
        factcheck_feed.claimreview_feed,
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
    # Like nginx in production (docs/deploy.md): only renditions are public, never the
    # uploaded originals, which may carry GPS positions and camera serial numbers.
    urlpatterns += static(
        f"{settings.MEDIA_URL}renditions/", document_root=Path(settings.MEDIA_ROOT, "renditions")
    )
if settings.DEBUG_TOOLBAR:
    from debug_toolbar.toolbar import debug_toolbar_urls

    urlpatterns += debug_toolbar_urls()

# In the admin: the newsroom's own pages, saying why and where to go (newsroom/errors.py).
handler403 = "newsroom.errors.permission_denied"
handler404 = "newsroom.errors.page_not_found"
handler500 = "newsroom.errors.server_error"
