"""The shared cache on the real Redis: one host's change reaches every host."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.cache import caches

from articles.models import Status
from newsroom.settings import FRAGMENTS
from tests.factories import make_article

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
ROOT = Path(__file__).resolve().parents[2]


def redis_is_up():
    try:
        import redis

        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except Exception:
        return False


pytestmark = pytest.mark.django_db
needs_redis = pytest.mark.skipif(not redis_is_up(), reason=f"Redis is not reachable at {REDIS_URL}")


@pytest.fixture
def redis_cache(settings):
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        },
        "fragments": FRAGMENTS,
    }
    settings.PAGE_CACHE_SECONDS = 300
    caches["default"].clear()
    yield prefix
    caches["default"].clear()


def other_host(prefix, code):
    """Run `code` in another process configured like a second gunicorn host."""
    env = {
        **os.environ,
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": prefix,
        "SECRET_KEY": "another-host-" + "k" * 40,
    }
    env.pop("DEBUG", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@needs_redis
def test_pages_are_stored_in_redis(client, redis_cache, journalist):
    """A page rendered by one host is served from Redis to the next request."""
    article = make_article(status=Status.PUBLISHED, author=journalist)
    assert client.get(article.get_absolute_url())["X-Cache"] == "miss"
    assert client.get(article.get_absolute_url())["X-Cache"] == "hit"
    generation = other_host(
        redis_cache, "from newsroom import pagecache; print(pagecache.generation())"
    )
    from newsroom import pagecache

    assert generation == pagecache.generation()


@needs_redis
def test_change_on_another_host_invalidates_here(client, redis_cache, journalist):
    """After another host saves a change, this host renders the page afresh."""
    article = make_article(status=Status.PUBLISHED, author=journalist)
    client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url())["X-Cache"] == "hit"
    other_host(redis_cache, "from newsroom import pagecache; pagecache.bump(); print('ok')")
    assert client.get(article.get_absolute_url())["X-Cache"] == "miss"


def test_unreachable_redis_serves_pages_uncached(client, settings, journalist):
    """With Redis down, readers still get the story (slower), never a 500."""
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
        "fragments": FRAGMENTS,
    }
    settings.PAGE_CACHE_SECONDS = 300
    article = make_article(status=Status.PUBLISHED, author=journalist)
    for _ in range(2):
        response = client.get(article.get_absolute_url())
        assert response.status_code == 200
        assert article.title.encode() in response.content
