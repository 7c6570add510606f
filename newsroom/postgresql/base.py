"""Django's PostgreSQL backend, with a connection health check that costs no round
trip when the connection is idle, and dates read by psycopg's C parser.

Settings keep `CONN_HEALTH_CHECKS` on, so that a worker whose connection died
(PostgreSQL restarted, the session was terminated, a proxy dropped it) opens a new
one on its next request instead of failing it (newsroom/resilience.py). Django's
check sends ``SELECT 1`` before the first query of every request: on the story
page, about 5% of the request's CPU, in the worker and in PostgreSQL.

A session the server ends is not silent: PostgreSQL sends its last message (a
FATAL error: "terminating connection due to administrator command") and closes
the socket, so an idle connection that died has something to read. Here, a
connection used in the last `TRUSTED_IDLE_SECONDS`, idle (no transaction open)
and with nothing waiting on its socket, is usable at once; any other gets
Django's ``SELECT 1``, which drops it when it fails. The time limit is for what
ends a connection without a word: a NAT or a load balancer that forgets an idle
connection (after minutes: AWS's network load balancer after 350 s) resets it
only at the next packet, which the round trip sends and a poll does not. A busy
worker uses its connection every few seconds and never sends the round trip.

Dates: Django reads every ``timestamptz`` through a loader of its own, which
sets the time zone the connection's settings name (UTC) on each value. It derives
from psycopg's pure-Python loader, so each date is parsed in Python: about 5 µs,
where psycopg's C parser takes about 1 µs. A list page reads 63 dates (21 stories,
three each), the RSS feed 90: a tenth of the tag page's Python. `TimezoneLoader`
does what Django's loader does, `value.replace(tzinfo=timezone)`, on the value the
parser psycopg registers for ``timestamptz`` gives: the C one where psycopg's C
extension is installed (``psycopg[binary]``, our dependency), else the same Python
one as Django's. tests/newsroom/test_postgresql_backend.py holds the two to the
same values.

Settings use this backend for every PostgreSQL database (newsroom/settings.py).
"""

import select
import time
from functools import lru_cache

import psycopg
from django.db.backends.postgresql import base
from psycopg import pq
from psycopg.adapt import AdaptersMap, Loader

# Below the idle timeouts of the NATs and load balancers a connection may cross.
TRUSTED_IDLE_SECONDS = 10


TIMESTAMPTZ = psycopg.adapters.types["timestamptz"].oid


class TimezoneLoader(Loader):
    """A ``timestamptz`` in text, as a datetime in `timezone` (None: naive), parsed
    by the loader psycopg registers (its C one when installed). Raises psycopg's
    DataError for a date Python cannot hold (infinity, after year 9999), as
    Django's loader does."""

    timezone = None

    def __init__(self, oid, context=None):
        super().__init__(oid, context)
        self._parse = psycopg.adapters.get_loader(TIMESTAMPTZ, pq.Format.TEXT)(oid, context).load

    def load(self, data):
        return self._parse(data).replace(tzinfo=self.timezone)


@lru_cache
def _adapters(template: AdaptersMap, timezone) -> AdaptersMap:
    """Django's adapters (`template`), with dates read by a `TimezoneLoader` in
    `timezone`: one map per time zone, as Django keeps one."""
    adapters = AdaptersMap(template)
    loader = type("TimezoneLoader", (TimezoneLoader,), {"timezone": timezone})
    adapters.register_loader(TIMESTAMPTZ, loader)
    return adapters


class DatabaseWrapper(base.DatabaseWrapper):
    used_at = 0.0  # time.monotonic() of the connection's last cursor

    def get_connection_params(self):
        params = super().get_connection_params()
        if "context" in params:  # Django's adapters, for the connection's time zone
            params["context"] = _adapters(params["context"], self.timezone)
        return params

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        self.used_at = time.monotonic()
        return connection

    def create_cursor(self, name=None):
        self.used_at = time.monotonic()
        return super().create_cursor(name)

    def is_usable(self) -> bool:
        connection = self.connection
        if connection is None or connection.closed:
            return False
        recent = time.monotonic() - self.used_at < TRUSTED_IDLE_SECONDS
        if recent and connection.info.transaction_status == pq.TransactionStatus.IDLE:
            try:
                poller = select.poll()
                poller.register(connection.fileno(), select.POLLIN | select.POLLPRI)
                waiting = poller.poll(0)
            except (OSError, ValueError):  # no socket any more
                return False
            if not waiting:
                return True
        return super().is_usable()
