"""WordPress post HTML to a story's Markdown.

WordPress stores a post as HTML with its own layers on top: block-editor
comments (``<!-- wp:paragraph -->``), shortcodes (``[caption]``, ``[embed]``),
bare URLs that it turns into embeds, and, in classic-editor posts, paragraphs
separated by blank lines rather than ``<p>`` tags. `to_markdown()` resolves
those layers, sanitises the HTML with the site's allow-list
(newsroom/markup.py: nothing unsafe survives), then converts it with
markdownify. Images and embeds become links: a story's text holds no
third-party frame or script, and its pictures go through the media pipeline.
"""

from __future__ import annotations

import html as html_lib
import re

from markdownify import markdownify

from newsroom.markup import sanitise_html

_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:.*?-->", re.S)
_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'\]]+))""")
_CAPTION = re.compile(r"\[(?:wp_)?caption([^\]]*)\](.*?)\[/(?:wp_)?caption\]", re.S)
_EMBED = re.compile(r"\[embed[^\]]*\](.*?)\[/embed\]", re.S)
_MEDIA_SHORTCODE = re.compile(r"\[(video|audio)\b([^\]]*)\](?:.*?\[/\1\])?", re.S)
# Shortcodes of WordPress and of its most common plugins, removed (their text kept).
_KNOWN_SHORTCODES = (
    "gallery|playlist|youtube|vimeo|twitter|tweet|instagram|soundcloud|googlemaps|"
    "contact-form-7|contact-form|dailymotion|facebook|pdf-embedder|et_pb_[a-z_]+|vc_[a-z_]+"
)
_OTHER_SHORTCODE = re.compile(rf"\[/?(?:{_KNOWN_SHORTCODES})\b[^\]]*\]")
_BARE_URL = re.compile(
    r"(?m)(^|<p>|<div[^>]*>)\s*(https?://[^\s<>\"']+)\s*(?=$|</p>|</div>)", re.IGNORECASE
)
_IMG = re.compile(r"<img\b([^>]*)>", re.IGNORECASE)
_IFRAME = re.compile(r"<iframe\b([^>]*)>.*?</iframe>", re.IGNORECASE | re.S)
_BLOCK_START = re.compile(
    r"^\s*<(p|h[1-6]|ul|ol|li|blockquote|figure|table|div|pre|hr|dl|section|address)\b",
    re.IGNORECASE,
)
_TAG_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _attributes(text: str) -> dict[str, str]:
    return {
        m.group(1).lower(): html_lib.unescape(m.group(2) or m.group(3) or m.group(4) or "")
        for m in _ATTR.finditer(text)
    }


def _link(url: str, label: str) -> str:
    url = url.strip()
    if not re.match(r"https?://", url, re.IGNORECASE):
        return html_lib.escape(label)
    return f'<a href="{html_lib.escape(url)}">{html_lib.escape(label or url)}</a>'


def _image_link(match: re.Match) -> str:
    attributes = {
        m.group(1).lower(): html_lib.unescape(m.group(2) or m.group(3) or "")
        for m in _TAG_ATTR.finditer(match.group(1))
    }
    label = attributes.get("alt") or attributes.get("title") or "image"
    return _link(attributes.get("src", ""), label)


def _caption(match: re.Match) -> str:
    inner = match.group(2)
    caption = _attributes(match.group(1)).get("caption", "")
    text = re.sub(r"<a\b[^>]*>\s*<img\b[^>]*>\s*</a>|<img\b[^>]*>", "", inner).strip()
    images = _IMG.findall(inner)
    parts = [_image_link(m) for m in _IMG.finditer(inner)] if images else []
    legend = caption or text
    return f"<p>{' '.join(parts)}{' — ' if parts and legend else ''}{legend}</p>"


def _media(match: re.Match) -> str:
    attributes = _attributes(match.group(2))
    url = next(
        (attributes[k] for k in ("src", "mp4", "mp3", "url", "webm", "ogg") if k in attributes),
        "",
    )
    return f"<p>{_link(url, url)}</p>" if url else ""


def _iframe(match: re.Match) -> str:
    src = _attributes(match.group(1)).get("src", "")
    return f"<p>{_link(src, src)}</p>" if src else ""


def autop(text: str) -> str:
    """Classic-editor text to paragraphs, as WordPress's wpautop does on display:
    a blank line separates paragraphs and a single newline is a line break."""
    chunks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    out = []
    for chunk in chunks:
        chunk = chunk.strip()
        if not chunk:
            continue
        if _BLOCK_START.match(chunk):
            out.append(chunk)
        else:
            out.append("<p>" + re.sub(r"\s*\n\s*", "<br>\n", chunk) + "</p>")
    return "\n".join(out)


def clean_html(raw: str) -> str:
    """WordPress post HTML as sanitised HTML with our tags only."""
    text = _BLOCK_COMMENT.sub("", raw or "")
    text = _CAPTION.sub(_caption, text)
    text = _EMBED.sub(lambda m: f"<p>{_link(m.group(1), m.group(1).strip())}</p>", text)
    text = _MEDIA_SHORTCODE.sub(_media, text)
    text = _OTHER_SHORTCODE.sub("", text)
    text = _IFRAME.sub(_iframe, text)
    text = autop(text)
    text = _BARE_URL.sub(lambda m: f'{m.group(1)}<a href="{m.group(2)}">{m.group(2)}</a>', text)
    text = _IMG.sub(_image_link, text)
    # The page has its own h1; h5 and h6 are not part of a story's text.
    text = re.sub(r"<(/?)h1\b", r"<\1h2", text, flags=re.IGNORECASE)
    text = re.sub(r"<(/?)h[56]\b", r"<\1h4", text, flags=re.IGNORECASE)
    return sanitise_html(text)


def to_markdown(raw: str) -> str:
    """WordPress post HTML (classic or block editor) as the story's Markdown."""
    cleaned = clean_html(raw)
    if not cleaned:
        return ""
    markdown = markdownify(cleaned, heading_style="ATX", bullets="-", strip=["span"])
    return re.sub(r"\n{3,}", "\n\n", markdown).strip()


def to_plain_text(raw: str, *, words: int = 55) -> str:
    """Text of `raw` HTML without markup, cut at `words` words (WordPress's excerpt)."""
    # Sanitised first: the text of a <script> or <style> is not the post's text.
    text = re.sub(r"<[^>]*>", " ", sanitise_html(_BLOCK_COMMENT.sub("", raw or "")))
    text = _OTHER_SHORTCODE.sub("", re.sub(r"\[/?(?:caption|embed|video|audio)[^\]]*\]", "", text))
    parts = html_lib.unescape(text).split()
    cut = " ".join(parts[:words])
    return cut + " …" if len(parts) > words else cut
