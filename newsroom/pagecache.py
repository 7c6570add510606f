"""Whole-page cache for anonymous readers, invalidated by what each page shows.

Page keys carry *generations* (numbers kept in a cache every worker sees;
Redis in production) of what the page depends on, so that after a change no
host serves the old page, and only the pages that show the change are missed:

- ``site``: names and settings every page may show (regions, authors' profiles,
  site pages, the verdict scale, tags renamed). Bumped, it forgets everything.
- ``lists``: what lists stories (front, region, tag, author, fact-check index,
  search, feeds, sitemaps, the API's lists, counts). Bumped when a story's
  public state changes: a publication, a correction, a withdrawal, a public
  story's live region or tags edited.
- ``story:<slug>``: the pages of one story (its page, its versions, its API
  item; `STORY_PATHS`). Bumped with that story's changes only.

A story page's author boxes count each author's public stories: that count is
not part of the record and is allowed to lag by at most PAGE_CACHE_SECONDS
(a page is never kept longer), rather than making every publication forget
every story page of a prolific author.

Saving a draft that was never public bumps nothing: readers cannot see it.
A scheduled story becomes public without any job because no list is cached
past the next scheduled time. A story's own pages are: until its time a
scheduled story is a 404, never cached, and its time changes nothing on the
other stories' pages.

Story generations live in the page cache with a timeout and may be evicted: a
missing one starts again from the current ``lists`` number, which every story
change also bumps, so an evicted number can never bring an old page back.
``site`` and ``lists`` never expire (docs/deploy.md: Redis evicts only keys
with a timeout).

Tracking parameters (utm_*, fbclid, gclid…) are not part of a page's key.
Requests with a session cookie (staff) and responses that set a cookie are
never cached. Cached entries keep their ETag, so a hit can answer 304.

Two doors to the same entries: `CachedPages` wraps the WSGI application
(newsroom/wsgi.py) and answers hits without building a Django request; the
middleware, first in MIDDLEWARE, stores misses and answers hits that reach
Django another way (runserver, the test client).

Each worker also keeps the pages it served last in its own memory
(`HotPages`, PAGE_CACHE_HOT_BYTES), each stamped with the host's *change
number* read before the page was looked up. Every bump moves that number
after the generations, so a copy whose stamp is still the current number is
the page a full lookup would find. Without Redis the number is a file of the
cache folder mapped into each worker's memory: checking it is a memory read,
where a full lookup reads four files. With Redis it is one small GET.
"""

from __future__ import annotations

import contextlib
import hashlib
import mmap
import os
import re
import secrets
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from datetime import datetime
from http.client import responses
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.filebased import FileBasedCache
from django.db import DatabaseError, transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse, HttpResponseNotModified
from django.http.request import split_domain_port, validate_host
from django.utils import timezone
from django.utils.cache import get_conditional_response, set_response_etag

from newsroom.cache import shared_cache

SITE = "site"
LISTS = "lists"
GENERATION_KEY = "pagecache:gen:%s"
# How long a story's generation is kept once set: longer than
# any page lives (PAGE_CACHE_SECONDS), so that it outlives the pages keyed by it.
SCOPE_TIMEOUT = 24 * 3600
NEXT_PUBLICATION_KEY = "pagecache:next-publication:%s"
# Where the lookup leaves the scope and number a page is keyed by, for the store.
SCOPE_ENVIRON_KEY = "newsroom.pagecache.scope"
# Where the lookup leaves the hot copy's key and the change number it read, for the store.
HOT_ENVIRON_KEY = "newsroom.pagecache.hot"
CHANGES_KEY = "pagecache:changes"
CHANGES_FILE = "pagecache-changes"
# A page, and a withdrawn story's notice (410 Gone): both change only with the content.
CACHED_STATUSES = (200, 410)
UNCACHED_HEADERS = {"set-cookie", "x-cache", "date", "content-length"}

# Apps name the paths that show one story only, as patterns with a `slug` group
# matched against PATH_INFO (articles: /articles/<slug>/…, the API's story).
# newsroom imports no app; the apps register here from their AppConfig.ready().
STORY_PATHS: list[re.Pattern] = []


def story_scope(slug: str) -> str:
    return f"story:{slug}"


