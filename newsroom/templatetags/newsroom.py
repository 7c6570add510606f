"""Site-wide template helpers."""

from django import template

from newsroom.markup import safe_html

register = template.Library()


@register.filter
def sanitized(html):
    """Output stored rich-text HTML, sanitised again on the way out."""
    return safe_html(html)


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """`path` on the site's canonical domain (SITE_URL), for feeds, JSON-LD and Open Graph."""
    from django.conf import settings

    if not path:
        return ""
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + path
