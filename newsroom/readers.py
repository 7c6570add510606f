"""Anonymous readers' requests through the middleware that concerns them only.

Seven of the site's middleware serve accounts: sessions, authentication, the
second factor, staff session limits, the admin's language, messages and login
lockouts. For a reader's GET without a session cookie they have nothing to do,
yet they ran at every request: about 0.15 ms of CPU, a tenth of the story page's
(docs/performance.md). `ReaderRouting`, a WSGI layer, sends such requests to a
second Django handler, `ReaderHandler`, whose chain is ``MIDDLEWARE`` without
those seven (`reader_middleware`), with `AnonymousReaderMiddleware` in the
session's place: it gives the request the anonymous user, and the response the
``Vary: Cookie`` the session middleware would have given it.

A reader's request is one the page cache may answer for
anyone (newsroom/pagecache.py `anonymous_request`): GET or HEAD, no session
cookie, a path outside ``PAGE_CACHE_EXCLUDE`` (the admin, static files, probes),
no redirect to HTTPS owed, a host the site serves. Every other request, and every
POST, goes through ``MIDDLEWARE`` as before.
tests/newsroom/test_readers.py holds both handlers to the same answer, byte for
byte, for every public page type, feed, sitemap and API address. One difference
is by design: the session middleware names Cookie in Vary only when the session
was read, which every answer that reaches the staff session middleware does;
the few answers a middleware gives before that point (an imported site's
``/?p=ID`` redirect, imports/middleware.py) now name it too, which only makes a
shared cache keep them per cookie.
"""

import threading

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.handlers.wsgi import WSGIHandler
from django.utils.cache import patch_vary_headers

from .pagecache import anonymous_request

# The middleware that serve accounts only, replaced by AnonymousReaderMiddleware.
ACCOUNT_MIDDLEWARE = (
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.StaffSessionMiddleware",
    "accounts.middleware.AdminLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "axes.middleware.AxesMiddleware",
)
READER_MIDDLEWARE = "newsroom.readers.AnonymousReaderMiddleware"


def reader_middleware(middleware: list[str]) -> list[str]:
    """`middleware` (a MIDDLEWARE list) for anonymous readers: the account middleware
    left out, `AnonymousReaderMiddleware` where the session middleware was.

    Raises ValueError if `middleware` has no session middleware."""
    position = middleware.index(ACCOUNT_MIDDLEWARE[0])
    kept = [path for path in middleware if path not in ACCOUNT_MIDDLEWARE]
    kept.insert(position, READER_MIDDLEWARE)
    return kept


class AnonymousReaderMiddleware:
    """In place of the account middleware, for a request without a session: the
    anonymous user, and ``Vary: Cookie`` (a signed-in editor's page differs)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user = AnonymousUser()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        return response


_BUILDING = threading.Lock()


class ReaderHandler(WSGIHandler):
    """Django's WSGI handler with ``reader_middleware(MIDDLEWARE)`` as its chain."""

    def load_middleware(self, is_async=False):
        # Django builds a handler's chain from settings.MIDDLEWARE: it reads the
        # reader list in its place, once, while the process starts.
        with _BUILDING:
            full = settings.MIDDLEWARE
            settings.MIDDLEWARE = reader_middleware(full)
            try:
                super().load_middleware(is_async)
            finally:
                settings.MIDDLEWARE = full


class ReaderRouting:
    """WSGI layer: an anonymous reader's request to `readers` (a `ReaderHandler`),
    every other to `application` (Django's handler with every middleware)."""

    def __init__(self, application, readers=None):
        self.application = application
        self.readers = readers or ReaderHandler()

    def __call__(self, environ, start_response):
        handler = self.readers if anonymous_request(environ) else self.application
        return handler(environ, start_response)
