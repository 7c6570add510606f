"""Operations: load-balancer probes, structured request logs, error reporting."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
import redis
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIHandler
from django.db import connections
from django.db.utils import OperationalError

from articles.models import Status
from newsroom.pagecache import CachedPages
from newsroom.requestlog import RequestLog
from newsroom.settings import FRAGMENTS
from tests.factories import make_article
from tests.wsgi import serve

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_answers_without_the_database(client):
    """Liveness: 200 from the process alone (no django_db mark: a query would raise)."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readyz_reports_each_check(client):
    """Readiness: database and caches reachable → 200 and each check named."""
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "tasks": "ok"},
    }


@pytest.mark.django_db
def test_readyz_is_503_when_the_database_is_down(client):
    """A host whose database does not answer leaves the load balancer's pool."""
    with mock.patch.object(
        connections["default"], "cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get("/readyz")
    assert response.status_code == 503
    # The task queue is a table of the same database: it is down with it.
    assert response.json()["checks"] == {"database": "error", "cache": "ok", "tasks": "error"}
    assert "refused" not in response.content.decode()  # logged, never shown


@pytest.mark.django_db
def test_readyz_is_503_when_a_cache_loses_what_it_is_given(client):
    """A fail-open cache (Redis down: reads answer None) is seen by the round trip."""
    with mock.patch.object(type(caches["generation"]), "get", return_value=None):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "error"


def resilient_redis(location):
    return {
        "BACKEND": "newsroom.cache.ResilientRedisCache",
        "LOCATION": location,
        "KEY_PREFIX": "readyz-test",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }


@pytest.mark.django_db
def test_readyz_sees_an_unreachable_redis(client, settings):
    """The production cache (fails open) on a port where nothing listens: not ready."""
    settings.CACHES = {"default": resilient_redis("redis://127.0.0.1:1/0"), "fragments": FRAGMENTS}
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "error", "tasks": "ok"}


