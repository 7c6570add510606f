"""Read replica routing: public pages read from the replica, everything else from the primary.

Active only when DATABASE_REPLICA_URL is set (settings add a "replica"
alias). The admin, staff sessions, and any request that is not a GET or HEAD
pin their reads to the primary, so that a journalist never reads a replica
that lags behind what they just saved.

`CompiledQuery` keeps the SQL of a hot lookup of fixed shape compiled once per
connection (the reader's story lookup, the lists' first pages), and runs it as a
statement PostgreSQL prepared (`prepared`).
"""

from contextlib import contextmanager, nullcontext
from contextvars import ContextVar
from functools import cache
from inspect import getattr_static
from weakref import WeakKeyDictionary

import psycopg
from django.conf import settings
from django.db import connections, router
from django.db.models import DEFERRED, Model
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init

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


@contextmanager
def on_primary():
    """Reads in this block go to the primary database, even on a reader's request.

    For what a worker keeps until the site's generation moves (newsroom/frame.py
    `FrameCache`): the change that moved it was written on the primary, and a
    replica still catching up would have the worker keep the old rows under the
    new generation."""
    token = _pinned.set(True)
    try:
        yield
    finally:
        _pinned.reset(token)


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


class CompiledQuery:
    """A lookup of fixed shape whose SQL Django compiles once per database connection.

    Django builds and compiles a queryset's SQL on every evaluation. For the reader's
    story lookup (``published() | withdrawn()``, one join, 17 columns) that is about
    1.1 ms of the 1.4 ms of CPU the lookup costs in Python; the statement itself runs
    in 0.25 ms (docs/performance.md). A lookup every reader request makes, always of
    the same shape, compiles once here and runs with new values at each call.

    `parameters` maps each value a call changes to ``(field, stand_in)``: the model
    field that adapts it for the database (a datetime becomes text on SQLite), so that
    a call's value reaches the database as Django itself would send it, and a value
    of the field's type that no other parameter of the query has. `build(**stand_ins)`
    returns the queryset, as a ``values_list()``, built with the stand-ins.

    ``query(**values)`` returns the rows as tuples in the ``values_list()`` order,
    converted by the fields as Django converts them (JSON decoded, datetimes aware).
    Raises ``TypeError`` if a call does not give exactly the named values, and
    ``ValueError`` at the first call if a stand-in is not exactly one of the compiled
    parameters (the query's shape does not suit this class).

    A parameter named in `repeated` may stand in several places of the query (a
    search's words in its filter, its rank and its excerpt): each place takes the
    value. With `prepare` (the default), the statement is prepared on the server
    (`prepared`); a query whose best plan depends on its values (a search) is not.
    """

    def __init__(self, model, build, parameters: dict, *, repeated=(), prepare=True):
        self.model = model
        self.build = build
        self.parameters = parameters
        self.repeated = frozenset(repeated)
        self.prepare = prepare
        # One compilation per connection object: Django's connections are per thread,
        # and the converters receive the connection that runs the query.
        self._compiled = WeakKeyDictionary()

    def _adapt(self, name, value, connection):
        field, _stand_in = self.parameters[name]
        return field.get_db_prep_value(field.get_prep_value(value), connection, prepared=True)

    def _compile(self, connection):
        stand_ins = {name: stand_in for name, (_field, stand_in) in self.parameters.items()}
        queryset = self.build(**stand_ins)
        compiler = queryset.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        params = list(params)
        positions = {}
        for name, stand_in in stand_ins.items():
            adapted = self._adapt(name, stand_in, connection)
            found = [i for i, param in enumerate(params) if param == adapted]
            if not found or (len(found) > 1 and name not in self.repeated):
                raise ValueError(f"{name!r} appears {len(found)} times in {sql}")
            positions[name] = found
        expressions = [selected[0] for selected in compiler.select[: compiler.col_count]]
        converters = compiler.get_converters(expressions)
        return sql, params, positions, converters

    def __call__(self, **values):
        if values.keys() != self.parameters.keys():
            raise TypeError(f"expected {sorted(self.parameters)}, got {sorted(values)}")
        connection = connections[router.db_for_read(self.model)]
        compiled = self._compiled.get(connection)
        if compiled is None:
            compiled = self._compiled[connection] = self._compile(connection)
        sql, params, positions, converters = compiled
        params = list(params)
        for name, value in values.items():
            adapted = self._adapt(name, value, connection)
            for position in positions[name]:
                params[position] = adapted
        preparing = prepared(using=connection.alias) if self.prepare else nullcontext()
        with preparing, connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = [list(row) for row in cursor.fetchall()]
        for row in rows:
            for position, (row_converters, expression) in converters.items():
                value = row[position]
                for converter in row_converters:
                    value = converter(value, expression, connection)
                row[position] = value
        return [tuple(row) for row in rows]


