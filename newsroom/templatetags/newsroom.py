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
def language_versions(context):
    """(code, name, url, is_current) for each interface language of this page.

    The page's own address, as the request resolved it, reversed in each language
    (Django's `translate_url` resolves the path again first); pages not resolved
    (errors) go through `translate_url`."""
    from django.conf import settings
    from django.urls import translate_url
    from django.utils.translation import get_language, get_language_info

    request = context.get("request")
    path = request.get_full_path() if request else "/"
    match = getattr(request, "resolver_match", None)
    current = get_language()
    versions = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        url = _reversed_in(match, path, code) if match and match.url_name else None
        url = url or translate_url(path, code)
        versions.append((code, info["name_local"], url, code == current))
    return versions


def _reversed_in(match, path, code):
    """`path` (resolved as `match`) in language `code`, its query kept; None if the
    view has no address in that language."""
    from urllib.parse import urlsplit

    from django.urls import NoReverseMatch, reverse
    from django.utils.translation import override

    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    with override(code):
        try:
            url = reverse(name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return None
    query = urlsplit(path).query
    return f"{url}?{query}" if query else url


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
