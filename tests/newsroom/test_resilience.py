"""Database outages: a short 503 page for readers, a resubmit notice for journalists.

The outage is simulated by making every SQL statement raise the error the
PostgreSQL driver raises when the server is gone; bench/fault.py restarts a
real server under load.
"""

import importlib.util
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from django.db.utils import InterfaceError, OperationalError
from django.test import Client
from django.urls import reverse
from environs import EnvValidationError

from articles.models import Article, Region, Status
from newsroom.db import prepared
from tests.admin_forms import article_post_data
from tests.factories import make_article
from tests.outage import database_down

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PUBLIC_TEXT = "ne peut pas joindre sa base de données"
RESUBMIT_TEXT = "Vos modifications n’ont pas été enregistrées"


def assert_unavailable(response, text):
    body = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Type"].startswith("text/html")
    assert text in body
    assert "Traceback" not in body
    assert "OperationalError" not in body and "Connection refused" not in body
    assert "<script" not in body


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_public_page_answers_503_while_the_database_is_down(client, error):
    """A reader gets the short 503 page with Retry-After, not a stack trace."""
    with database_down(error):
        response = client.get("/")
    assert_unavailable(response, PUBLIC_TEXT)
    assert "<html" in response.content.decode()


def test_story_page_answers_503_and_the_page_cache_does_not_keep_it(client, settings, journalist):
    """With the page cache on, the 503 is not stored: the next reader gets the story."""
    settings.PAGE_CACHE_SECONDS = 300
    story = make_article(status=Status.PUBLISHED, author=journalist)
    with database_down():
        response = client.get(story.get_absolute_url())
    assert_unavailable(response, PUBLIC_TEXT)
    assert "X-Cache" not in response
    again = client.get(story.get_absolute_url())
    assert again.status_code == 200
    assert story.title in again.content.decode()


def test_english_reader_gets_the_english_page(client):
    with database_down():
        response = client.get("/en/")
    assert_unavailable(response, "Temporarily unavailable")
    assert 'lang="en"' in response.content.decode()


def test_admin_post_answers_503_with_the_resubmit_notice(client, journalist):
    """A journalist saving a form is told nothing was saved and to go back and resubmit."""
    client.force_login(journalist)
    url = reverse("admin:articles_article_add")
    with database_down():
        response = client.post(url, {"title": "Crue de la Seine : la préfecture rassure"})
    assert_unavailable(response, RESUBMIT_TEXT)
    body = response.content.decode()
    assert "Retour" in body and "votre saisie y est conservée" in body
    assert "renvoyez-le" in body


def test_outage_in_the_middle_of_an_admin_save_leaves_nothing_half_saved(client, journalist):
    """The story row is written, then the connection drops: the whole save is rolled back."""
    client.force_login(journalist)
    execute = CursorWrapper.execute
    seen = []

    def drop_on_quotes(self, sql, params=None):
        seen.append(sql.split("(")[0])
        if sql.startswith('INSERT INTO "articles_quote"'):
            raise OperationalError("terminating connection due to administrator command")
        return execute(self, sql, params)

    data = article_post_data(
        fields={"region": Region.objects.get(slug="normandie").pk},
        quotes=[{"speaker": "Le préfet", "text": "La rocade rouvre jeudi.", "position": "0"}],
    )
    with mock.patch.object(CursorWrapper, "execute", drop_on_quotes):
        response = client.post(reverse("admin:articles_article_add"), data)
    assert_unavailable(response, RESUBMIT_TEXT)
    assert any(sql.startswith('INSERT INTO "articles_article"') for sql in seen)
    assert not Article.objects.filter(slug=data["slug"]).exists()
    # The journalist goes back and submits the same form again: it is saved.
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    assert Article.objects.get(slug=data["slug"]).quotes.count() == 1


def test_admin_get_answers_the_plain_503(client, journalist):
    client.force_login(journalist)
    with database_down():
        response = client.get(reverse("admin:index"))
    assert_unavailable(response, PUBLIC_TEXT)
    assert RESUBMIT_TEXT not in response.content.decode()