def scope_of(path: str) -> str:
    """The scope of the page at `path`: one story's, or the lists'."""
    for pattern in STORY_PATHS:
        match = pattern.match(path)
        if match:
            return story_scope(match["slug"])
    return LISTS


def _global(scope: str) -> bool:
    return scope in (SITE, LISTS)


def _stores():
    """(store of site and lists, store of the other scopes); one store with Redis."""
    return shared_cache(), cache


def _read(scopes: list[str]) -> dict[str, int | None]:
    """{scope: its stored generation or None}, at most one read per store."""
    shared, local = _stores()
    keys = {GENERATION_KEY % scope: scope for scope in scopes}
    if shared is local:
        found = shared.get_many(list(keys))
    else:
        site_wide = [key for key, scope in keys.items() if _global(scope)]
        others = [key for key, scope in keys.items() if not _global(scope)]
        found = shared.get_many(site_wide) if site_wide else {}
        if others:
            found.update(local.get_many(others))
    return {scope: found.get(key) for key, scope in keys.items()}


def generations(scopes: Iterable[str], *, keep: bool = True) -> dict[str, int]:
    """{scope: its current generation} for `scopes` (site and lists always included).

    A story without a number (never changed, or evicted) takes the current
    ``lists`` number; with `keep`, it is stored and kept. The page cache's lookup
    does not keep it (any address may name a story: `/articles/<anything>/` must
    not write to the cache); a page stored under it does (`remember_scope`).
    """
    wanted = list(dict.fromkeys([SITE, LISTS, *scopes]))
    number = _mapped_change_number()
    held = SITE_WIDE_GENERATIONS.get("held")
    if number is not None and held is not None and held[0] == number:
        values = {**held[1], **(_read(wanted[2:]) if len(wanted) > 2 else {})}
    else:
        values = _read(wanted)
    shared, local = _stores()
    for scope in (SITE, LISTS):
        if values[scope] is None:
            key = GENERATION_KEY % scope
            shared.add(key, 1, None)
            values[scope] = shared.get(key) or 1
    if number is not None:
        SITE_WIDE_GENERATIONS["held"] = (number, {SITE: values[SITE], LISTS: values[LISTS]})
    for scope, value in values.items():
        if value is None:
            values[scope] = values[LISTS]
            if keep:
                remember_scope(scope, values[LISTS])
                values[scope] = local.get(GENERATION_KEY % scope) or values[LISTS]
    return values


# The site and lists generations this process read last, with the host's change
# number read before them, when that number is a mapped file (no Redis): every bump
# moves it after the generations, so while it reads the same the generations have
# not moved. Saves the file reads of two generations (about 50 µs) on every page.
SITE_WIDE_GENERATIONS: dict[str, tuple[int, dict[str, int]]] = {}


def _mapped_change_number() -> int | None:
    """The change number when it costs no system call (a mapped file), else None."""
    try:
        mapped = _mapped_number(shared_cache())
        return mapped.read() if mapped is not None else None
    except (OSError, ValueError):
        return None


def remember_scope(scope: str, value: int) -> None:
    """Keep `value` as the generation of `scope` unless it has one already."""
    _shared, local = _stores()
    local.add(GENERATION_KEY % scope, value, SCOPE_TIMEOUT)


def generation() -> str:
    """The generation of what lists stories, as one token (site and lists numbers):
    for things derived from the whole published content (counts, schedule)."""
    values = generations(())
    return f"{values[SITE]}.{values[LISTS]}"


def bump(**kwargs) -> None:
    """Forget every cached page (signal receiver: a change to what every page may show)."""
    bump_scopes(SITE)


def forget_everything_when_changed(*models) -> None:
    """Connect `bump` to the saves and deletions of `models`: names and data every
    public page may show (regions, authors, site pages, the verdict scale)."""
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(
                bump,
                sender=model,
                dispatch_uid=f"pagecache.{model._meta.label}.{signal is post_save}",
            )


def bump_scopes(*scopes: str) -> None:
    """Forget the cached pages of `scopes` (``lists`` is bumped with any story).

    Bumped at once and again after the transaction commits: a reader who
    renders the page between the save and the commit would otherwise store
    the old content under the new generation.
    """
    if not scopes:
        return
    if any(not _global(scope) for scope in scopes) and LISTS not in scopes:
        scopes = (LISTS, *scopes)
    _incr(scopes)
    transaction.on_commit(lambda: _incr(scopes))


