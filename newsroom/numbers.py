"""Whole numbers typed into requests (ids, version numbers, row indexes).

`str.isdigit()` is true for "²" and "٣", which `int()` refuses or reads as
another number, and a 30-digit id overflows the database's bigint: both were
500s. Every view and form that turns a request's text into a number asks here.
"""

BIGINT_MAX = 2**63 - 1


def parse_number(raw) -> int | None:
    """`raw` as a whole number from 0 to 2**63 - 1 (what a PostgreSQL bigint holds),
    written in ASCII digits only; None for anything else (not a str included)."""
    if not isinstance(raw, str) or not raw.isascii() or not raw.isdigit() or len(raw) > 19:
        return None
    value = int(raw)
    return value if value <= BIGINT_MAX else None
