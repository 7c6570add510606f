"""Read replica routing: public pages read from the replica, everything else from the primary.

Active only when DATABASE_REPLICA_URL is set (settings add a "replica"
alias). The admin, staff sessions, and any request that is not a GET or HEAD
pin their reads to the primary, so that a journalist never reads a replica
that lags behind what they just saved.
"""

from contextvars import ContextVar

from django.conf import settings

_pinned = ContextVar("newsroom_db_pinned_to_primary", default=True)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if _pinned.get() or "replica" not in settings.DATABASES:
            return "default"
        return "replica"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReplicaRoutingMiddleware:
    """Let anonymous reads of public pages go to the replica; pin the rest."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        public_read = (
            request.method in ("GET", "HEAD")
            and not request.path.startswith(settings.PAGE_CACHE_EXCLUDE)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )
        token = _pinned.set(not public_read)
        try:
            return self.get_response(request)
        finally:
            _pinned.reset(token)
