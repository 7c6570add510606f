"""Old addresses of an imported site answer 301 to their new page.

Only requests that would otherwise fail are looked up: a GET or HEAD that our
URLs answer with 404, and the home page asked with WordPress's ``?p=ID`` or
``?page_id=ID``. Everything else passes untouched, and a 404 not in the table
stays a 404. Targets are paths on this site (a story is followed through its
renames), never another host.
"""

from django.http import HttpResponsePermanentRedirect

from .models import LegacyRedirect
from .services import normalise_path

_QUERY_KEYS = ("p", "page_id")


class LegacyRedirectMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and request.path == "/":
            for key in _QUERY_KEYS:
                value = request.GET.get(key, "")
                if value.isdigit():
                    found = self._redirect(f"/?{key}={int(value)}")
                    if found:
                        return found
        response = self.get_response(request)
        if response.status_code == 404 and request.method in ("GET", "HEAD"):
            return self._redirect(normalise_path(request.path)) or response
        return response

    def _redirect(self, old_path):
        entry = (
            LegacyRedirect.objects.filter(old_path=old_path[:500])
            .select_related("article")
            .only("article__slug", "target_path")
            .first()
        )
        target = entry.target() if entry else None
        return HttpResponsePermanentRedirect(target) if target else None
