"""Autosave: what a journalist typed in a story's form, kept on the server until saved.

A browser crash, a closed tab or a lost connection must not lose a story. The form
sends what it holds every little while and when a field loses focus; it is kept per
person and story (per person and page token on the add page, until the story exists)
and offered back when that person opens the story again.

An autosave never writes the story: restoring puts the text back into the form, with
the version the form had been opened at, and the journalist saves it the usual way.
If someone else saved the story in between, that save is refused with the usual
conflict message (articles.editing), text kept. Only who may edit the story may keep
an autosave of it; sizes are bounded; a save of the story discards it, and nothing is
kept beyond `KEEP_DAYS`.
"""

from __future__ import annotations

import json
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from newsroom.numbers import parse_number

from .editing import can_edit
from .models import Article, Autosave

KEEP_DAYS = 14
# A story form with every inline filled is far below this (the text of a long story is
# some 50 kB); more is refused rather than stored.
MAX_BYTES = 512 * 1024
MAX_FIELDS = 5000
# Add pages a person left unsaved: the most recent few are kept.
MAX_NEW_PAGES = 5
TOKEN_LENGTH = 64


class AutosaveRefused(ValueError):
    """The autosave is malformed or too large; nothing was kept."""


def parse_form(raw: str) -> dict:
    """The posted form state, checked: ``{"fields": [[name, value]...], "labels": {...}}``."""
    if len(raw.encode()) > MAX_BYTES:
        raise AutosaveRefused("too large")
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise AutosaveRefused("not JSON") from exc
    if not isinstance(data, dict):
        raise AutosaveRefused("not an object")
    pairs = data.get("fields")
    labels = data.get("labels", {})
    if not isinstance(pairs, list) or len(pairs) > MAX_FIELDS or not isinstance(labels, dict):
        raise AutosaveRefused("malformed")
    for pair in pairs:
        if not (
            isinstance(pair, list) and len(pair) == 2 and all(isinstance(p, str) for p in pair)
        ):
            raise AutosaveRefused("malformed field")
    for options in labels.values():
        if not isinstance(options, dict) or not all(
            isinstance(text, str) for text in options.values()
        ):
            raise AutosaveRefused("malformed labels")
    return {"fields": pairs, "labels": labels}


def valid_token(token: str) -> bool:
    return 16 <= len(token) <= TOKEN_LENGTH and all(c.isalnum() or c in "-_" for c in token)


def may_keep(user, article: Article | None) -> bool:
    """Only who may edit the story (or create one, on the add page) keeps its autosave."""
    return can_edit(user, article)


def _loaded_version(form: dict) -> int | None:
    for name, value in form["fields"]:
        if name == "loaded_version" and (number := parse_number(value)) is not None:
            return number
    return None


def cutoff():
    return timezone.now() - timedelta(days=KEEP_DAYS)


@transaction.atomic
def keep(*, user, article: Article | None = None, token: str = "", form: dict) -> Autosave:
    """Keep `form` as `user`'s autosave of `article` (or of the new-story page `token`)."""
    if article is None and not valid_token(token):
        raise AutosaveRefused("bad token")
    purge_expired()
    key = {"user": user, "article": article, "token": "" if article else token}
    autosave, _created = Autosave.objects.update_or_create(
        **key, defaults={"form": form, "loaded_version": _loaded_version(form)}
    )
    if article is None:
        stale = Autosave.objects.filter(user=user, article=None).order_by("-saved_at")
        Autosave.objects.filter(pk__in=stale.values("pk")[MAX_NEW_PAGES:]).delete()
    return autosave


def find(*, user, article: Article | None = None, token: str = "") -> Autosave | None:
    """`user`'s autosave of `article`, or of the new-story page `token`; None when expired."""
    rows = Autosave.objects.filter(user=user, saved_at__gte=cutoff())
    if article is not None:
        return rows.filter(article=article).first()
    if not token:
        return None
    return rows.filter(article=None, token=token).first()


def latest_new_page(user) -> Autosave | None:
    """The most recent new story `user` left unsaved (offered on the add page)."""
    return (
        Autosave.objects.filter(user=user, article=None, saved_at__gte=cutoff())
        .order_by("-saved_at")
        .first()
    )


def discard(*, user, article: Article | None = None, token: str = "") -> None:
    """Forget `user`'s autosave of `article` or of the page `token` (after a save, or asked)."""
    if article is not None:
        Autosave.objects.filter(user=user, article=article).delete()
    elif token:
        Autosave.objects.filter(user=user, article=None, token=token).delete()


def purge_expired() -> int:
    """Delete every autosave older than `KEEP_DAYS`; the number deleted."""
    return Autosave.objects.filter(saved_at__lt=cutoff()).delete()[0]