def _incr(scopes) -> None:
    shared, local = _stores()
    lists = None
    for scope in (s for s in scopes if _global(s)):
        key = GENERATION_KEY % scope
        try:
            value = shared.incr(key)
        except ValueError:
            value = 2
            shared.set(key, value, None)
        if scope == LISTS:
            lists = value
    others = {GENERATION_KEY % scope: lists for scope in scopes if not _global(scope)}
    if others:
        # A story's new number is the new lists number: larger than any it had.
        local.set_many(others, SCOPE_TIMEOUT)
    # After the generations: a worker that reads the new change number reads them new.
    move_change_number()


# --- the change number: has any generation moved since? ----------------------------


class _MappedNumber:
    """A 64-bit number in a file of `directory`, mapped into this process's memory:
    every process that maps the file reads the others' writes without a system call.

    The file is created whole (written aside, then linked into place), so no process
    maps a file shorter than the number. Every second the file's identity is checked
    again: a folder emptied by hand gets a new file, which every process then maps.
    """

    RECHECK_SECONDS = 1.0

    def __init__(self, directory: str):
        self.path = os.path.join(directory, CHANGES_FILE)
        self.view: mmap.mmap | None = None
        self.identity: tuple[int, int] | None = None
        self.checked = 0.0

    def _open(self) -> None:
        directory = os.path.dirname(self.path)
        os.makedirs(directory, exist_ok=True)
        if not os.path.exists(self.path):
            fd, aside = tempfile.mkstemp(dir=directory, prefix=".changes-")
            try:
                os.write(fd, secrets.randbits(62).to_bytes(8, "little"))
                os.close(fd)
                with contextlib.suppress(FileExistsError):  # another process made it first
                    os.link(aside, self.path)
            finally:
                os.unlink(aside)
        fd = os.open(self.path, os.O_RDWR)
        try:
            status = os.fstat(fd)
            view = mmap.mmap(fd, 8)
        finally:
            os.close(fd)
        if self.view is not None:
            self.view.close()
        self.view, self.identity = view, (status.st_dev, status.st_ino)

    def _current(self) -> mmap.mmap:
        now = time.monotonic()
        if self.view is None or now >= self.checked + self.RECHECK_SECONDS:
            try:
                status = os.stat(self.path)
                same = (status.st_dev, status.st_ino) == self.identity
            except FileNotFoundError:
                same = False
            if not same:
                self._open()
            self.checked = now
        assert self.view is not None
        return self.view

    def read(self) -> int:
        return int.from_bytes(self._current()[:8], "little")

    def move(self) -> None:
        # Bumps are rare: check the file's identity at each, so that a bump right
        # after the folder was emptied reaches the new file the others map.
        self.checked = float("-inf")
        view = self._current()
        view[:8] = ((int.from_bytes(view[:8], "little") + 1) % 2**63).to_bytes(8, "little")


_MAPPED: dict[str, _MappedNumber] = {}


def _mapped_number(shared) -> _MappedNumber | None:
    """The mapped change number of a file cache's folder; None for other backends."""
    if not isinstance(shared, FileBasedCache):
        return None
    directory = shared._dir
    number = _MAPPED.get(directory)
    if number is None:
        number = _MAPPED[directory] = _MappedNumber(directory)
    return number


def change_number() -> int | None:
    """The host's change number (any int), or None when it cannot be read.

    It moves at every bump of any generation, after the generations. A cache
    emptied by hand starts it again from a random number, never from a stamp
    some worker still holds.
    """
    shared = shared_cache()
    try:
        mapped = _mapped_number(shared)
        if mapped is not None:
            return mapped.read()
        value = shared.get(CHANGES_KEY)
        if value is None:
            shared.add(CHANGES_KEY, secrets.randbits(62), None)
            value = shared.get(CHANGES_KEY)
        return value
    except (OSError, ValueError):
        return None


