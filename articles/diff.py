"""What changed between two contents of a story (articles.record.story_content).

Used by the public version pages (changed passages marked) and by the admin's
revision comparison. A content becomes readable text per part (title,
sections, quotes, sources, claims…), then each changed part is compared word
by word.
"""

from __future__ import annotations

import difflib
import re

from django.utils.translation import gettext as _

from .editing import PART_LABELS, parts

_TOKENS = re.compile(r"\s+|[^\s]+")


def _line(*values) -> str:
    return " — ".join(str(value) for value in values if value not in (None, "", [], {}))


def _focal(point) -> str:
    if not point or list(point) == [50, 50]:
        return ""
    return _("focal point %(x)s%% × %(y)s%%") % {"x": point[0], "y": point[1]}


def readable(content: dict) -> dict[str, str]:
    """{part key: readable text} for every part of `content`."""
    flat = parts(content)
    text = {}
    for key in PART_LABELS:
        value = flat.get(key)
        if key == "region":
            text[key] = value["name"] if value else ""
        elif key == "hero":
            text[key] = (
                _line(
                    value.get("image"),
                    value.get("alt"),
                    value.get("caption"),
                    value.get("credit"),
                    _focal(value.get("focal_point")),
                )
                if value
                else ""
            )
        elif key == "tags":
            text[key] = ", ".join(tag["name"] for tag in value or [])
        elif key == "bylines":
            text[key] = ", ".join(byline["name"] for byline in value or [])
        elif key == "quotes":
            text[key] = "\n".join(
                _line(q["speaker"], q["speaker_role"], q["said_on"], q["text"]) for q in value or []
            )
        elif key == "sources":
            text[key] = "\n".join(
                _line(
                    s["outlet"]["name"],
                    s["kind"],
                    s["title"],
                    s["url"],
                    s["published_on"],
                    s["archived_url"],
                )
                for s in value or []
            )
        elif key == "claims":
            text[key] = "\n".join(
                _line(
                    c["label"],
                    (c.get("rating") or {}).get("label") or _("no verdict"),
                    c["statement"],
                    c["verdict_explanation"],
                    c["analysis"],
                )
                for c in value or []
            )
        elif key == "corrections":
            text[key] = "\n".join(
                _line(c["kind"], c["published_at"], c["text"]) for c in value or []
            )
        else:
            text[key] = "" if value is None else str(value)
    return text


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """(kind, text) runs: kind is "same", "removed" or "added"."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    runs = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            runs.append(("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("removed", "".join(a[i1:i2])))
        if j2 > j1:
            runs.append(("added", "".join(b[j1:j2])))
    return runs


def compare_content(old: dict, new: dict) -> list[dict]:
    """The parts that differ between two contents: label, before, after, word runs."""
    if not old or "article" not in old or "article" not in new:
        return compare_flat(old or {}, new)
    before, after = readable(old), readable(new)
    return [
        {
            "field": key,
            "label": str(label),
            "before": before[key],
            "after": after[key],
            "runs": word_diff(before[key], after[key]),
        }
        for key, label in PART_LABELS.items()
        if before[key] != after[key]
    ]


def compare_flat(old: dict, new: dict) -> list[dict]:
    """Revisions saved before contents were structured hold flat text per field."""
    labels = {key: str(label) for key, label in PART_LABELS.items()}
    keys = [*labels, *sorted((set(old) | set(new)) - set(labels))]
    return [
        {
            "field": key,
            "label": labels.get(key, key),
            "before": str(old.get(key, "")),
            "after": str(new.get(key, "")),
            "runs": word_diff(str(old.get(key, "")), str(new.get(key, ""))),
        }
        for key in keys
        if old.get(key, "") != new.get(key, "")
    ]
