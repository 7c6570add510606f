"""newsroom/postgresql/base.py: dates read by psycopg's parser give what Django's
loader gives, on every connection and cursor."""

import datetime

import psycopg
import pytest
from django.db import DataError, connection
from django.db.backends.postgresql.psycopg_any import BaseTzLoader
from psycopg import pq

from articles.models import Status
from tests.factories import make_article

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL backend"),
]

TIMESTAMPTZ = psycopg.adapters.types["timestamptz"].oid

# What PostgreSQL may send for a timestamptz, in the session's time zone (UTC) and in
# another: fractions of every length, none, the first and last years Python holds,
# a date before the Gregorian reform, the hour a clock goes back.
LITERALS = [
    "2026-12-01 01:17:52.144674+00",
    "2026-12-01 01:17:52+00",
    "2026-12-01 01:17:52.1+00",
    "2026-03-29 01:59:59.999999+01",
    "2026-10-25 02:30:00+02",
    "0001-01-01 00:00:00+00",
    "9999-12-31 23:59:59.999999+00",
    "1582-10-04 12:00:00+00",
    "1969-12-31 23:59:59.5-05:30",
]


def read(sql, *params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall(), cursor.cursor.adapters.get_loader(TIMESTAMPTZ, pq.Format.TEXT)


def test_dates_are_what_djangos_loader_reads(db):
    """Every literal, read by the backend, equals Django's reading: the same instant,
    the same tzinfo object, the same microseconds."""

    class Django(BaseTzLoader):
        timezone = connection.timezone

    for zone in ("UTC", "Europe/Paris"):
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('TimeZone', %s, false)", [zone])
        try:
            for literal in LITERALS:
                ((text,),), _loader = read("SELECT %s::timestamptz::text", literal)
                try:
                    expected = Django(TIMESTAMPTZ, connection.connection).load(text.encode())
                except psycopg.DataError:  # year 10000 in Paris: an error for both
                    with pytest.raises(DataError):
                        read("SELECT %s::timestamptz", literal)
                    continue
                ((value,),), _loader = read("SELECT %s::timestamptz", literal)
                assert value == expected, (zone, literal)
                assert value.tzinfo is expected.tzinfo is datetime.UTC, (zone, literal)
                assert value.isoformat() == expected.isoformat(), (zone, literal)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('TimeZone', 'UTC', false)")


def test_a_date_python_cannot_hold_is_a_data_error_as_before(db):
    for literal in ("infinity", "-infinity", "10000-01-01 00:00:00+00"):
        with pytest.raises(DataError):
            read("SELECT %s::timestamptz", literal)


def test_the_cursor_keeps_the_backend_loader(db):
    """Django re-registers its own loader on a cursor whose loader names another
    time zone: ours names the connection's, so every cursor keeps it."""
    from newsroom.postgresql.base import TimezoneLoader

    _rows, loader = read("SELECT now()")
    assert issubclass(loader, TimezoneLoader)
    assert loader.timezone is connection.timezone


def test_the_c_parser_reads_them_when_installed(db):
    """With psycopg's C extension (``psycopg[binary]``, our dependency) the parse is
    the extension's, not Python's."""
    if pq.__impl__ == "python":
        pytest.skip("psycopg's C extension is not installed")
    _rows, loader = read("SELECT now()")
    parse = loader(TIMESTAMPTZ, connection.connection)._parse
    assert not type(parse.__self__).__module__.startswith("psycopg.")


def test_stories_keep_their_dates_through_the_orm(db):
    when = datetime.datetime(2026, 11, 30, 23, 59, 59, 123456, tzinfo=datetime.UTC)
    story = make_article(status=Status.PUBLISHED, published_at=when)
    story.refresh_from_db()
    assert story.published_at == when
    assert story.published_at.tzinfo is datetime.UTC
