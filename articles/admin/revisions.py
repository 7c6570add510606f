"""Comparison of two revisions of a story (articles/diff.py does the comparing)."""

from django.http import Http404

from ..diff import compare_content


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
        "changes": compare_content(old.data, new.data),
    }
