"""The page frame rendered once per worker; only the page's own parts per request.

`templates/base.html` is the frame of every public page: head, header, search,
footer. On the story page, which must be cheap even when no cache holds it
(docs/performance.md), Django's templates spent more on that frame than on the
story's own parts: 0.6 of 1.2 ms of CPU. Public views call `render` (in place of
`django.shortcuts.render`), which renders instead:

- **the frame**, once per worker, language and site generation (the number every
  change to the site's name, logo or pages moves: newsroom/pagecache.py), as
  `templates/frame/frame.html`: base.html with a mark in each block a page fills
  (`SLOTS`), then cut at the marks;
- **the page's blocks**, at each request: the page's own template, extending
  `templates/frame/slots.html` instead of base.html (its template says
  ``{% extends frame_template|default:"base.html" %}``), which writes the blocks one after
  the other between marks, with base.html's default for each block the page
  leaves (`default_blocks`, which base.html calls too, through
  ``{% frame_default %}``).

Pages whose blocks are written in Python (the story page: articles/story_page.py;
the lists: articles/list_pages.py, factcheck/index_page.py) call `render_blocks`,
which joins them into the frame with the defaults for the slots they leave,
without rendering a template.

Each block goes into its slot. The page is byte for byte the one base.html gives
(tests/newsroom/test_frame.py); whenever it could not be (a mark in a text, a
block missing from the frame, a page filling a block that is not a slot), the
page is rendered through base.html as usual.
"""

import html
import re
import threading
import time
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpResponse
from django.template.loader import get_template, render_to_string
from django.template.loader_tags import BlockNode
from django.urls import (
    NoReverseMatch,
    get_script_prefix,
    get_urlconf,
    reverse,
    translate_url,
)
from django.utils import translation
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext

from .context_processors import site_generation
from .images import site_logo
from .site import absolute_url

# The blocks a framed page fills, in the order slots.html writes them.
SLOTS = (
    "title",
    "description",
    "canonical",
    "alternates",
    "opengraph",
    "meta",
    "head_extra",
    "query",
    "languages",
    "content",
)
# Stored texts cannot hold NUL (PostgreSQL refuses it, and text fields strip control
# characters), so no page text can be taken for a mark.
SLOT_MARK = "\x00slot\x00"
_FRAME_MARK = re.compile("\x00frame:([a-z_]+)\x00")


class FrameCache:
    """What this worker keeps for each language until the site's generation moves:
    the cut frames ({where: (generation, pieces)}, where pieces alternate the
    frame's text and slot names: text, slot, text, …, text), and other values made
    from what only a change that moves the generation changes. `where` is the
    language with the request's URL configuration and script prefix, which every
    address in a kept value depends on. Only the newest generation of each is kept;
    with `max_age` (seconds), a value is also made again after that long, for the
    changes no signal reports (a ``QuerySet.update()``, a data migration)."""

    def __init__(self, max_age: float | None = None):
        self._frames: dict[tuple, tuple[int, float, object]] = {}
        self._lock = threading.Lock()
        self.max_age = max_age

    def get(self, language: str, generation: int):
        held = self._frames.get((language, get_urlconf(), get_script_prefix()))
        if held is None or held[0] != generation:
            return None
        if self.max_age is not None and time.monotonic() - held[1] > self.max_age:
            return None
        return held[2]

    def set(self, language: str, generation: int, pieces) -> None:
        where = (language, get_urlconf(), get_script_prefix())
        with self._lock:
            self._frames[where] = (generation, time.monotonic(), pieces)

    def kept(self, language: str, make):
        """The value kept for `language` and the site's current generation, or
        ``make()``'s, then kept: made from the primary database (where the change
        that moved the generation was written; a replica may still hold the old
        rows)."""
        from .db import on_primary

        generation = site_generation()
        held = self.get(language, generation)
        if held is None:
            with on_primary():
                held = make()
            self.set(language, generation, held)
        return held

    def clear(self, **_signal) -> None:
        with self._lock:
            self._frames.clear()


FRAMES = FrameCache()
# How long the values kept by generation (other than the frame) are kept at most:
# a change no signal reports (a ``QuerySet.update()``, a data migration) shows
# within this many seconds.
SILENT_CHANGE_SECONDS = 300
# A frame holds settings (the site's name and address): a test that changes them
# gets a new frame.
setting_changed.connect(FRAMES.clear, dispatch_uid="newsroom.frame.clear")


