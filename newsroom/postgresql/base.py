"""Django's PostgreSQL backend, with a connection health check that costs no round
trip when the connection is idle.

Settings keep `CONN_HEALTH_CHECKS` on, so that a worker whose connection died
(PostgreSQL restarted, the session was terminated, a proxy dropped it) opens a new
one on its next request instead of failing it (newsroom/resilience.py). Django's
check sends ``SELECT 1`` before the first query of every request: on the story
page, about 5% of the request's CPU, in the worker and in PostgreSQL.

A session the server ends is not silent: PostgreSQL sends its last message (a
FATAL error: "terminating connection due to administrator command") and closes
the socket, so an idle connection that died has something to read. Here, an idle
connection (no transaction open) with nothing waiting on its socket is usable at
once; one with something waiting, or inside a transaction, gets Django's
``SELECT 1``, which drops it when it fails. A server that vanished without a word
(a host powered off, a cable cut) is seen by neither check until the network's
timeouts: the statement and connect timeouts bound that (docs/operations.md).

Settings use this backend for every PostgreSQL database (newsroom/settings.py).
"""

import select

from django.db.backends.postgresql import base
from psycopg import pq


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        connection = self.connection
        if connection is None or connection.closed:
            return False
        if connection.info.transaction_status == pq.TransactionStatus.IDLE:
            try:
                poller = select.poll()
                poller.register(connection.fileno(), select.POLLIN | select.POLLPRI)
                waiting = poller.poll(0)
            except (OSError, ValueError):  # no socket any more
                return False
            if not waiting:
                return True
        return super().is_usable()
