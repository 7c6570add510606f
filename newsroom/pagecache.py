"""Whole-page cache for anonymous readers, invalidated by content changes.

Every saved or deleted story, claim, source, correction, author, region, tag
or site page bumps one *generation* number kept in the shared cache (Redis in
production), and page keys include it: after a publish, a withdrawal or a
correction, no host serves the old page. A scheduled story becomes public
without any job because no page is cached past the next scheduled time.

Requests with a session cookie (staff) and responses that set a cookie are
never cached. Cached entries keep their ETag, so a hit can answer 304.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import get_conditional_response, set_response_etag

from newsroom.cache import shared_cache

GENERATION_KEY = "pagecache:generation"
NEXT_PUBLICATION_KEY = "pagecache:next-publication:%s"
UNCACHED_HEADERS = {"set-cookie", "x-cache", "date"}


def generation() -> int:
    store = shared_cache()
    value = store.get(GENERATION_KEY)
    if value is None:
        store.add(GENERATION_KEY, 1, None)
        value = store.get(GENERATION_KEY) or 1
    return value


def bump(**kwargs) -> None:
    """Forget every cached page (signal receiver: any content change).

    Bumped at once and again after the transaction commits: a reader who
    renders the page between the save and the commit would otherwise store
    the old content under the new generation.
    """
    _incr()
    transaction.on_commit(_incr)


def _incr():
    store = shared_cache()
    try:
        store.incr(GENERATION_KEY)
    except ValueError:
        store.set(GENERATION_KEY, 2, None)


def seconds_until_next_publication(gen: int) -> int | None:
    """Seconds before the next scheduled story goes public, or None."""
    key = NEXT_PUBLICATION_KEY % gen
    now = timezone.now().timestamp()
    when = cache.get(key)
    if when is None or 0 < when <= now:
        # Unknown, or the story it named is public now: look for the next one.
        from articles.models import Article

        upcoming = (
            Article.objects.scheduled()
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )
        when = upcoming.timestamp() if upcoming else 0
        cache.set(key, when, 3600)
    if not when:
        return None
    return max(0, int(when - now))


def content_timeout(gen: int, longest: int) -> int:
    """How long something derived from the content of generation `gen` may be cached."""
    until = seconds_until_next_publication(gen)
    return longest if until is None else min(longest, until)


def page_key(request, gen: int) -> str:
    # get_host() also validates ALLOWED_HOSTS, which a hit would otherwise skip.
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
    return f"pagecache:{gen}:{request.method == 'HEAD' and 'GET' or request.method}:{digest}"


def cacheable_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(settings.PAGE_CACHE_EXCLUDE)
        # Plain HTTP is redirected to HTTPS by SecurityMiddleware, never served.
        and (request.is_secure() or not settings.SECURE_SSL_REDIRECT)
    )


class AnonymousPageCacheMiddleware:
    """Serve anonymous GETs from the shared cache; store successful answers.

    First in MIDDLEWARE: a hit answers before any other middleware runs, and
    what is stored is the response as the others finished it (security
    headers, cache headers, ETag included).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_SECONDS or not cacheable_request(request):
            return self.get_response(request)
        gen = generation()
        key = page_key(request, gen)
        entry = cache.get(key)
        if entry is not None:
            return self.hit(request, entry)
        response = self.get_response(request)
        self.store(key, gen, response)
        return response

    def hit(self, request, entry):
        status, headers, content = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["X-Cache"] = "hit"
        conditional = get_conditional_response(
            request, etag=response.get("ETag"), response=response
        )
        if isinstance(conditional, HttpResponseNotModified):
            return conditional
        if request.method == "HEAD":
            response.content = b""
        return response

    def store(self, key, gen, response):
        if (
            response.status_code != 200
            or response.streaming
            or response.cookies
            or "private" in response.get("Cache-Control", "")
            or "no-store" in response.get("Cache-Control", "")
        ):
            return
        try:
            timeout = content_timeout(gen, settings.PAGE_CACHE_SECONDS)
        except DatabaseError:
            return  # the page was served; it just is not worth caching blind
        if timeout <= 0:
            return
        if not response.has_header("ETag"):
            set_response_etag(response)
        headers = [
            (name, value)
            for name, value in response.items()
            if name.lower() not in UNCACHED_HEADERS
        ]
        cache.set(key, (response.status_code, headers, response.content), timeout)
        response["X-Cache"] = "miss"
