from collections.abc import Callable

from django.conf import settings
from django.urls import get_script_prefix
from django.utils.functional import SimpleLazyObject

from .images import site_logo

# Apps add the links of the page footer: callables returning (title, url, kind)
# in the active language (articles adds its site pages, articles/footer.py).
# newsroom imports no app; the apps register here from their AppConfig.ready().
FOOTER_LINKS: list[Callable[[], list[tuple[str, str, str]]]] = []


def footer_links() -> list[tuple[str, str, str]]:
    """(title, url, kind) of every registered footer link, in registration order."""
    return [link for provider in FOOTER_LINKS for link in provider()]


def site_generation() -> int:
    """The generation of what every page shows (the page cache's ``site`` scope)."""
    from .pagecache import SITE, generations

    return generations(())[SITE]


def site(request):
    """Site name, logo, canonical base URL and footer links for every template, and
    the generation of what every page shows (the page cache's ``site``) and the
    script prefix the site is reached under: the keys of the frame's fragments
    (templates/base.html), read only when a template asks."""
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_URL": settings.SITE_URL,
        "site_pages": SimpleLazyObject(footer_links),
        "site_logo": SimpleLazyObject(site_logo),
        "site_generation": SimpleLazyObject(site_generation),
        "script_prefix": get_script_prefix(),
    }