def move_change_number() -> None:
    shared = shared_cache()
    try:
        mapped = _mapped_number(shared)
        if mapped is not None:
            mapped.move()
            return
        try:
            shared.incr(CHANGES_KEY)
        except ValueError:  # not there: any new number differs from every stamp
            shared.set(CHANGES_KEY, secrets.randbits(62), None)
    except OSError:
        # Readers cannot check against a number that cannot be read either.
        _MAPPED.clear()


# Apps tell when content of theirs becomes public next: callables returning an
# aware datetime or None (articles: the next scheduled story). newsroom imports
# no app; the apps register here from their AppConfig.ready().
SCHEDULE_PROVIDERS: list[Callable[[], datetime | None]] = []


def next_publication() -> datetime | None:
    """The earliest time any registered provider names, or None."""
    times = [when for provider in SCHEDULE_PROVIDERS if (when := provider()) is not None]
    return min(times, default=None)


def seconds_until_next_publication(gen: int) -> int | None:
    """Seconds before the next scheduled story goes public, or None."""
    key = NEXT_PUBLICATION_KEY % gen
    now = timezone.now().timestamp()
    when = cache.get(key)
    if when is None or 0 < when <= now:
        # Unknown, or the story it named is public now: look for the next one.
        upcoming = next_publication()
        when = upcoming.timestamp() if upcoming else 0
        cache.set(key, when, 3600)
    if not when:
        return None
    return max(0, int(when - now))


def content_timeout(gen: int, longest: int) -> int:
    """How long something derived from the content of generation `gen` may be cached."""
    until = seconds_until_next_publication(gen)
    return longest if until is None else min(longest, until)


def request_scheme(environ) -> str:
    """The scheme as Django's request.scheme reads it (proxy header included)."""
    if settings.SECURE_PROXY_SSL_HEADER:
        header, secure_value = settings.SECURE_PROXY_SSL_HEADER
        value = environ.get(header)
        if value is not None:
            return "https" if value.split(",", 1)[0].strip() == secure_value else "http"
    return environ.get("wsgi.url_scheme", "http")


def _ignored(name: str) -> bool:
    for pattern in settings.PAGE_CACHE_IGNORED_PARAMETERS:
        if name == pattern or (pattern.endswith("*") and name.startswith(pattern[:-1])):
            return True
    return False


def cache_query(query: str) -> str:
    """The query string as the cache sees it: tracking parameters dropped, the rest sorted.

    Links shared on social networks and in newsletters carry `utm_*`, `fbclid`,
    `gclid`… which no page reads: they must neither miss the cache nor fill it
    with copies of the same page (PAGE_CACHE_IGNORED_PARAMETERS). The order of
    the other parameters does not change a page either.
    """
    if not query:
        return ""
    pairs = [
        (name, value)
        for name, value in parse_qsl(query, keep_blank_values=True)
        if not _ignored(name)
    ]
    return urlencode(sorted(pairs))


