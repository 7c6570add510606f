"""One slug for every address (stories, tags, authors, regions, outlets, imports).

Django's `slugify` drops what it cannot decompose to ASCII, so "Vœux du maire"
became "vux-du-maire", and glues elided words: "l’école" became "lecole". Here
the text is first folded as searches fold it (newsroom/folding.py: œ → oe,
æ → ae, accents off, one kind of apostrophe), then apostrophes and French
quotation marks separate words. The admin's title pre-fill does the same in the
browser (static/js/urlify-fr.js), so the slug a journalist sees is the one the
server would make.
"""

from __future__ import annotations

import re

from django.utils.text import slugify as ascii_slugify

from .folding import fold

# After folding: apostrophes separate words; quotation marks and dashes are spaces.
_SEPARATORS = re.compile(r"['«»‹›“”„\"–—‐‑]+")


def slugify(text: str | None, max_length: int | None = None) -> str:
    """ "Vœux du maire : l’Été « indien »" → "voeux-du-maire-l-ete-indien"."""
    slug = ascii_slugify(_SEPARATORS.sub(" ", fold(text or "")))
    if max_length is not None:
        slug = slug[:max_length].rstrip("-")
    return slug


def unique_slug(model, text: str, max_length: int, *, exclude_pk=None, default="sans-titre"):
    """`slugify(text)`, with "-2", "-3"… when another row of `model` has it."""
    base = slugify(text, max_length) or default
    candidate, n = base, 1
    others = model._default_manager.all()
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    while others.filter(slug=candidate).exists():
        n += 1
        suffix = f"-{n}"
        candidate = base[: max_length - len(suffix)].rstrip("-") + suffix
    return candidate
