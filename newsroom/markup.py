"""Markdown to safe HTML for every rich-text field.

Markdown is rendered with raw HTML disabled (so it comes out escaped), then
the result goes through nh3, an allow-list sanitiser, so that nothing a
journalist types can run in a reader's browser, whatever the renderer does.
"""

import html as html_lib
import re
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_markdown.enable("table")
_markdown.enable("strikethrough")

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h2",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


def _demote_headings(html: str) -> str:
    # The page has its own h1; Markdown "# " inside a section becomes an h2 at most.
    return html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")


def _clean(html: str, *, link_rel="noopener noreferrer nofollow", strip_comments=True) -> str:
    """`html` cut down to the rich-text allow-list (the one set of nh3 arguments)."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel=link_rel,
        strip_comments=strip_comments,
    )


EXTERNAL_REL = "noopener noreferrer nofollow"
# nh3 writes every attribute double-quoted, with `"` inside a value escaped.
_LINK = re.compile(r'<a((?:\s+[a-zA-Z-]+="[^"]*")*)\s*>')
_HREF = re.compile(r'\shref="([^"]*)"')


def is_internal(href: str) -> bool:
    """A link to this site: relative, an anchor, or on SITE_URL's host."""
    parts = urlsplit(href)
    if not parts.scheme and not parts.netloc:
        return True
    site = urlsplit(settings.SITE_URL)
    return parts.scheme in ("http", "https") and parts.netloc.lower() == site.netloc.lower()


def _mark_external(match: re.Match) -> str:
    attributes = match[1]
    href = _HREF.search(attributes)
    if href and not is_internal(html_lib.unescape(href[1])):
        attributes += f' rel="{EXTERNAL_REL}"'
    return f"<a{attributes}>"


def _links_rel(html: str) -> str:
    """`rel="noopener noreferrer nofollow"` on links that leave the site, never on our own
    pages (search engines would stop following links between our stories)."""
    return _LINK.sub(_mark_external, html)


def render_markdown(text: str) -> str:
    """Return sanitised HTML for `text` (a plain ``str``, safe to mark safe)."""
    if not text or not text.strip():
        return ""
    html = _demote_headings(_markdown.render(text))
    return _links_rel(_clean(html, link_rel=None).strip())


def safe_html(html: str):
    """Mark stored, already-sanitised HTML as safe for templates.

    Cleaned again on the way out: stored HTML may predate a tightening of
    the allow-list, or have been written by a bulk import.
    """
    if not html:
        return ""
    return mark_safe(_links_rel(_clean(html, link_rel=None)))  # noqa: S308 - nh3 output


def sanitise_html(html: str) -> str:
    """`html` from elsewhere (an archive import) cut down to the tags and attributes a
    story's rich text allows: scripts, styles, frames, event handlers and unsafe link
    schemes are dropped, comments removed. Returns HTML (a plain ``str``)."""
    if not html:
        return ""
    return _clean(html, link_rel=None).strip()
