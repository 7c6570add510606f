"""The limit of the stack: a WSGI app that returns fixed bytes (a story page).

Served by the same gunicorn configuration as the site, it shows what Python,
gunicorn and the loopback can do with no Django at all.
"""

import os

with open(os.environ["BENCH_PAGE_FILE"], "rb") as handle:
    BODY = handle.read()

HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(BODY)))]


def application(environ, start_response):
    start_response("200 OK", HEADERS)
    return [BODY]
