"""Caches: one shared by every worker, and a Redis cache that fails open.

When Redis is down, pages are rendered uncached.

The cache only ever holds what can be recomputed (pages, counts, the verdict
stylesheet), so an unreachable Redis must cost speed, not a 500. Each error is
logged; connect and read timeouts are short so that a dead Redis does not hold
a worker.
"""

import logging

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.filebased import FileBasedCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)


def shared_cache():
    """A cache every worker process sees: for the page cache's generation.

    Redis when REDIS_URL is set; otherwise a small file cache under var/
    ("generation" in settings.CACHES), because each worker's local-memory
    cache would only see its own writes.
    """
    if "generation" in settings.CACHES:
        return caches["generation"]
    return cache


UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _fail_open(method, fallback):
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNAVAILABLE as exc:
            logger.warning("Cache unavailable (%s): serving without it", exc.__class__.__name__)
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    wrapper.__name__ = method.__name__
    return wrapper


def _default(key, default=None, *args, **kwargs):
    return default


class ResilientRedisCache(RedisCache):
    get = _fail_open(RedisCache.get, _default)
    get_many = _fail_open(RedisCache.get_many, {})
    set = _fail_open(RedisCache.set, None)
    set_many = _fail_open(RedisCache.set_many, [])
    add = _fail_open(RedisCache.add, False)
    delete = _fail_open(RedisCache.delete, False)
    delete_many = _fail_open(RedisCache.delete_many, None)
    touch = _fail_open(RedisCache.touch, False)
    has_key = _fail_open(RedisCache.has_key, False)
    clear = _fail_open(RedisCache.clear, False)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except UNAVAILABLE as exc:
            logger.warning("Cache unavailable (%s): increment lost", exc.__class__.__name__)
            return 0


class SharedFileCache(FileBasedCache):
    """Django's file cache, shared by the workers of one host, that counts its files
    every `CULL_EVERY` writes instead of at each one.

    Django's backend lists its whole folder at every write to decide whether to
    cull: 2 ms per 1,000 entries, 20 ms per stored page at 10,000 pages (measured
    in docs/performance.md), which made every page-cache miss slower the better
    the cache held the working set. Counting every 100th write lets the folder
    exceed MAX_ENTRIES by at most 100 files per worker process before it is culled
    (while MAX_ENTRIES is above 100 × CULL_FREQUENCY: 20,000 > 1,000 by default).
    Kept rather than a library (diskcache): the backend stays Django's own, files
    and expiry alike; only the counting moves.
    """

    CULL_EVERY = 100

    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._writes = 0

    def _cull(self):
        self._writes += 1
        if self._writes % self.CULL_EVERY == 1 or self.CULL_EVERY <= 1:
            super()._cull()
