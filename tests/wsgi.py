"""Calling a WSGI application in a test as a server would."""

from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory


def serve(application, path: str, **extra) -> tuple[str, list[tuple[str, str]], bytes]:
    """(status, headers, body) of `application` for a GET of `path` (`extra`: environ
    entries or RequestFactory options, such as ``secure=True``).

    Like Django's test client, the test's database connection is kept open (the
    request signals would close it inside the test's transaction)."""
    environ = RequestFactory().get(path, **extra).environ
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = status, headers

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = application(environ, start_response)
        body = b"".join(response)
        getattr(response, "close", lambda: None)()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return seen["status"], seen["headers"], body