class UniqueLookup:
    """The row of `model` whose unique `field` has a given value, as an instance with
    every concrete field loaded, or None: ``get_object_or_404(model, slug=…)``
    without building a queryset at each call (`CompiledQuery`).

    For the lookup that every request of a page type makes (a tag, an author by
    slug). Raises what `CompiledQuery` raises; `field` must be unique.
    """

    def __init__(self, model, field: str = "slug"):
        self.model = model
        self.names = attnames(model)
        unique = model._meta.get_field(field)
        if not unique.unique:
            raise ValueError(f"{model.__name__}.{field} is not unique")
        self.query = CompiledQuery(
            model,
            lambda value: (
                model._default_manager.filter(**{field: value})
                .order_by()
                .values_list(*self.names)[:1]
            ),
            {"value": (unique, "\x00stand-in")},
        )

    def __call__(self, value):
        rows = self.query(value=value)
        return from_row(self.model, dict(zip(self.names, rows[0], strict=True))) if rows else None


class RowsBy:
    """Every row of `model` whose `field` has a given value, in the model's order, as
    instances with every concrete field loaded: ``list(model.objects.filter(field=…))``
    without building a queryset at each call (`CompiledQuery`).

    For the rows a page type reads beside its object at every request (an author's
    links). `stand_in` is a value of `field` no row has (the query is compiled with
    it, then run with the real one). Raises what `CompiledQuery` raises.
    """

    def __init__(self, model, field: str, stand_in):
        self.model = model
        self.names = attnames(model)
        self.query = CompiledQuery(
            model,
            lambda value: model._default_manager.filter(**{field: value}).values_list(*self.names),
            {"value": (model._meta.get_field(field), stand_in)},
        )

    def __call__(self, value) -> list:
        names = self.names
        return from_rows(
            self.model, [dict(zip(names, row, strict=True)) for row in self.query(value=value)]
        )


@contextmanager
def prepared(model=None, *, using: str | None = None):
    """The queries run in this block on the database `using` (by default the one
    reads of `model` go to: the replica for a reader's request) are prepared on the
    server (PostgreSQL, with DATABASE_PREPARED_STATEMENTS): parsed and planned at
    their first run on the connection, then only executed with new values.

    For lookups of fixed shape whose best plan does not depend on their values: a
    unique slug, a story list by date (`CompiledQuery` runs in it). A prepared
    statement soon runs with a plan made for any value (a generic plan), which
    is wrong for some queries: a search planned for any words took 10 ms of the
    database's CPU instead of 1.5. psycopg is therefore left to prepare nothing
    by itself (Django leaves its threshold None), and told to prepare at the
    first run (threshold 0) for the time of this block only.
    """
    connection = connections[using or router.db_for_read(model)]
    if not settings.DATABASE_PREPARED_STATEMENTS or connection.vendor != "postgresql":
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    if issubclass(raw.cursor_factory, psycopg.ClientCursor):  # values bound on the client
        yield
        return
    threshold = raw.prepare_threshold
    raw.prepare_threshold = 0
    try:
        yield
    finally:
        raw.prepare_threshold = threshold


def from_row(model, values: dict, using: str | None = None):
    """An instance of `model` as the database `using` holds it (by default the one
    reads of `model` go to), from ``{attname: value}``: the attributes not given are
    deferred (read from the database if ever asked for), as with ``only()``, never
    filled with the fields' defaults.

    What ``Model.from_db`` gives, without its walk over every field: a list page
    makes 21 stories of some forty fields each and their 21 versions. A model with its own
    ``__init__`` or ``from_db``, or whose instances a receiver of ``pre_init`` or
    ``post_init`` sees (an ImageField with dimension fields), goes through
    ``from_db`` itself. Raises ``TypeError`` for a name that is not a field's."""
    return from_rows(model, [values], using)[0]


def from_rows(model, rows, using: str | None = None) -> list:
    """`from_row` for each ``{attname: value}`` of `rows`, in order: the database,
    the model's kind and its signals' receivers looked up once for them all."""
    db = using or router.db_for_read(model)
    if not _plain(model) or pre_init.has_listeners(model) or post_init.has_listeners(model):
        names = attnames(model)
        return [
            model.from_db(db, list(values), [values.get(name, DEFERRED) for name in names])
            for values in rows
        ]
    known = _attname_set(model)
    instances = []
    for values in rows:
        if not known.issuperset(values):
            raise TypeError(f"{model.__name__} has no fields {sorted(values.keys() - known)}")
        instance = model.__new__(model)
        state = instance._state = ModelState()
        state.adding = False
        state.db = db
        instance.__dict__.update(values)
        instances.append(instance)
    return instances


@cache
def _plain(model) -> bool:
    """Whether `model` makes its instances as Django's Model does (no ``__init__`` or
    ``from_db`` of its own) and stores each field's value as given (Django's own
    descriptors: a field whose descriptor turns a value into another, a partial date
    say, goes through ``from_db``)."""
    return (
        model.__init__ is Model.__init__
        and model.from_db.__func__ is Model.from_db.__func__
        and all(
            type(getattr_static(model, field.attname, None)) in _PLAIN_DESCRIPTORS
            for field in model._meta.concrete_fields
        )
    )


_PLAIN_DESCRIPTORS = (DeferredAttribute, ForeignKeyDeferredAttribute)


@cache
def _attname_set(model) -> frozenset[str]:
    return frozenset(attnames(model))


@cache
def attnames(model) -> tuple[str, ...]:
    """The attribute names of `model`'s concrete fields, in their order."""
    return tuple(field.attname for field in model._meta.concrete_fields)