def _cut(html: str) -> list[str] | None:
    pieces = _FRAME_MARK.split(html)
    return pieces if tuple(pieces[1::2]) == SLOTS else None


def _frame(request, language: str, generation: int) -> list[str] | None:
    pieces = FRAMES.get(language, generation)
    if pieces is None:
        marks = {name: mark_safe(f"\x00frame:{name}\x00") for name in SLOTS}
        pieces = _cut(render_to_string("frame/frame.html", {"slot": marks}, request))
        if pieces is not None:
            FRAMES.set(language, generation, pieces)
    return pieces


@lru_cache(maxsize=64)
def _fills_slots_only(template_name: str) -> bool:
    """Whether `template_name` fills no block of base.html but the slots.

    slots.html writes only the slots (with base.html's defaults, from the same
    includes, for those the page leaves): a page filling another block (404.html
    empties ``addresses``) goes through base.html."""
    template = get_template(template_name).template
    filled = {node.name for node in template.nodelist.get_nodes_by_type(BlockNode)}
    return filled <= set(SLOTS)


def render_in_frame(request, template_name: str, context: dict, *, generation: int) -> str:
    """`template_name` rendered with `context` in base.html's frame: the page as
    ``render_to_string(template_name, context, request)`` gives it.

    `generation` is the site's current generation (the frame's key); the page's
    template must extend ``frame_template|default:"base.html"`` and fill no other
    block than the slots."""
    frame = (
        _frame(request, translation.get_language(), generation)
        if _fills_slots_only(template_name)
        else None
    )
    if frame is not None:
        blocks = render_to_string(
            template_name,
            {**context, "frame_template": "frame/slots.html", "slot_mark": mark_safe(SLOT_MARK)},
            request,
        ).split(SLOT_MARK)[1:]
        if len(blocks) == len(SLOTS):
            filled = dict(zip(SLOTS, blocks, strict=True))
            return "".join(filled[piece] if i % 2 else piece for i, piece in enumerate(frame))
    return render_to_string(template_name, context, request)


def escaped(value) -> str:
    """`value` as a template's ``{{ value }}`` writes it: localized, then escaped
    (a safe string as it is)."""
    if value.__class__ is str:  # most values: no number to localize, not yet safe
        return html.escape(value)  # what django.utils.html.escape does
    return conditional_escape(localize(value))


def language_versions(request) -> tuple[tuple[str, str, str, bool], ...]:
    """(code, name, url, is_current) for each interface language of this page.

    The page's own address, as the request resolved it, reversed in each language
    (its query kept): worked out once per worker for each view and arguments,
    language and URL configuration (`_versions`, the last 2,048). A page not resolved (an
    error), or whose view has no address in a language, goes through Django's
    `translate_url`, which resolves the path again first."""
    path = request.get_full_path() if request else "/"
    match = getattr(request, "resolver_match", None)
    current = translation.get_language()
    versions = None
    if match and match.url_name:
        name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
        try:
            kwargs = tuple(sorted(match.kwargs.items()))
            versions = _versions(
                current, get_urlconf(), get_script_prefix(), name, tuple(match.args), kwargs
            )
        except TypeError:  # an argument that cannot be a key: worked out below
            versions = None
        # The query is kept in the links, not in the key: every search and tracking
        # parameter would otherwise be an entry, and push the pages' out.
        query = urlsplit(path).query
        if versions is not None and query:
            versions = tuple((c, n, f"{url}?{query}", now) for c, n, url, now in versions)
    if versions is None:
        versions = tuple(
            (code, _language_name(code), translate_url(path, code), code == current)
            for code, _name in settings.LANGUAGES
        )
    return versions


def _language_name(code: str) -> str:
    return translation.get_language_info(code)["name_local"]


@lru_cache(maxsize=2048)
def _versions(current, urlconf, script_prefix, name, args, kwargs):
    """`language_versions` of the page the view `name` shows for `args` and `kwargs`
    (without a query), in the interface language `current`; None if the view has no
    address in one of the languages."""
    versions = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            try:
                url = reverse(name, args=args, kwargs=dict(kwargs))
            except NoReverseMatch:
                return None
        versions.append((code, _language_name(code), url, code == current))
    return tuple(versions)


setting_changed.connect(lambda **_signal: _versions.cache_clear(), weak=False)


