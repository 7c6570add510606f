"""Site-wide template helpers."""

from django import template

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
    return format_html('<time datetime="{}">{}</time>', machine, formats.date_format(moment, fmt))