@pytest.mark.django_db
def test_readyz_on_the_real_redis(client, settings):
    """The same cache on the running Redis: ready."""
    location = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
    try:
        redis.Redis.from_url(location, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip(f"Redis is not reachable at {location}")
    settings.CACHES = {"default": resilient_redis(location), "fragments": FRAGMENTS}
    response = client.get("/readyz")
    assert response.status_code == 200, response.content


@pytest.mark.django_db
def test_readyz_checks_the_task_queue_when_configured(client, settings):
    """With TASKS set, a backend that cannot be loaded makes the host not ready."""
    settings.TASKS = {"default": {"BACKEND": "missing.module.Backend"}}
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["tasks"] == "error"


@pytest.mark.django_db
def test_readyz_task_check_queries_a_database_queue(client, settings):
    """A backend living in an installed app with models: its table must answer."""
    # Any backend class defined inside an app with models stands for a DB queue here.
    settings.TASKS = {"default": {"BACKEND": "articles.models.Article"}}
    with mock.patch("django.db.models.QuerySet.exists", return_value=True) as exists:
        response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["tasks"] == "ok"
    assert exists.called


@pytest.mark.django_db
def test_probes_touch_neither_sessions_nor_the_page_cache(client, settings, admin_user):
    """Plain HTTP from an internal address, even with a session cookie: no redirect,
    no 400 for the host, no session read or written, no page-cache lookup."""
    settings.SECURE_SSL_REDIRECT = True
    settings.PAGE_CACHE_SECONDS = 300
    client.force_login(admin_user)
    with (
        mock.patch("newsroom.pagecache.generations") as generation,
        mock.patch("django.contrib.sessions.backends.db.SessionStore.load") as load,
    ):
        for path in ("/healthz", "/readyz"):
            response = client.get(path, HTTP_HOST="10.0.0.7:8000")
            assert response.status_code == 200, path
            assert not response.cookies
    generation.assert_not_called()
    load.assert_not_called()


def test_probes_refuse_writes(client):
    response = client.post("/healthz")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def wsgi_call(path, **extra):
    """Call the WSGI stack of newsroom/wsgi.py as a server would; (status, body).

    Built afresh for each call so that middleware reads the test's settings."""
    status, _headers, body = serve(RequestLog(CachedPages(WSGIHandler())), path, **extra)
    return status, body


class Lines(logging.Handler):
    def __init__(self):
        super().__init__()
        self.lines = []

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def request_lines():
    """The lines written on `newsroom.requests` (which does not propagate to the root)."""
    handler = Lines()
    logger = logging.getLogger("newsroom.requests")
    logger.addHandler(handler)
    yield handler.lines
    logger.removeHandler(handler)


@pytest.mark.django_db
def test_request_log_writes_one_json_line_per_request(settings, request_lines, journalist):
    """REQUEST_LOG on: method, path, status, timing, query count, cache state."""
    settings.REQUEST_LOG = True
    story = make_article(status=Status.PUBLISHED, author=journalist, title="Le bac de Quillebeuf")
    status, body = wsgi_call(story.get_absolute_url() + "?q=secret")
    wsgi_call("/articles/nulle-part/")
    assert status.startswith("200")
    assert len(request_lines) == 2
    first, second = map(json.loads, request_lines)
    assert first["method"] == "GET"
    assert first["path"] == story.get_absolute_url()  # no query string: readers' words stay out
    assert first["status"] == 200 and second["status"] == 404
    assert first["queries"] > 0
    assert first["bytes"] == len(body)
    assert isinstance(first["duration_ms"], float) and first["duration_ms"] > 0
    assert "\n" not in request_lines[0]


@pytest.mark.django_db
def test_request_log_counts_cached_pages_with_no_query(settings, request_lines, journalist):
    """A page answered by the page cache's WSGI front is logged too: hit, zero queries."""
    settings.REQUEST_LOG = True
    settings.PAGE_CACHE_SECONDS = 300
    story = make_article(status=Status.PUBLISHED, author=journalist, title="La foire de Lessay")
    wsgi_call(story.get_absolute_url())
    wsgi_call(story.get_absolute_url())
    miss, hit = map(json.loads, request_lines)
    assert miss["cache"] == "miss" and hit["cache"] == "hit"
    assert hit["queries"] == 0 and hit["status"] == 200


def test_gunicorn_application_logs_outside_the_page_cache():
    """gunicorn serves RequestLog(CachedPages(Django)): cache hits are logged too."""
    from newsroom.wsgi import application

    assert isinstance(application, RequestLog)
    assert isinstance(application.application, CachedPages)
    assert isinstance(application.application.application.application, WSGIHandler)


@pytest.mark.django_db
def test_request_log_is_off_unless_enabled(settings, request_lines):
    settings.REQUEST_LOG = False
    wsgi_call("/healthz")
    assert request_lines == []
    settings.REQUEST_LOG = True
    wsgi_call("/healthz")
    assert json.loads(request_lines[0])["status"] == 200


def run_settings(code, **env):
    environment = {"SECRET_KEY": "x", "PATH": "/usr/bin:/bin", **env}
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "newsroom.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_sentry_is_set_up_when_a_dsn_is_given():
    """SENTRY_DSN set: the Sentry client is active, with the Django integration, no PII."""
    result = run_settings(
        "import sentry_sdk; c = sentry_sdk.get_client();"
        "print(c.is_active(), c.options['send_default_pii'], 'django' in c.integrations)",
        SENTRY_DSN="http://public@127.0.0.1:9/1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False", "True"]


def test_sentry_stays_off_without_a_dsn():
    result = run_settings("import sentry_sdk; print(sentry_sdk.get_client().is_active())")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_debug_toolbar_in_development_only():
    """DEBUG on: the toolbar is installed and routed; DEBUG off (production): absent."""
    code = (
        "from django.conf import settings; from django.urls import reverse;"
        "print('debug_toolbar' in settings.INSTALLED_APPS, settings.MIDDLEWARE[1]);"
        "print(reverse('djdt:render_panel') if settings.DEBUG_TOOLBAR else '-')"
    )
    development = run_settings(code, DEBUG="1")
    assert development.returncode == 0, development.stderr
    installed, middleware, url = development.stdout.split()
    assert installed == "True" and middleware.endswith("DebugToolbarMiddleware")
    assert url.startswith("/__debug__/")
    production = run_settings(code)
    assert production.returncode == 0, production.stderr
    assert production.stdout.split()[0] == "False"
    hidden = run_settings(code, DEBUG="1", DEBUG_TOOLBAR="0")
    assert hidden.stdout.split()[0] == "False"