def language_links(versions) -> str:
    """The language switcher (base.html's ``languages``): a list with a link to the
    page in each other language and the current one marked, from `language_versions`."""
    items = []
    for code, name, url, current in versions:
        code, label = escaped(code), escaped(capfirst(name))
        if current:
            items.append(f'<li><span aria-current="true" lang="{code}">{label}</span></li>')
        else:
            link = f'<a href="{escaped(url)}" hreflang="{code}" lang="{code}">{label}</a>'
            items.append(f"<li>{link}</li>")
    return "<ul>" + "".join(items) + "</ul>"


def _description(request, page, versions):
    # A translation is written as is, as {% translate %} writes it: trusted text.
    return gettext("Regional news, verified claim by claim.")


def _canonical(request, page, versions):
    query = getattr(page, "query", "")
    address = escaped(settings.SITE_URL) + escaped(request.path if request else "")
    return f"{address}?{escaped(query)}" if query else address


def _alternates(request, page, versions):
    site = escaped(settings.SITE_URL)
    return "".join(
        f'\n  <link rel="alternate" hreflang="{escaped(code)}" href="{site}{escaped(url)}">'
        for code, _name, url, _current in versions
    )


def _opengraph(request, page, versions):
    logo = site_logo()
    image = ""
    if logo:
        logo_url = escaped(absolute_url(logo["publisher"]["url"]) or "")
        image = f'<meta property="og:image" content="{logo_url}">'
    address = escaped(settings.SITE_URL) + escaped(request.path if request else "")
    return (
        "\n"
        '  <meta property="og:type" content="website">\n'
        f'  <meta property="og:title" content="{escaped(settings.SITE_NAME)}">\n'
        f'  <meta property="og:description" content="{_description(request, page, versions)}">\n'
        f'  <meta property="og:url" content="{address}">\n'
        f"  {image}\n"
        '  <meta name="twitter:card" content="summary">\n'
        "  "
    )


# base.html's default for each slot a page leaves: ``slot(request, page, versions)``
# with the page's list position (`page`, its ``query``) and `language_versions`.
_DEFAULTS = {
    "title": lambda request, page, versions: escaped(settings.SITE_NAME),
    "description": _description,
    "canonical": _canonical,
    "alternates": _alternates,
    "opengraph": _opengraph,
    "meta": lambda request, page, versions: "",
    "head_extra": lambda request, page, versions: "",
    "query": lambda request, page, versions: "",
    "languages": lambda request, page, versions: language_links(versions),
    "content": lambda request, page, versions: "",
}
# The defaults that read the page's address in each language.
_NEED_VERSIONS = {"alternates", "languages"}


def default_blocks(request, names, page=None) -> dict[str, str]:
    """base.html's default HTML for each slot of `names`: {slot: HTML}. `page` is the
    list page shown (a `ListPage`: its ``query`` is part of the canonical address)."""
    versions = language_versions(request) if _NEED_VERSIONS.intersection(names) else ()
    return {name: mark_safe(_DEFAULTS[name](request, page, versions)) for name in names}


def render_blocks(
    request, template_name: str, blocks: dict[str, str], status: int = 200, *, page=None
):
    """A page whose own blocks are written in Python (`blocks`: {slot: HTML} for
    some of `SLOTS`), in the frame of the site's current generation: its text
    joined, without rendering a template. The slots the page leaves get base.html's
    defaults (`default_blocks`, with the list `page` shown, if any).

    `template_name` places ``blocks`` in base.html's blocks (``{{ blocks.title }}``…):
    without a frame, the page is rendered through it, and so through base.html."""
    generation = site_generation()
    frame = _frame(request, translation.get_language(), generation)
    if frame is not None and set(blocks) <= set(SLOTS):
        filled = {**default_blocks(request, [s for s in SLOTS if s not in blocks], page), **blocks}
        text = "".join(filled[piece] if i % 2 else piece for i, piece in enumerate(frame))
    else:
        context = {"blocks": blocks, "page": page}
        text = render_in_frame(request, template_name, context, generation=generation)
    return HttpResponse(text, status=status)


def render(request, template_name: str, context: dict | None = None, status: int = 200):
    """`django.shortcuts.render` for a public page: the page in the frame of the
    site's current generation (`render_in_frame`)."""
    html = render_in_frame(request, template_name, context or {}, generation=site_generation())
    return HttpResponse(html, status=status)