def anonymous_request(environ) -> bool:
    """Whether this WSGI request is an anonymous reader's, whose page is the same for
    anyone: GET or HEAD, without a session cookie, to a path outside
    PAGE_CACHE_EXCLUDE, owing no redirect to HTTPS, for a host in ALLOWED_HOSTS
    (Django answers the others 400). The page cache keeps such pages; they also go
    through the reader middleware chain (newsroom/readers.py)."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return False
    if environ.get("PATH_INFO", "").startswith(settings.PAGE_CACHE_EXCLUDE):
        return False
    if f"{settings.SESSION_COOKIE_NAME}=" in environ.get("HTTP_COOKIE", ""):
        return False
    if settings.SECURE_SSL_REDIRECT and request_scheme(environ) != "https":
        return False
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    domain, _port = split_domain_port(host)
    return bool(domain) and validate_host(domain, settings.ALLOWED_HOSTS)


def page_key(environ, token: str) -> str | None:
    """The cache key of this anonymous GET, or None when it must reach Django.

    Computed from the WSGI environ alone, so that the WSGI front (`CachedPages`)
    and the middleware agree without building a request. `token` names the
    generations the page is keyed by (`lookup`). None for other methods, staff
    sessions, excluded paths, plain HTTP that must be redirected, and hosts
    outside ALLOWED_HOSTS (Django answers those 400).
    """
    if not anonymous_request(environ):
        return None
    scheme = request_scheme(environ)
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    # The site mounted under a prefix writes its links under it: a page per prefix.
    path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    address = f"{scheme}://{host}{path}?{cache_query(environ.get('QUERY_STRING', ''))}"
    digest = hashlib.blake2b(address.encode("latin-1", "replace"), digest_size=16).hexdigest()
    return f"pagecache:{token}:{digest}"


def hot_key(environ) -> tuple | None:
    """The key of this request among the worker's hot copies, or None for requests
    that never get a cached page (other methods, staff sessions). Raw parts of the
    request: a copy is only made after `page_key` accepted the same parts."""
    if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return None
    if f"{settings.SESSION_COOKIE_NAME}=" in environ.get("HTTP_COOKIE", ""):
        return None
    proxy = settings.SECURE_PROXY_SSL_HEADER
    return (
        environ.get("wsgi.url_scheme"),
        environ.get(proxy[0]) if proxy else None,
        environ.get("HTTP_HOST") or environ.get("SERVER_NAME", ""),
        environ.get("PATH_INFO", ""),
        environ.get("SCRIPT_NAME", ""),
        # As the page's key reads it: trackers dropped, so they share one copy.
        cache_query(query) if (query := environ.get("QUERY_STRING")) else "",
    )


def lookup(environ):
    """(key, content generation, entry) for this request; entry is None on a miss.

    An entry is (status, headers, content, expires: Unix time). The content
    generation (site and lists) bounds how long the page may be kept
    (`content_timeout`). A hit on the worker's hot copy gives its `HotCopy` as
    the entry, and no content generation.
    """
    if not settings.PAGE_CACHE_SECONDS:
        return None, None, None
    path = environ.get("PATH_INFO", "")
    if path.startswith(settings.PAGE_CACHE_EXCLUDE):
        return None, None, None  # not even the generation: probes never touch the page cache
    hot = hot_key(environ) if settings.PAGE_CACHE_HOT_BYTES else None
    number = change_number() if hot is not None else None  # before the generations
    if number is not None:
        copy = HOT_PAGES.get(hot, number)
        if copy is not None:
            return copy.key, None, copy
        environ[HOT_ENVIRON_KEY] = (hot, number)
    scope = scope_of(path)
    values = generations((scope,), keep=False)
    content = f"{values[SITE]}.{values[LISTS]}"
    key = page_key(environ, f"{values[SITE]}.{scope}.{values[scope]}")
    if key is None:
        environ.pop(HOT_ENVIRON_KEY, None)
        return None, content, None
    environ[SCOPE_ENVIRON_KEY] = (scope, values[scope])
    entry = cache.get(key)
    if entry is not None and number is not None:
        HOT_PAGES.put(hot, number, key, entry)
    return key, content, entry


class HotCopy:
    """One page in a worker's memory, with what a hit answers precomputed."""

    __slots__ = (
        "key",
        "number",
        "expires",
        "entry",
        "content",
        "status",
        "headers",
        "etag",
        "size",
    )

    def __init__(self, key, number, entry):
        status, headers, content, expires = entry
        self.key, self.number, self.expires, self.entry = key, number, expires, entry
        self.content = content
        self.status = f"{status} {responses.get(status, 'OK')}"
        self.headers = [*headers, ("Content-Length", str(len(content))), ("X-Cache", "hit")]
        self.etag = next((value for name, value in headers if name.lower() == "etag"), None)
        self.size = len(content) + len(key) + 64 * len(headers)