def test_database_error_in_the_page_cache_costs_only_the_caching(settings):
    """If the page cache cannot read the schedule, the page is served, just not stored."""
    settings.PAGE_CACHE_SECONDS = 300
    client = Client(raise_request_exception=False)

    def refuse(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    with mock.patch("newsroom.pagecache.seconds_until_next_publication", refuse):
        first = client.get("/")
        second = client.get("/")
    assert first.status_code == second.status_code == 200
    assert "X-Cache" not in second


def test_database_error_in_a_middleware_also_answers_503(settings):
    """Errors raised outside the view (here the replica router) are a 503, not a 500."""
    client = Client(raise_request_exception=False)

    def refuse(self, request):
        raise OperationalError("server closed the connection unexpectedly")

    with mock.patch("newsroom.db.ReplicaRoutingMiddleware.__call__", refuse):
        response = client.get("/")
    assert_unavailable(response, PUBLIC_TEXT)


def test_other_errors_are_still_500():
    """Only database outages become 503: a bug stays a 500 that gets logged."""
    client = Client(raise_request_exception=False)
    with mock.patch.object(CursorWrapper, "execute", side_effect=ZeroDivisionError):
        response = client.get("/")
    assert response.status_code == 500


def load_settings(monkeypatch, argv, **env):
    """Execute newsroom/settings.py afresh with this environment and command line."""
    for name in (
        "DATABASE_STATEMENT_TIMEOUT_MS",
        "DATABASE_CONNECT_TIMEOUT",
        "DATABASE_PREPARED_STATEMENTS",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SECRET_KEY", "settings-under-test-" + "x" * 40)
    monkeypatch.delenv("DATABASE_REPLICA_URL", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "argv", argv)
    spec = importlib.util.spec_from_file_location(
        "settings_under_test", ROOT / "newsroom/settings.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_postgresql_gets_statement_and_connect_timeouts(monkeypatch):
    loaded = load_settings(
        monkeypatch, ["gunicorn"], DATABASE_URL="postgres://postgres@127.0.0.1:5432/newsroom"
    )
    options = loaded.DATABASES["default"]["OPTIONS"]
    assert options["options"] == "-c statement_timeout=5000"
    assert options["connect_timeout"] == 3
    assert loaded.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_statement_timeout_is_configurable_and_applies_to_the_replica(monkeypatch):
    loaded = load_settings(
        monkeypatch,
        ["gunicorn"],
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/newsroom",
        DATABASE_REPLICA_URL="postgres://postgres@127.0.0.2:5432/newsroom",
        DATABASE_STATEMENT_TIMEOUT_MS="1500",
        DATABASE_CONNECT_TIMEOUT="2",
    )
    for alias in ("default", "replica"):
        options = loaded.DATABASES[alias]["OPTIONS"]
        assert options["options"] == "-c statement_timeout=1500"
        assert options["connect_timeout"] == 2


def test_maintenance_commands_run_without_statement_timeout(monkeypatch):
    """migrate and generate_corpus build indexes that may take longer than a page may."""
    url = "postgres://postgres@127.0.0.1:5432/newsroom"
    migrate = load_settings(monkeypatch, ["manage.py", "migrate"], DATABASE_URL=url)
    assert "options" not in migrate.DATABASES["default"]["OPTIONS"]
    assert migrate.DATABASES["default"]["OPTIONS"]["connect_timeout"] == 3
    runserver = load_settings(monkeypatch, ["manage.py", "runserver"], DATABASE_URL=url)
    assert runserver.DATABASES["default"]["OPTIONS"]["options"] == "-c statement_timeout=5000"


def test_sqlite_gets_no_postgresql_options(monkeypatch):
    loaded = load_settings(monkeypatch, ["gunicorn"], DATABASE_URL="sqlite:///:memory:")
    options = loaded.DATABASES["default"].get("OPTIONS", {})
    for name in ("options", "connect_timeout", "server_side_binding", "prepare_threshold"):
        assert name not in options


def test_postgresql_binds_values_on_the_server_unless_prepared_statements_are_off(monkeypatch):
    """Prepared statements need server-side binding; turned off (a PgBouncer in
    transaction mode before 1.21), Django's client-side binding is back."""
    primary = "postgres://postgres@127.0.0.1:5432/newsroom"
    replica = "postgres://postgres@127.0.0.2:5432/newsroom"
    loaded = load_settings(
        monkeypatch, ["gunicorn"], DATABASE_URL=primary, DATABASE_REPLICA_URL=replica
    )
    assert loaded.DATABASE_PREPARED_STATEMENTS is True
    for alias in ("default", "replica"):
        options = loaded.DATABASES[alias]["OPTIONS"]
        assert options["server_side_binding"] is True
        # psycopg prepares nothing by itself: only newsroom.db.prepared() asks.
        assert "prepare_threshold" not in options
    off = load_settings(
        monkeypatch, ["gunicorn"], DATABASE_URL=primary, DATABASE_PREPARED_STATEMENTS="0"
    )
    assert off.DATABASE_PREPARED_STATEMENTS is False
    assert "server_side_binding" not in off.DATABASES["default"]["OPTIONS"]
    with pytest.raises(EnvValidationError, match="DATABASE_PREPARED_STATEMENTS"):
        load_settings(
            monkeypatch,
            ["gunicorn"],
            DATABASE_URL=primary,
            DATABASE_PREPARED_STATEMENTS="peut-être",
        )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_hot_lookups_run_prepared_and_a_search_is_planned_for_its_words(client):
    """The story lookup and a tag's first page are statements the connection
    prepared; a search, whose best plan depends on its words, never is."""
    story = make_article(status="published", title="Cherbourg : la digue du large rénovée")
    story.tags.add("digues")
    for _ in range(7):
        assert client.get(story.get_absolute_url()).status_code == 200
        assert client.get("/tags/digues/").status_code == 200
        assert client.get("/recherche/", {"q": "digue"}).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any('"articles_article"."slug" = $' in statement for statement in prepared)
    assert any('"taggit_taggeditem"' in statement for statement in prepared)
    assert not any("tsquery" in statement for statement in prepared)


def test_prepared_changes_nothing_where_statements_are_not_prepared(settings):
    """On SQLite, or with DATABASE_PREPARED_STATEMENTS off, the block runs as is."""
    settings.DATABASE_PREPARED_STATEMENTS = False
    with prepared():
        assert Article.objects.count() == 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_statement_timeout_reaches_the_server_and_a_cancelled_query_is_a_503(client, settings):
    """The server enforces the timeout, and a query it cancels becomes a 503."""
    assert settings.DATABASE_STATEMENT_TIMEOUT_MS > 0
    with connection.cursor() as cursor:
        cursor.execute("SELECT setting FROM pg_settings WHERE name = 'statement_timeout'")
        assert cursor.fetchone()[0] == str(settings.DATABASE_STATEMENT_TIMEOUT_MS)

    def slow_query(*args, **kwargs):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 50")
            cursor.execute("SELECT pg_sleep(2)")

    with mock.patch("articles.views.PublishedVersion.objects.public", slow_query):
        response = client.get("/corrections/")
    assert_unavailable(response, PUBLIC_TEXT)


@pytest.fixture
def idle_connection():
    """A second connection to the test database, idle (autocommit, no transaction)."""
    from django.db import connections

    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_an_idle_live_connection_passes_the_health_check_without_a_query(
    idle_connection, monkeypatch
):
    """newsroom/postgresql/base.py: no SELECT 1 before each request's first query."""
    from django.db.backends.postgresql import base as django_base

    asked = []
    monkeypatch.setattr(
        django_base.DatabaseWrapper, "is_usable", lambda self: asked.append(self) or True
    )
    assert idle_connection.is_usable() is True
    assert asked == []
    with idle_connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    assert idle_connection.is_usable() is True
    assert asked == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_a_connection_the_server_ended_fails_the_health_check(idle_connection):
    """A terminated session (as at a restart) is seen at the next check, and dropped."""
    import time

    pid = idle_connection.connection.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    deadline = time.monotonic() + 5
    while idle_connection.is_usable() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert idle_connection.is_usable() is False
    idle_connection.health_check_done = False
    idle_connection.close_if_health_check_failed()
    assert idle_connection.connection is None  # dropped: the next query reconnects
    with idle_connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_a_connection_inside_a_transaction_gets_the_round_trip(monkeypatch):
    from django.db.backends.postgresql import base as django_base

    asked = []
    monkeypatch.setattr(
        django_base.DatabaseWrapper, "is_usable", lambda self: asked.append(self) or True
    )
    with connection.cursor() as cursor:  # the test's transaction is open
        cursor.execute("SELECT 1")
    assert connection.is_usable() is True
    assert asked == [connection]
    assert connection.settings_dict["ENGINE"] == "newsroom.postgresql"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
def test_a_connection_idle_for_long_gets_the_round_trip(idle_connection, monkeypatch):
    """A NAT or load balancer may have forgotten it without a word: only a packet
    tells (newsroom/postgresql/base.py)."""
    from django.db.backends.postgresql import base as django_base

    from newsroom.postgresql.base import TRUSTED_IDLE_SECONDS

    asked = []
    monkeypatch.setattr(
        django_base.DatabaseWrapper, "is_usable", lambda self: asked.append(self) or True
    )
    idle_connection.used_at -= TRUSTED_IDLE_SECONDS + 1
    assert idle_connection.is_usable() is True
    assert asked == [idle_connection]
    with idle_connection.cursor():  # used again: trusted again
        pass
    asked.clear()
    assert idle_connection.is_usable() is True
    assert asked == []
