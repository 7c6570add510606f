"""Liveness and readiness for load balancers: `/healthz` and `/readyz`.

Answered by the first middleware, before the page cache, sessions, host
validation and the HTTPS redirect: a load balancer probes each host on its
internal address over plain HTTP, and a probe must neither create a session
nor read or store a cached page.

- `/healthz`: the process answers (200). Nothing else is looked at, so a
  database outage never makes an orchestrator restart healthy web workers.
- `/readyz`: this host can serve readers: the database answers a query, the
  caches keep what they are given, and, when TASKS is configured, the task
  queue is reachable. 200 when every check passes, 503 otherwise; the body
  names each check ("ok" or "error"), never the error itself (logged).
"""

from __future__ import annotations

import json
import logging
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.http import HttpResponse
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

LIVENESS_PATH = "/healthz"
READINESS_PATH = "/readyz"
HEALTH_PATHS = (LIVENESS_PATH, READINESS_PATH)
# One probe key per process: two hosts probing at once never read each other's token.
_PROBE_KEY = f"readyz:probe:{uuid.uuid4().hex}"


def check_database() -> None:
    """The primary database answers a query (raises on failure)."""
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_caches() -> None:
    """Every configured cache keeps a value and gives it back (raises on failure).

    A round trip rather than a ping: the Redis cache fails open (a read
    answers None while Redis is down), which a write then a read detects for
    every backend alike.
    """
    token = uuid.uuid4().hex
    for alias in settings.CACHES:
        store = caches[alias]
        store.set(_PROBE_KEY, token, 30)
        if store.get(_PROBE_KEY) != token:
            raise ConnectionError(f"cache {alias!r} did not keep a value")
        store.delete(_PROBE_KEY)


def check_tasks() -> None:
    """Every task backend in TASKS loads, and a database queue answers a query."""
    for alias, options in settings.TASKS.items():
        backend_class = import_string(str(options["BACKEND"]))
        app_config = apps.get_containing_app_config(backend_class.__module__)
        if app_config is None:
            continue  # a queue outside the database (RQ): its own cache/Redis checks apply
        for model in app_config.get_models():
            model._default_manager.using(str(options.get("DATABASE", "default"))).exists()
        logger.debug("Task backend %s reachable", alias)


def readiness_checks() -> dict:
    """The checks `/readyz` runs, by name: callables that raise when not ready."""
    checks = {"database": check_database, "cache": check_caches}
    if getattr(settings, "TASKS", None):
        checks["tasks"] = check_tasks
    return checks


def readiness() -> tuple[bool, dict[str, str]]:
    """(ready, {check name: "ok" | "error"})."""
    results = {}
    for name, check in readiness_checks().items():
        try:
            check()
        except Exception:
            logger.exception("Readiness check %r failed", name)
            results[name] = "error"
        else:
            results[name] = "ok"
    return all(value == "ok" for value in results.values()), results


def _json(payload: dict, status: int) -> HttpResponse:
    response = HttpResponse(json.dumps(payload), status=status, content_type="application/json")
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    """First in MIDDLEWARE: answers the probes before any other middleware runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path not in HEALTH_PATHS:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = _json({"status": "method not allowed"}, 405)
            response["Allow"] = "GET, HEAD"
            return response
        if path == LIVENESS_PATH:
            response = _json({"status": "ok"}, 200)
        else:
            ready, checks = readiness()
            response = _json(
                {"status": "ok" if ready else "unavailable", "checks": checks},
                200 if ready else 503,
            )
        if request.method == "HEAD":
            response.content = b""
        return response
