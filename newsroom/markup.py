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


def _clean(html: str, *, strip_comments=True) -> str:
    """`html` cut down to the rich-text allow-list (the one set of nh3 arguments); no `rel`."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel=None,
        strip_comments=strip_comments,
    )


def render_markdown(text: str) -> str:
    """Return sanitised HTML for `text` (a plain ``str``, safe to mark safe)."""
    if not text or not text.strip():
        return ""
    return _links_rel(_clean(_demote_headings(_markdown.render(text))).strip())


def safe_html(html: str):
    """Mark stored, already-sanitised HTML as safe for templates.

    Cleaned again on the way out: stored HTML may predate a tightening of
    the allow-list, or have been written by a bulk import.
    """
    if not html:
        return ""
    return mark_safe(_links_rel(_clean(html)))  # noqa: S308 - nh3 output


def sanitise_html(html: str) -> str:
    """`html` from elsewhere (an archive import) cut down to the tags and attributes a
    story's rich text allows: scripts, styles, frames, event handlers and unsafe link
    schemes are dropped, comments removed. Returns HTML (a plain ``str``)."""
    if not html:
        return ""
    return _clean(html).strip()


# --- pasting from a word processor ---------------------------------------------------
# What a paste keeps: the structure a story's text uses, nothing of the look. Word and
# Google Docs write bold and italics as styles and lists as styled paragraphs; those are
# turned into elements first, then everything else is dropped by the allow-list.
PASTE_TAGS = {"p", "br", "strong", "b", "em", "i", "a", "ul", "ol", "li", "h2", "h3", "h4"}
PASTE_MAX_CHARS = 1_000_000
_OFFICE_CONDITIONAL = re.compile(r"<!\[if[^\]]*\]>(.*?)<!\[endif\]>", re.DOTALL | re.IGNORECASE)
_FRAGMENT = re.compile(r"<!--\s*StartFragment\s*-->(.*?)<!--\s*EndFragment\s*-->", re.DOTALL)
_BOLD = re.compile(r"(?<![-\w])font-weight\s*:\s*(bold|[6-9]00)", re.IGNORECASE)
_NOT_BOLD = re.compile(r"(?<![-\w])font-weight\s*:\s*(normal|[1-4]00)", re.IGNORECASE)
_ITALIC = re.compile(r"(?<![-\w])font-style\s*:\s*italic", re.IGNORECASE)
_WORD_LIST_ITEM = re.compile(r"mso-list\s*:\s*\w+\s+level", re.IGNORECASE)
# Reviewers' comments: their anchors ("[JD1]") and the comment list at the end.
_WORD_COMMENT = re.compile(r"MsoComment|mso-element\s*:\s*comment", re.IGNORECASE)
_ORDERED_MARKER = re.compile(r"^\s*(\d+|[a-zA-Z]|[ivxlcIVXLC]+)[.)]\s*$")


def _office_to_elements(html: str):
    """Parse `html` and turn a word processor's styles into elements (bs4 soup)."""
    from bs4 import BeautifulSoup, Comment

    fragment = _FRAGMENT.search(html)
    if fragment:
        html = fragment.group(1)
    # Word's list markers ("·", "1.") sit in <![if !supportLists]> blocks: keep them
    # marked, to tell numbered lists from bulleted ones.
    html = _OFFICE_CONDITIONAL.sub(r'<span data-list-marker="1">\1</span>', html)
    soup = BeautifulSoup(html, "html.parser")
    for node in soup.find_all(string=lambda text: isinstance(text, Comment)):
        node.extract()
    for node in soup.find_all(["head", "style", "script", "title", "meta", "xml"]):
        node.decompose()
    for node in soup.find_all(
        lambda tag: _WORD_COMMENT.search(" ".join(tag.get("class", [])) + tag.get("style", ""))
    ):
        node.decompose()
    for node in soup.find_all(True):
        if node.decomposed:
            continue
        style = node.get("style", "")
        if node.name == "b" and _NOT_BOLD.search(style):
            node.unwrap()  # Google Docs wraps a whole copy in <b style="font-weight:normal">
            continue
        if node.name in ("span", "font"):
            if _ITALIC.search(style):
                node.wrap(soup.new_tag("em"))
            if _BOLD.search(style):
                node.wrap(soup.new_tag("strong"))
        elif node.name == "h1":
            node.name = "h2"
        elif node.name in ("h5", "h6"):
            node.name = "h4"
    _word_lists(soup)
    return soup


def _word_lists(soup):
    """Word's list paragraphs (style "mso-list: l0 level1") become <ul>/<ol> items."""
    current = None  # (list element, ordered)
    for paragraph in soup.find_all("p"):
        if not _WORD_LIST_ITEM.search(paragraph.get("style", "")):
            continue
        marker = paragraph.find(attrs={"data-list-marker": True})
        ordered = bool(marker and _ORDERED_MARKER.match(marker.get_text().replace("\xa0", " ")))
        if marker:
            marker.decompose()
        previous = paragraph.find_previous_sibling()
        if current is None or previous is not current[0] or current[1] != ordered:
            current = (soup.new_tag("ol" if ordered else "ul"), ordered)
            paragraph.insert_before(current[0])
        paragraph.name = "li"
        current[0].append(paragraph.extract())


def html_to_markdown(html: str) -> str:
    """Clipboard HTML (Word, Google Docs, a web page) as a story's Markdown.

    Keeps paragraphs, bold, italics, links, lists and headings (h2 to h4); drops
    styles, classes, comments, scripts, images, tables' layout and everything else.
    """
    from markdownify import markdownify

    if not html or not html.strip():
        return ""
    cleaned = nh3.clean(
        str(_office_to_elements(html)),
        tags=PASTE_TAGS,
        attributes={"a": {"href"}},
        url_schemes=ALLOWED_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
    markdown = markdownify(cleaned, heading_style="ATX", bullets="-", strong_em_symbol="*")
    markdown = markdown.replace("\xa0", " ")
    markdown = re.sub(r"[ \t]+\n", "\n", markdown)
    return re.sub(r"\n{3,}", "\n\n", markdown).strip()
