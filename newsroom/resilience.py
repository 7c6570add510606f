"""A short 503 page, not a stack trace, while the database is unreachable.

`DatabaseUnavailableMiddleware` turns `OperationalError` and `InterfaceError`
(PostgreSQL down or restarting, a connection cut, a statement that ran past
`DATABASE_STATEMENT_TIMEOUT_MS`) into `503 Service Unavailable` with
`Retry-After: 30` and `Cache-Control: no-store`, so that neither the page
cache nor a CDN keeps it. The page (templates/503.html) is rendered without
context processors and without the database: it does not extend base.html,
whose footer reads the site pages.

A form POST that hits the outage (a journalist saving a story in the admin)
gets a page saying that nothing was saved and that going back and submitting
again is safe: the browser keeps the form's input on Back, and the admin saves
in one transaction, so nothing is half-written.

Nothing needs restarting when the database is back: settings keep
`CONN_HEALTH_CHECKS` on, so each worker drops its dead connection and opens a
new one on the next request.

Two paths lead here:

* a view (or the template it renders) raises: `process_exception` answers;
* a middleware inside this one raises (the replica router, the session being
  saved): Django has already turned the exception into a 500 by then, so the
  `got_request_exception` receiver marks the request and `__call__` swaps
  that 500 for the 503.

Place it after SecurityMiddleware (its headers still apply to the 503) and
above every middleware that may touch the database.
"""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.core.signals import got_request_exception
from django.db.utils import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_MARK = "_newsroom_database_error"

# Used only if the template itself cannot be rendered (it never needs the database).
FALLBACK_HTML = (
    '<!doctype html><html lang="fr"><meta charset="utf-8">'
    "<title>Service momentanément indisponible</title>"
    "<h1>Service momentanément indisponible</h1>"
    "<p>Réessayez dans quelques instants. / Please try again in a moment.</p></html>"
)


def is_database_error(exc) -> bool:
    return isinstance(exc, DATABASE_ERRORS)


def unavailable_response(request) -> HttpResponse:
    """The 503 answer: standalone template, no context processors, no database."""
    unsaved = request.method not in SAFE_METHODS
    language = getattr(request, "LANGUAGE_CODE", None) or settings.LANGUAGE_CODE
    context = {
        "english": language.split("-")[0] == "en",
        "unsaved_input": unsaved,
        "retry_after": RETRY_AFTER_SECONDS,
        "site_name": settings.SITE_NAME,
    }
    try:
        content = render_to_string("503.html", context)
    except Exception:  # the outage page must never become a 500 itself
        logger.exception("Could not render 503.html; serving the built-in page")
        content = FALLBACK_HTML
    response = HttpResponse(content, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # _log() has said why in one line; spare django.request a second line per request.
    response._has_been_logged = True
    return response


def _log(request, exc) -> None:
    # One line per request, no traceback: during an outage every request fails the same way.
    message = " ".join(str(exc).split())[:300]
    logger.warning(
        "Database unavailable, answered 503 to %s %s: %s: %s",
        request.method,
        request.path,
        type(exc).__name__,
        message,
    )


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        exc = getattr(request, _MARK, None)
        if exc is not None and response.status_code == 500:
            _log(request, exc)
            return unavailable_response(request)
        return response

    def process_exception(self, request, exception):
        if not is_database_error(exception):
            return None
        _log(request, exception)
        return unavailable_response(request)


def _mark_database_error(sender, request=None, **kwargs):
    """Remember that the exception Django is turning into a 500 is a database outage."""
    exc = sys.exc_info()[1]
    if request is not None and is_database_error(exc):
        setattr(request, _MARK, exc)


got_request_exception.connect(_mark_database_error, dispatch_uid="newsroom.resilience")
