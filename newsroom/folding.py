"""Search that ignores accents, case and the kind of apostrophe, on both databases.

`fold("L’Été")` is "l'ete". The database does the same to a column with the
SQL function `newsroom_fold`: on PostgreSQL a migration defines it over the
`unaccent` extension, declared IMMUTABLE so that trigram indexes can be built
on it (unaccent itself is only STABLE because its rules file could change);
on SQLite it is this module's `fold`, registered on every connection. The
lookup `field__fold__contains=fold(term)` then finds "Le vélo électrique"
for "velo", and "l’école" for "l'ecole".
"""

from __future__ import annotations

import unicodedata

from django.db.backends.signals import connection_created
from django.db.models import CharField, TextField, Transform

SQL_FUNCTION = "newsroom_fold"
# What PostgreSQL's unaccent rules do that Unicode decomposition does not.
_LETTERS = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "‛": "'",
        "ʼ": "'",
        "œ": "oe",
        "Œ": "OE",
        "æ": "ae",
        "Æ": "AE",
        "ß": "ss",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
    }
)


def fold(text: str | None) -> str | None:
    """Lower case, without accents, with a straight apostrophe."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


class Fold(Transform):
    """`title__fold`: the column as `fold` would write it."""

    lookup_name = "fold"
    function = SQL_FUNCTION
    output_field = TextField()


def _register_on_sqlite(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQL_FUNCTION, 1, fold, deterministic=True)


def install():
    """Called once at startup (newsroom/apps.py)."""
    CharField.register_lookup(Fold)
    TextField.register_lookup(Fold)
    connection_created.connect(_register_on_sqlite, dispatch_uid="newsroom.folding")
