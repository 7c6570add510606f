"""Text hygiene: characters no reader sees and XML 1.0 cannot carry.

Pasted text brings them in: a vertical tab from a PDF or from Word (its
manual line break), a form feed, a NUL, C1 controls from a mis-decoded
Windows file, a lone surrogate from a broken encoder. Invisible on a page,
one of them makes a feed or a sitemap invalid XML, and a NUL cannot even be
stored in PostgreSQL. They are removed where text comes in (every text field
of our models, newsroom/fields.py) and again where XML goes out, for rows
stored before that or written by a bulk update.
"""

from __future__ import annotations

import re

from django.utils.functional import Promise
from django.utils.translation import get_language

# A user-facing text: translated now (str) or when shown (gettext_lazy's Promise).
Message = str | Promise

# Line breaks in disguise: vertical tab (Word's manual line break), form feed,
# NEL. They become a line break in running text and a space in a one-line value.
_BREAKS = "\x0b\x0c\x85"
# What XML 1.0 forbids (C0 controls but tab, LF and CR; U+FFFE, U+FFFF; lone
# surrogates) and what it merely discourages but nobody types (DEL, C1 controls).
_FORBIDDEN = "\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff\ud800-\udfff"
_ANY_JUNK = re.compile(f"[{_BREAKS}{_FORBIDDEN}]")
_BREAK = re.compile(f"[{_BREAKS}]")
_BREAK_RUN = re.compile(f"[{_BREAKS}]+")
_JUNK = re.compile(f"[{_FORBIDDEN}]")


def clean_text(value, *, multiline: bool = True):
    """`value` without invisible control characters; anything not a str is returned as is."""
    if not isinstance(value, str) or not _ANY_JUNK.search(value):
        return value
    value = _JUNK.sub("", value)
    if multiline:
        return _BREAK.sub("\n", value)
    return _BREAK_RUN.sub(" ", value)


def has_junk(value: str) -> bool:
    return bool(_ANY_JUNK.search(value))


def xml_text(value):
    """Any value as XML 1.0 can carry it: str() of it, cleaned (None stays None)."""
    return None if value is None else clean_text(str(value))


def in_language(french: str, english: str) -> str:
    """`english` on the English interface when it is given, otherwise `french`.

    For the few records whose words the newsroom translates itself (the verdict
    scale, the site pages): the French text is the one of record.
    """
    if english and (get_language() or "").startswith("en"):
        return english
    return french
