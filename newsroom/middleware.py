"""HTTP caching for the reader site.

Anonymous readers all see the same pages, so a shared cache (a CDN, Varnish,
nginx) may keep them for a minute: a story that goes viral is then served
from the cache, and a correction still shows within a minute. Pages for
logged-in staff (previews, the admin bar of the future) are private. Every
page gets an ETag, so that a browser revalidating its copy gets a 304: Django's
ConditionalGetMiddleware, placed just before this one, adds it to what this sets.

Place it before SessionMiddleware: on the way out it then sees every cookie
the inner middleware set, and a response that sets one is never public.
"""

from django.http import QueryDict
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from newsroom.text import clean_text, has_junk

PUBLIC_MAX_AGE = 60
PUBLIC_CACHE_CONTROL = f"public, max-age={PUBLIC_MAX_AGE}, s-maxage={PUBLIC_MAX_AGE}"
PRIVATE_CACHE_CONTROL = "private, no-cache"


class PublicCacheHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self._admin_prefix = None

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if request.path_info.startswith(self.admin_prefix):
            return response  # the admin sets its own never-cache headers
        if not response.has_header("Cache-Control"):
            user = getattr(request, "user", None)
            if (user is not None and user.is_authenticated) or response.cookies:
                response["Cache-Control"] = PRIVATE_CACHE_CONTROL
            else:
                response["Cache-Control"] = PUBLIC_CACHE_CONTROL
        patch_vary_headers(response, ("Cookie", "Accept-Language"))
        return response

    @property
    def admin_prefix(self):
        if self._admin_prefix is None:
            self._admin_prefix = reverse("admin:index")
        return self._admin_prefix


class CleanQueryParametersMiddleware:
    """Query parameters reach views without control characters (newsroom/text.py).

    A NUL byte in `?tag=%00` or in an autocomplete term goes from a filter to
    PostgreSQL, which refuses the whole query: a 500. Nobody means to type
    these characters, and every search, filter, date drill-down and
    autocomplete of the admin (Django's, taggit's and ours) passes parameters
    on, so they are dropped here, once, before any view reads them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.GET
        if any(has_junk(key) or any(map(has_junk, values)) for key, values in query.lists()):
            cleaned = QueryDict(mutable=True)
            for key, values in query.lists():
                for value in values:
                    cleaned.appendlist(
                        clean_text(key, multiline=False), clean_text(value, multiline=False)
                    )
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)
