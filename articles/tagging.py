"""Tags as a newsroom types them: one subject per comma, one tag per subject.

- `parse_tags` / `format_tags` are taggit's TAGGIT_TAGS_FROM_STRING and
  TAGGIT_STRING_FROM_TAGS (settings): commas are the only separator, so
  "Réseaux de chaleur" is one tag (taggit split words on spaces when the input
  had no comma). A name that holds a comma is written between double quotes.
- `existing_tags` finds the tag a name stands for whatever its accents,
  apostrophes or case (newsroom/folding.py): "Zone a faibles emissions" is the
  tag "Zone à faibles émissions". The stories' tag manager
  (`articles.models.article.CleanTagManager`) calls it, so every writer (the
  admin, the importer, the demo, commands) reuses the tag instead of creating a
  second one.
- `tag_slug` is the address of a new tag, from the newsroom's slug function
  (newsroom/slugs.py: "Vœux du maire" → "voeux-du-maire").
"""

from __future__ import annotations

import csv

from taggit.models import Tag

from newsroom.folding import fold
from newsroom.slugs import unique_slug
from newsroom.text import clean_text


def clean_tag_name(name) -> str:
    """A tag name as stored: one line, without control characters (newsroom/text.py)."""
    return clean_text(name or "", multiline=False).strip()


def parse_tags(text: str | None) -> list[str]:
    """The tags typed in one field: split on commas only, each once (by its folded form)."""
    line = (text or "").replace("\r", ",").replace("\n", ",")
    try:
        items = next(csv.reader([line], skipinitialspace=True), [])
    except csv.Error:
        items = line.split(",")
    names, seen = [], set()
    for item in items:
        name = clean_tag_name(item.strip().strip('"'))
        if name and fold(name) not in seen:
            seen.add(fold(name))
            names.append(name)
    return names


def format_tags(tags) -> str:
    """The tags as the field shows them, so that saving it unchanged keeps them."""
    names = [f'"{tag.name}"' if "," in tag.name else tag.name for tag in tags]
    return ", ".join(sorted(names, key=fold))


def existing_tags(names) -> dict[str, Tag]:
    """{folded name: the oldest tag with that folded name} for `names`."""
    folded = {fold(name) for name in names if name}
    if not folded:
        return {}
    found: dict[str, Tag] = {}
    for tag in Tag.objects.filter(name__fold__in=folded).order_by("-pk"):
        found[fold(tag.name)] = tag
    return found


def tag_slug(name: str, exclude_pk=None) -> str:
    return unique_slug(
        Tag, name, Tag._meta.get_field("slug").max_length - 5, exclude_pk=exclude_pk, default="tag"
    )
