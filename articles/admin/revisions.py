"""Field-by-field comparison of two revisions of a story."""

import difflib

from django.core.exceptions import FieldDoesNotExist
from django.http import Http404

from ..editing import SNAPSHOT_FIELDS
from ..models import Article


def field_label(key: str) -> str:
    """The name editors know a snapshot key by: the field's verbose name."""
    try:
        field = Article._meta.get_field(key)
    except FieldDoesNotExist:
        return key
    if field.auto_created and field.is_relation:  # quotes, sources, claims, corrections
        return str(field.related_model._meta.verbose_name_plural)
    return str(field.verbose_name)


def diff_lines(old: str, new: str) -> list[tuple[str, str]]:
    """(kind, text) pairs: kind is "same", "removed" or "added"."""
    rows = []
    for line in difflib.ndiff(str(old).splitlines(), str(new).splitlines()):
        tag, text = line[:2], line[2:]
        if tag == "  ":
            rows.append(("same", text))
        elif tag == "- ":
            rows.append(("removed", text))
        elif tag == "+ ":
            rows.append(("added", text))
    return rows


def compare(old: dict, new: dict) -> list[dict]:
    """The fields that differ between two snapshots, with their line diff."""
    changes = []
    keys = [*SNAPSHOT_FIELDS, *sorted((set(old) | set(new)) - set(SNAPSHOT_FIELDS))]
    for key in keys:
        before, after = old.get(key, ""), new.get(key, "")
        if before != after:
            changes.append(
                {
                    "field": key,
                    "label": field_label(key),
                    "before": before,
                    "after": after,
                    "lines": diff_lines(before, after),
                }
            )
    return changes


def compare_revisions_view(request, article) -> dict:
    revisions = list(article.revisions.select_related("created_by"))
    by_version = {revision.version: revision for revision in revisions}
    if not revisions:
        return {"revisions": [], "changes": None}
    try:
        newer = int(request.GET.get("b") or revisions[0].version)
        older = int(request.GET.get("a") or (revisions[1].version if len(revisions) > 1 else newer))
    except ValueError as exc:
        raise Http404 from exc
    if older not in by_version or newer not in by_version:
        raise Http404
    old, new = by_version[older], by_version[newer]
    return {
        "revisions": revisions,
        "older": old,
        "newer": new,
        "changes": compare(old.data, new.data),
    }
