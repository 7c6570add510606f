"""The admin's history entries in words: field labels, translated, never field names.

Django stores each change's field labels in English (its msgids) and translates
them when the history is shown. A label derived from a model field is its
verbose name with a capital ("Supporting sources"), which the catalogue only
holds in lower case ("supporting sources"): without help it stays English.
Hidden guards (the `loaded_version` every story form carries) have no label at
all and used to show as their name; they are no longer recorded
(articles/admin/forms.py), and older entries are shown without them.
"""

import json
import re

from django.contrib.admin.models import LogEntry
from django.utils.translation import gettext

# A bare field name such as "loaded_version": never words for a journalist.
FIELD_NAME = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)+")


def label_msgid(label: str) -> str:
    """The msgid under which the catalogue translates `label` (as stored: English)."""
    if gettext(label) != label:
        return label
    lowered = label[:1].lower() + label[1:]
    if gettext(lowered) != lowered:
        return lowered
    return label


def readable_label(label: str) -> str:
    """`label` in the active language."""
    return gettext(label_msgid(label))


def readable_change_message(entry: LogEntry) -> str:
    """What `entry` changed, in the active language, with labels for every field."""
    message = entry.change_message or ""
    try:
        parts = json.loads(message) if message.startswith("[") else None
    except ValueError:
        parts = None
    if not isinstance(parts, list):
        return entry.get_change_message()
    kept = []
    for part in parts:
        changed = part.get("changed") if isinstance(part, dict) else None
        if isinstance(changed, dict):
            fields = [
                label_msgid(f) for f in changed.get("fields", []) if not FIELD_NAME.fullmatch(f)
            ]
            if not fields:
                continue
            part = {"changed": {**changed, "fields": fields}}
        kept.append(part)
    return LogEntry(change_message=json.dumps(kept)).get_change_message()
