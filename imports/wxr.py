"""Streamed reading of a WordPress export (WXR 1.0 to 1.2, an RSS 2.0 document).

`read_export()` yields one plain object per author, category, tag and item, in
file order, and forgets each element once it is read: memory stays bounded by
the largest single item, whatever the size of the export. The parser is
defusedxml's: a document declaring entities (billion laughs) or pointing at
external ones is refused. A malformed or truncated export raises `WxrError`
after yielding everything read before the fault.

Elements are matched by namespace *family* (``wp`` is
``http://wordpress.org/export/1.x/`` whatever x), so every WXR version reads the
same; elements of other namespaces (plugins) are ignored.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
DC_NS = "http://purl.org/dc/elements/1.1/"
WP_PREFIX = "http://wordpress.org/export/"


class WxrError(Exception):
    """The export cannot be read (further); the message says where and why."""


@dataclass
class WxrAuthor:
    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    wp_id: str = ""


@dataclass
class WxrTerm:
    """A category or a tag as the channel declares it."""

    taxonomy: str  # "category" or "post_tag"
    slug: str
    name: str
    parent: str = ""


@dataclass
class WxrItem:
    post_id: int | None
    post_type: str
    status: str
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    slug: str = ""
    post_date: str = ""
    post_date_gmt: str = ""
    modified: str = ""
    modified_gmt: str = ""
    pub_date: str = ""
    attachment_url: str = ""
    parent: int | None = None
    terms: list[tuple[str, str, str]] = field(default_factory=list)  # (taxonomy, slug, name)
    meta: dict[str, str] = field(default_factory=dict)
    size: int = 0  # characters of text, to refuse huge posts


def _short(tag: str) -> str | None:
    """'{ns}local' as 'prefix:local' for the namespaces we read; None for others."""
    if not tag.startswith("{"):
        return tag
    namespace, _, local = tag[1:].partition("}")
    if namespace.startswith(WP_PREFIX):
        return f"excerpt:{local}" if namespace.rstrip("/").endswith("excerpt") else f"wp:{local}"
    if namespace == CONTENT_NS:
        return f"content:{local}"
    if namespace == DC_NS:
        return f"dc:{local}"
    return None


def _text(element) -> str:
    return (element.text or "").strip()


def _int(value: str) -> int | None:
    try:
        number = int(value.strip())
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None


def _author(element) -> WxrAuthor:
    values = {_short(child.tag): _text(child) for child in element}
    return WxrAuthor(
        login=values.get("wp:author_login", ""),
        email=values.get("wp:author_email", ""),
        display_name=values.get("wp:author_display_name", ""),
        first_name=values.get("wp:author_first_name", ""),
        last_name=values.get("wp:author_last_name", ""),
        wp_id=values.get("wp:author_id", ""),
    )


def _term(element, kind: str) -> WxrTerm:
    values = {_short(child.tag): _text(child) for child in element}
    if kind == "wp:category":
        return WxrTerm(
            "category",
            values.get("wp:category_nicename", ""),
            values.get("wp:cat_name", ""),
            values.get("wp:category_parent", ""),
        )
    if kind == "wp:tag":
        return WxrTerm("post_tag", values.get("wp:tag_slug", ""), values.get("wp:tag_name", ""))
    return WxrTerm(
        values.get("wp:term_taxonomy", ""),
        values.get("wp:term_slug", ""),
        values.get("wp:term_name", ""),
        values.get("wp:term_parent", ""),
    )


_ITEM_FIELDS = {
    "title": "title",
    "link": "link",
    "guid": "guid",
    "pubDate": "pub_date",
    "dc:creator": "creator",
    "content:encoded": "content",
    "excerpt:encoded": "excerpt",
    "wp:post_name": "slug",
    "wp:post_date": "post_date",
    "wp:post_date_gmt": "post_date_gmt",
    "wp:post_modified": "modified",
    "wp:post_modified_gmt": "modified_gmt",
    "wp:attachment_url": "attachment_url",
}


def _item(element) -> WxrItem:
    item = WxrItem(post_id=None, post_type="", status="")
    size = 0
    for child in element:
        name = _short(child.tag)
        if name is None:
            continue
        value = child.text or ""
        size += len(value)
        if name in _ITEM_FIELDS:
            setattr(item, _ITEM_FIELDS[name], value if name.endswith(":encoded") else value.strip())
        elif name == "wp:post_id":
            item.post_id = _int(value)
        elif name == "wp:post_type":
            item.post_type = value.strip()
        elif name == "wp:status":
            item.status = value.strip()
        elif name == "wp:post_parent":
            item.parent = _int(value) or None
        elif name == "category":
            item.terms.append(
                (child.get("domain", ""), (child.get("nicename") or "").strip(), value.strip())
            )
        elif name == "wp:postmeta":
            meta = {_short(part.tag): part.text or "" for part in child}
            key = meta.get("wp:meta_key", "").strip()
            if key:
                item.meta[key] = meta.get("wp:meta_value", "")
    item.size = size
    return item


Record = WxrAuthor | WxrTerm | WxrItem


def read_export(source) -> Iterator[Record]:
    """Yield the authors, terms and items of the export at `source` (a path or a
    binary file), in file order. Raises WxrError on malformed, truncated or
    hostile XML, after everything before the fault was yielded."""
    depth = 0
    channel = None
    yielded = 0
    try:
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start":
                depth += 1
                if depth == 2 and _short(element.tag) == "channel":
                    channel = element
                continue
            depth -= 1
            if depth != 2 or channel is None:
                if depth == 0 and _short(element.tag) != "rss":
                    raise WxrError("not a WordPress export: the document is not RSS")
                continue
            # A direct child of <channel> is complete: read it, then forget it.
            name = _short(element.tag)
            record = None
            if name == "item":
                record = _item(element)
            elif name == "wp:author":
                record = _author(element)
            elif name in ("wp:category", "wp:tag", "wp:term"):
                record = _term(element, name)
            element.clear()
            channel.remove(element)
            if record is not None:
                yielded += 1
                yield record
    except ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        raise WxrError(
            f"the export is malformed or cut short at line {line}, column {column} "
            f"(after {yielded} records): {exc}"
        ) from exc
    except DefusedXmlException as exc:
        raise WxrError(f"the export was refused as unsafe XML: {exc}") from exc
    if channel is None:
        raise WxrError("not a WordPress export: no RSS channel")
