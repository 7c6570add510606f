"""A database outage inside a test: every SQL statement fails as it does while
PostgreSQL is stopped (bench/fault.py restarts a real server under load)."""

from contextlib import contextmanager
from unittest import mock

from django.db.backends.utils import CursorWrapper
from django.db.utils import OperationalError

REFUSED = "connection failed: Connection refused. Is the server running on 127.0.0.1:5432?"


@contextmanager
def database_down(error=OperationalError):
    """Every query fails, in this thread and in the live server's, with `error`."""

    def refuse(*args, **kwargs):
        raise error(REFUSED)

    with (
        mock.patch.object(CursorWrapper, "execute", refuse),
        mock.patch.object(CursorWrapper, "executemany", refuse),
    ):
        yield