class HotPages:
    """The pages a worker served last, least recently served first out, within
    `PAGE_CACHE_HOT_BYTES` (read at each store: a test or a reload may change it).

    A copy answers only while the change number is the one it was stamped with
    and its entry's time has not run out; otherwise it is dropped and the full
    lookup decides.
    """

    def __init__(self):
        self.copies: OrderedDict[tuple, HotCopy] = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()  # threaded workers (gthread) share the copies

    def get(self, hot: tuple, number: int) -> HotCopy | None:
        with self.lock:
            copy = self.copies.get(hot)
            if copy is None:
                return None
            if copy.number != number or copy.expires <= time.time():
                self._drop(hot)
                return None
            self.copies.move_to_end(hot)
            return copy

    def put(self, hot: tuple, number: int, key: str, entry) -> None:
        if len(entry) < 4:
            return  # stored by an earlier release, without its expiry
        copy = HotCopy(key, number, entry)
        budget = settings.PAGE_CACHE_HOT_BYTES
        if copy.size > budget // 4:
            return  # a few huge pages must not push out every other one
        with self.lock:
            self._drop(hot)
            self.copies[hot] = copy
            self.size += copy.size
            while self.size > budget:
                self._drop(next(iter(self.copies)))

    def _drop(self, hot: tuple) -> None:
        copy = self.copies.pop(hot, None)
        if copy is not None:
            self.size -= copy.size

    def clear(self) -> None:
        with self.lock:
            self.copies.clear()
            self.size = 0


HOT_PAGES = HotPages()


def not_modified(environ, etag: str) -> bool:
    """Whether the request's If-None-Match names `etag`."""
    wanted = environ.get("HTTP_IF_NONE_MATCH")
    if not wanted:
        return False
    return wanted.strip() == "*" or etag in (tag.strip() for tag in wanted.split(","))


# Headers a 304 keeps (RFC 9110 §15.4.5), as Django's own 304 does.
NOT_MODIFIED_HEADERS = {
    "cache-control",
    "content-location",
    "etag",
    "expires",
    "vary",
    "last-modified",
}


class CachedPages:
    """WSGI front of the Django application: a cached page for an anonymous
    reader is answered from the cache without building a Django request.

    At a news spike this is most requests; they cost a cache lookup. Misses
    go to Django, whose first middleware stores the page.
    """

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        try:
            _key, _gen, entry = lookup(environ)
        except Exception:  # the cache is an optimisation; Django reports real faults
            entry = None
        if entry is None:
            return self.application(environ, start_response)
        if isinstance(entry, HotCopy):
            status, headers, etag, content = entry.status, entry.headers, entry.etag, entry.content
        else:
            code, stored, content = entry[:3]
            status = f"{code} {responses.get(code, 'OK')}"
            headers = [*stored, ("Content-Length", str(len(content))), ("X-Cache", "hit")]
            etag = next((value for name, value in stored if name.lower() == "etag"), None)
        if etag and not_modified(environ, etag):
            kept = [(n, v) for n, v in headers if n.lower() in NOT_MODIFIED_HEADERS]
            start_response("304 Not Modified", [*kept, ("X-Cache", "hit")])
            return []
        start_response(status, headers)
        return [b""] if environ.get("REQUEST_METHOD") == "HEAD" else [content]


class AnonymousPageCacheMiddleware:
    """Serve anonymous GETs from the shared cache; store successful answers.

    First in MIDDLEWARE: a hit answers before any other middleware runs, and
    what is stored is the response as the others finished it (security
    headers, cache headers, ETag included).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key, gen, entry = lookup(request.META)
        if key is None:
            return self.get_response(request)
        if entry is not None:
            return self.hit(request, entry)
        response = self.get_response(request)
        self.store(request, key, gen, response)
        return response

    def hit(self, request, entry):
        if isinstance(entry, HotCopy):
            entry = entry.entry
        status, headers, content = entry[:3]
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

    def store(self, request, key, gen, response):
        if (
            response.status_code not in CACHED_STATUSES
            or response.streaming
            or response.cookies
            or "private" in response.get("Cache-Control", "")
            or "no-store" in response.get("Cache-Control", "")
        ):
            return
        scope = request.META.get(SCOPE_ENVIRON_KEY)
        try:
            if scope is not None and not _global(scope[0]):
                # A story's own page (its versions, its API item): another story
                # going public changes nothing on it, and its own time, while it
                # is scheduled, is a 404, never cached. So a scheduled publication
                # forgets the lists only, not every story page at once.
                timeout = settings.PAGE_CACHE_SECONDS
            else:
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
        if scope is not None:
            remember_scope(*scope)  # a real page now lives under this number
        entry = (response.status_code, headers, response.content, time.time() + timeout)
        cache.set(key, entry, timeout)
        if hot := request.META.get(HOT_ENVIRON_KEY):
            HOT_PAGES.put(*hot, key, entry)
        response["X-Cache"] = "miss"
