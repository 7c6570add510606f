"""The story page's own blocks, written in Python: the head and the content.

The story page is the one reader page that must stay cheap when no cache holds it
(docs/performance.md). Its frame (base.html) is rendered once per worker
(newsroom/frame.py); what is left per request is this page's blocks: the title,
description, canonical address, language alternate, Open Graph and Twitter tags,
JSON-LD, and the content (the stored body, author boxes, link to earlier
versions). Through Django's templates those blocks cost half the request's CPU
(about 0.8 of 1.5 ms): some sixty variable lookups, three truncations of the same
introduction, a `with` and a `for` per page. Written here as plain string
formatting they cost a tenth of that, with the same escaping: every value is
written as a template's ``{{ }}`` writes it (`_e`: localized, then escaped).

`blocks()` is the only place these blocks are written: the published page, a
staff preview and the fallback through base.html (templates/articles/
article_detail.html places them) all use it.
"""

import unicodedata
from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator, add_truncation_text, calculate_truncate_chars_length
from django.utils.translation import gettext, ngettext

from articles.structured_data import PLAIN_SLUG, SLUG_STAND_IN, story_paths
from articles.templatetags.authors import author_box
from newsroom.frame import escaped as _e
from newsroom.frame import language_links
from newsroom.site import absolute_url

# The slots of newsroom/frame.py this page fills.
FILLED = ("title", "description", "canonical", "alternates", "opengraph", "meta", "content")


@lru_cache(maxsize=32)
def _switcher(language: str, urlconf, script_prefix: str) -> tuple[str, ...]:
    """The story page's language switcher in `language` around the story's slug:
    base.html's ``languages`` for a stand-in story, cut at the stand-in."""

    class StandIn:
        slug = SLUG_STAND_IN

    versions = [
        (code, translation.get_language_info(code)["name_local"], path, code == language)
        for code, _name in settings.LANGUAGES
        for path in story_paths([StandIn], code)
    ]
    return tuple(language_links(versions).split(SLUG_STAND_IN))


setting_changed.connect(lambda **_signal: _switcher.cache_clear(), weak=False)


def languages(slug: str) -> str | None:
    """The language switcher of the story at `slug` (base.html's ``languages``: a
    link to the story in each interface language), or None for a slug that
    `story_paths` would not write as is. Rendered once per worker and language with
    a stand-in slug, then the slug put in its place: for an address without a query
    string, which the switcher's links would keep."""
    if not PLAIN_SLUG.fullmatch(slug):
        return None
    pieces = _switcher(translation.get_language(), get_urlconf(), get_script_prefix())
    if len(pieces) != len(settings.LANGUAGES):  # a link to each other language, no more
        return None
    return mark_safe(slug.join(pieces))  # a plain slug needs no escaping


def _truncated(text: str, length: int) -> str:
    """`text` as Django's ``truncatechars`` filter cuts it (at most `length`
    characters, "…" included; combining characters not counted).

    The filter looks up every character's combining class; here, only those that
    may have one (U+0300 and above: none in Latin-1) are looked up."""
    text = unicodedata.normalize("NFC", text)  # as the filter gives it, cut or not
    if len(text) <= length:
        return text
    if any(unicodedata.combining(char) for char in text[: length + 1] if char >= "\u0300"):
        return Truncator(text).chars(length)
    # Every character counts: the filter keeps as many as leave room for the ellipsis.
    return add_truncation_text(text[: calculate_truncate_chars_length(length, None)])


