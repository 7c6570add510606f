"""Structured request logs: one JSON line per request (REQUEST_LOG=1).

The outermost WSGI layer (newsroom/wsgi.py), so that pages answered by the
page cache's WSGI front are logged too. Each line, on the logger
`newsroom.requests`:

    {"time": "2026-11-29T22:41:07.412+00:00", "method": "GET",
     "path": "/articles/crue-de-la-seine/", "status": 200,
     "duration_ms": 12.4, "queries": 3, "bytes": 18342, "cache": "miss"}

`duration_ms` runs from the call of the application until its response is
built (milliseconds, float); `queries` counts SQL statements on every
database alias during that time; `bytes` is the body length when known;
`cache` is the page cache's X-Cache ("hit", "miss") or null. The query
string is left out: search terms are readers' words, not operations data.
"""

from __future__ import annotations

import json
import logging
import time
from contextlib import ExitStack
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import connections

logger = logging.getLogger("newsroom.requests")


class QueryCounter:
    """A database execute wrapper that counts statements."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class RequestLog:
    """WSGI middleware writing one JSON line per request when REQUEST_LOG is on."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if not settings.REQUEST_LOG:
            return self.application(environ, start_response)
        seen: dict[str, Any] = {}

        def recording_start_response(status, headers, exc_info=None):
            seen["status"] = int(status.split(" ", 1)[0])
            seen["headers"] = headers
            return start_response(status, headers, exc_info)

        counter = QueryCounter()
        started = time.perf_counter()
        with ExitStack() as stack:
            for alias in connections:
                stack.enter_context(connections[alias].execute_wrapper(counter))
            body = self.application(environ, recording_start_response)
        duration = (time.perf_counter() - started) * 1000
        headers = {name.lower(): value for name, value in seen.get("headers", ())}
        length = headers.get("content-length")
        if length is None and isinstance(body, list):
            length = sum(map(len, body))
        logger.info(
            json.dumps(
                {
                    "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
                    "method": environ.get("REQUEST_METHOD", ""),
                    "path": environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""),
                    "status": seen.get("status"),
                    "duration_ms": round(duration, 2),
                    "queries": counter.count,
                    "bytes": int(length) if length is not None else None,
                    "cache": headers.get("x-cache"),
                },
                ensure_ascii=False,
            )
        )
        return body
