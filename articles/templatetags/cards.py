"""`{% story_cards stories level %}`: the cards of a list, each rendered once per worker.

A list page (front, region, tag, author) shows up to 20 story cards. Each card is
what the story's published version froze (its `card`: title, introduction,
region, byline, date), so the same version, address, language and heading level
always give the same HTML. Rendered once, a card is kept in this worker's memory
(the last `CARDS` of them, oldest out first) and joined as text: no template
include, fragment-cache key or unpickling per card and per request.

A story without a published version (from before the record existed) is rendered
at each request from its live card, as before.
"""

import threading

from django import template
from django.core.signals import setting_changed
from django.template.loader import get_template
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation
from django.utils.safestring import mark_safe

register = template.Library()

CARDS = 4096


class CardStore:
    """What a worker keeps of the published record (rendered cards, feed items,
    versions' listed fields), by key: the last `CARDS` kept, oldest out first.
    Thread-safe; what is kept must never be changed in place."""

    def __init__(self):
        self._cards: dict[tuple, str] = {}
        self._lock = threading.Lock()

    def get(self, key):
        return self._cards.get(key)

    def keep(self, key, value) -> None:
        with self._lock:
            if key not in self._cards:
                while len(self._cards) >= CARDS:
                    del self._cards[next(iter(self._cards))]
            self._cards[key] = value

    def clear(self, **_signal) -> None:
        with self._lock:
            self._cards.clear()


STORY_CARDS = CardStore()
# A card holds settings (the time zone of its date, the address scheme).
setting_changed.connect(STORY_CARDS.clear, dispatch_uid="articles.cards.clear")


def _render(article, level: int) -> str:
    context = {"article": article, "card": article.card, "h": level}
    return get_template("includes/_story_card.html").render(context)


def joined_cards(stories, kind: str, detail, render) -> str:
    """The cards of `stories`, in order, as one safe string: ``render(story)`` for
    each, kept under (`kind`, its published version, its slug, the active language,
    URL configuration and script prefix, `detail`: what else the card depends on)
    and rendered the first time only. A
    story without a published version is rendered each time."""
    # A card's links are addresses under this request's URL configuration and prefix.
    where = (translation.get_language(), get_urlconf(), get_script_prefix())
    pieces = []
    for story in stories:
        if not story.current_version_id:
            pieces.append(render(story))
            continue
        key = (kind, story.current_version_id, story.slug, *where, detail)
        html = STORY_CARDS.get(key)
        if html is None:
            html = render(story)
            STORY_CARDS.keep(key, html)
        pieces.append(html)
    return mark_safe("".join(pieces))  # each card is rendered by its (escaping) template


@register.simple_tag
def story_cards(stories, level: int = 3) -> str:
    """The cards of `stories` (articles loaded `for_listing()`), their titles as
    headings of `level` (2 to 6), in order."""
    return joined_cards(stories, "story", level, lambda article: _render(article, level))


@register.simple_tag
def story_list(stories, level: int = 3) -> str:
    """The cards of `stories` as a list (articles/list_pages.py `story_list`)."""
    from ..list_pages import story_list as listed

    return mark_safe(listed(stories, level))  # written escaped


@register.simple_tag(takes_context=True)
def pagination(context) -> str:
    """The links to the newer and older pages of the list ``page`` of this template,
    keeping its ``query_string`` (articles/list_pages.py `pagination`)."""
    from ..list_pages import pagination as links

    request = context["request"]
    return mark_safe(links(context.get("page"), request.path, context.get("query_string", "")))