def _opengraph(card: dict, url: str, description: str, site_logo) -> str:
    # The logo is asked for only when the story has no image, as the template did.
    hero = card.get("hero")
    lines = [
        "",
        '  <meta property="og:type" content="article">',
        f'  <meta property="og:title" content="{_e(card["title"])}">',
        f'  <meta property="og:description" content="{description}">',
        f'  <meta property="og:url" content="{url}">',
    ]
    if hero:
        og = hero.get("og") or hero
        image = (
            f'  <meta property="og:image" content="{_e(absolute_url(og.get("url")) or "")}">\n  '
        )
        if og.get("width"):
            image += (
                f'<meta property="og:image:width" content="{_e(og["width"])}">\n'
                f'  <meta property="og:image:height" content="{_e(og.get("height", ""))}">'
            )
        image += f'\n  <meta property="og:image:alt" content="{_e(hero.get("alt", ""))}">'
    elif site_logo is not None and (renditions := site_logo()):
        logo = _e(absolute_url(renditions["publisher"]["url"]))
        image = f'  <meta property="og:image" content="{logo}">'
    else:
        image = "  "
    lines.append(image)
    for field, name in (("published_at", "published_time"), ("modified_at", "modified_time")):
        value = card.get(field)
        lines.append(f'  <meta property="article:{name}" content="{_e(value)}">' if value else "  ")
    region = card.get("region")
    lines.append(
        f'  <meta property="article:section" content="{_e(region["name"])}">' if region else "  "
    )
    lines.append(
        "  "
        + "".join(
            f'<meta property="article:tag" content="{_e(tag["name"])}">'
            for tag in card.get("tags") or ()
        )
    )
    twitter = "summary_large_image" if hero else "summary"
    short = _e(_truncated(card["introduction"], 200))
    lines += [
        f'  <meta name="twitter:card" content="{twitter}">',
        f'  <meta name="twitter:title" content="{_e(card["title"])}">',
        f'  <meta name="twitter:description" content="{short}">',
        "",
    ]
    return "\n".join(lines)


def _content(body, authors, *, versions: int, slug: str, preview_status: str | None) -> str:
    parts = ["\n  "]
    if preview_status is not None:
        notice = gettext("Preview: this story is not public (%(status)s).") % {
            "status": _e(preview_status)
        }
        parts.append(f'\n    <p class="notice" role="status">{notice}</p>\n  ')
    parts.append(f"\n  {body}\n  ")
    if authors:
        boxes = "".join(author_box(author) for author in authors)
        label = conditional_escape(gettext("About the authors"))
        parts.append(f'<section class="authors" aria-label="{label}">\n    {boxes}\n  </section>')
    parts.append("\n  ")
    if versions > 1:
        counter = ngettext("%(counter)s version", "%(counter)s published versions", versions) % {
            "counter": _e(versions)
        }
        url = conditional_escape(reverse("articles:article_versions", args=[slug]))
        parts.append(f'<p class="versions-link"><a href="{url}">{counter}</a></p>')
    parts.append("\n")
    return "".join(parts)


def blocks(
    card: dict,
    *,
    path: str,
    body: str,
    json_ld: str,
    authors: list[dict],
    versions: int,
    slug: str,
    site_logo=None,
    preview_status: str | None = None,
    query_string: str = "",
) -> dict[str, SafeString]:
    """The story page's blocks: {slot name (`FILLED`, and ``languages`` for an address
    without a `query_string`): HTML}.

    `card` is the story's published card (articles/record.py `card`); `path` its
    address now ("/articles/<slug>/", the French one); `body` the rendered story
    (trusted HTML: the published record's, or a preview's rendering); `json_ld`
    the page's JSON-LD ("" for none: the story is not in this interface's
    language); `authors` the bylines with their ``published_count``; `versions`
    the number of published versions (a link to them from 2); `query_string` the
    request's (the language switcher keeps it, so the frame writes that one);
    `site_logo` a function giving the site logo's renditions or None
    (newsroom/images.py `site_logo`), called only for a story without an image,
    whose Open Graph image the logo is; `preview_status` the story's state, for a staff
    preview (None on a published page). The current language is the page's.
    """
    url = _e(settings.SITE_URL) + _e(path)
    description = _e(_truncated(card["introduction"], 300))
    language = _e(card.get("language", ""))
    preview = preview_status is not None
    meta = '<meta name="robots" content="noindex">' if preview else ""
    meta += "\n  "
    if json_ld:
        meta += f'<script type="application/ld+json">{json_ld}</script>'
    html = {
        "title": f"{_e(card['title'])} — {_e(settings.SITE_NAME)}",
        "description": description,
        "canonical": url,
        "alternates": f'\n  <link rel="alternate" hreflang="{language}" href="{url}">',
        "opengraph": _opengraph(card, url, description, site_logo),
        "meta": meta,
        "content": _content(
            body, authors, versions=versions, slug=slug, preview_status=preview_status
        ),
    }
    if not query_string and (switcher := languages(slug)) is not None:
        html["languages"] = switcher
    return {name: mark_safe(value) for name, value in html.items()}  # every value escaped above
