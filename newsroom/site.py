"""The site's public address: paths made absolute on the canonical domain.

Feeds, sitemaps, structured data, Open Graph and the API name pages by
absolute URLs on SITE_URL (never the request's Host, which a client sets).
"""

from django.conf import settings


def absolute_url(path: str | None) -> str | None:
    """`path` ("/articles/x/") on SITE_URL; absolute URLs and empty values unchanged.

    Returns a str (or the empty value given: None or "").
    """
    if not path or path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL + path
