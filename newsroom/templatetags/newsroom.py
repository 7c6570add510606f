"""Site-wide template helpers."""

import datetime
from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.utils import dateformat, translation

from newsroom.markup import safe_html
from newsroom.site import absolute_url

register = template.Library()


@register.filter
def sanitized(html):
    """Output stored rich-text HTML, sanitised again on the way out."""
    return safe_html(html)


@register.simple_tag(name="absolute_url")
def absolute_url_tag(path):
    """`path` on the site's canonical domain (SITE_URL), for feeds, JSON-LD and Open Graph."""
    return absolute_url(path) or ""


@register.simple_tag(takes_context=True)
def frame_default(context, name):
    """base.html's default for the block `name` (newsroom/frame.py `default_blocks`),
    for this page's request and list page (``page``, if any)."""
    from newsroom.frame import default_blocks

    return default_blocks(context.get("request"), [name], context.get("page"))[name]


@register.simple_tag
def share_links(url, title):
    """Plain share links: no third-party script, no tracking."""
    from urllib.parse import quote

    u, t = quote(url, safe=""), quote(title, safe="")
    return [
        ("mail", "E-mail", f"mailto:?subject={t}&body={u}"),
        ("x", "X", f"https://x.com/intent/post?url={u}&text={t}"),
        ("facebook", "Facebook", f"https://www.facebook.com/sharer/sharer.php?u={u}"),
        ("linkedin", "LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?url={u}"),
        ("whatsapp", "WhatsApp", f"https://wa.me/?text={t}%20{u}"),
    ]


@register.simple_tag
def time_tag(moment, fmt="DATETIME_FORMAT"):
    """``<time datetime="…">`` with the moment in ISO 8601 to the second (the
    machine-readable form HTML validators accept) and `fmt` for readers."""
    from django.utils import formats, timezone
    from django.utils.html import format_html

    from newsroom.partialdates import DAY, PartialDate

    if not moment:
        return ""
    if isinstance(moment, PartialDate):
        # Known to the year or month only: "en 2025", "en mars 2025", never a made-up day.
        if moment.precision == DAY:
            moment = moment.first_day
        else:
            return format_html('<time datetime="{}">{}</time>', moment.isoformat(), moment.phrase())
    if hasattr(moment, "hour"):
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        machine = moment.isoformat(timespec="seconds")
    else:
        machine = moment.isoformat()
    pattern = formats.get_format(fmt)
    if _day_only(pattern):  # the same words for every moment of that day
        text = _day_text(moment.timetuple()[:3], pattern, translation.get_language())
    else:
        text = formats.date_format(moment, fmt)
    return format_html('<time datetime="{}">{}</time>', machine, text)


# The characters of Django's date formats whose output depends on the day alone
# (https://docs.djangoproject.com/en/stable/ref/templates/builtins/#date); a time,
# a time zone or an offset depends on more.
_DAY_CHARACTERS = frozenset("bdDEFjlLmMnNoStwWyYz")


@lru_cache(maxsize=64)
def _day_only(pattern: str) -> bool:
    """Whether the date format `pattern` writes the day only ("j F Y", not "j F Y H:i")."""
    escaped = False
    for char in pattern:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char.isalpha() and char not in _DAY_CHARACTERS:
            return False
    return True


@lru_cache(maxsize=4096)
def _day_text(day: tuple[int, int, int], pattern: str, language: str | None) -> str:
    """A day (year, month, day) written with the day-only `pattern` in `language`:
    a search page writes twenty dates, each about 40 µs through Django's date
    format (its month names looked up in the catalogue each time)."""
    return dateformat.format(datetime.date(*day), pattern)


setting_changed.connect(lambda **_signal: _day_text.cache_clear(), weak=False)
