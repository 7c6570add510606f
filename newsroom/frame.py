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
  leaves (from the includes under templates/frame/ that base.html uses too).

Each block goes into its slot. The page is byte for byte the one base.html gives
(tests/newsroom/test_frame.py); whenever it could not be (a mark in a text, a
block missing from the frame, a page filling a block that is not a slot), the
page is rendered through base.html as usual.
"""

import re
import threading
from functools import lru_cache

from django.core.signals import setting_changed
from django.http import HttpResponse
from django.template.loader import get_template, render_to_string
from django.template.loader_tags import BlockNode
from django.utils import translation
from django.utils.safestring import mark_safe

from .context_processors import site_generation

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
    """The cut frames of this worker: {(language, site generation): pieces}, where
    pieces alternate the frame's text and slot names (text, slot, text, …, text).
    Only the newest generation of each language is kept."""

    def __init__(self):
        self._frames: dict[str, tuple[int, list[str]]] = {}
        self._lock = threading.Lock()

    def get(self, language: str, generation: int) -> list[str] | None:
        held = self._frames.get(language)
        return held[1] if held and held[0] == generation else None

    def set(self, language: str, generation: int, pieces: list[str]) -> None:
        with self._lock:
            self._frames[language] = (generation, pieces)

    def clear(self, **_signal) -> None:
        with self._lock:
            self._frames.clear()


FRAMES = FrameCache()
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


# What slots.html writes for the slots a page leaves, when it is the same on every
# page (the others are the page's own: `render_blocks`). tests/newsroom/test_frame.py
# holds every page type to base.html's bytes.
_CONSTANT_DEFAULTS = {"head_extra": "", "query": ""}


def _languages(request) -> str:
    """The language switcher's links for this page: base.html's ``languages``."""
    from .templatetags.newsroom import language_versions

    return render_to_string(
        "includes/_languages.html", {"versions": language_versions({"request": request})}
    )


def render_blocks(request, template_name: str, blocks: dict[str, str], status: int = 200):
    """A page whose own blocks are written in Python (`blocks`: {slot: HTML}, every
    slot but ``head_extra``, ``query`` and perhaps ``languages``), in the frame of the site's
    current generation: its text joined, without rendering a template.

    `template_name` places ``blocks`` in base.html's blocks (``{{ blocks.title }}``…):
    without a frame, the page is rendered through it, and so through base.html."""
    generation = site_generation()
    frame = _frame(request, translation.get_language(), generation)
    if frame is not None and set(SLOTS) == {*blocks, *_CONSTANT_DEFAULTS, "languages"}:
        filled = {**_CONSTANT_DEFAULTS, **blocks}
        if "languages" not in filled:
            filled["languages"] = _languages(request)
        html = "".join(filled[piece] if i % 2 else piece for i, piece in enumerate(frame))
    else:
        html = render_in_frame(request, template_name, {"blocks": blocks}, generation=generation)
    return HttpResponse(html, status=status)


def render(request, template_name: str, context: dict | None = None, status: int = 200):
    """`django.shortcuts.render` for a public page: the page in the frame of the
    site's current generation (`render_in_frame`)."""
    html = render_in_frame(request, template_name, context or {}, generation=site_generation())
    return HttpResponse(html, status=status)
