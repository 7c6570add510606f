"""Security glue: response headers and the client address of a request.

Headers. Every response carries a Content-Security-Policy that allows
scripts, styles, images and fonts from this site only: public pages need no
inline script or style (verdict colours come from /verifications/verdicts.css,
JSON-LD is a data block that browsers never execute), and the Django admin
needs none either (its inline ``<script>`` elements load files through
``src`` and pass data in ``data-`` attributes). Permissions-Policy turns off
browser features no page uses. Django's SecurityMiddleware already sends
HSTS, nosniff, Referrer-Policy and Cross-Origin-Opener-Policy, and
XFrameOptionsMiddleware sends X-Frame-Options; see newsroom/settings.py.

Login lockout lives in accounts/lockout.py (django-axes); it counts attempts
by the address `client_address()` gives.

The client address is REMOTE_ADDR, unless the request comes from one of the
proxies listed in ``TRUSTED_PROXIES`` (by default the loopback addresses,
where gunicorn listens behind nginx): then it is the right-most address in
X-Forwarded-For that is not a trusted proxy, i.e. the one the proxy itself
saw. A client talking to gunicorn directly cannot choose its address.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings

# --- response headers -----------------------------------------------------------

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)


def content_security_policy(directives: dict[str, list[str] | tuple[str, ...]]) -> str:
    """The header value for `directives` ({"img-src": ["'self'", "data:"], ...})."""
    return "; ".join(
        " ".join([name, *sources]) if sources else name for name, sources in directives.items()
    )


class SecurityHeadersMiddleware:
    """Add Content-Security-Policy and Permissions-Policy to every response.

    Place it right after SecurityMiddleware, outside the page cache and
    WhiteNoise, so that cached pages and static files get the headers too.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = content_security_policy(settings.CONTENT_SECURITY_POLICY)
        self.csp_header = (
            "Content-Security-Policy-Report-Only"
            if settings.CONTENT_SECURITY_POLICY_REPORT_ONLY
            else "Content-Security-Policy"
        )

    def __call__(self, request):
        response = self.get_response(request)
        # Django's technical 404 and 500 pages (DEBUG only) are built with inline
        # style and script; a developer should still be able to read them.
        if not (settings.DEBUG and response.status_code >= 400):
            response.headers.setdefault(self.csp_header, self.policy)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


# --- client address ---------------------------------------------------------------


def _is_trusted_proxy(address: str) -> bool:
    trusted = settings.TRUSTED_PROXIES
    return "*" in trusted or address in trusted


def client_address(request) -> str:
    """The address of the client that sent `request` (see the module docstring)."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    if not _is_trusted_proxy(remote):
        return remote
    forwarded = request.headers.get("x-forwarded-for", "")
    for candidate in reversed([part.strip() for part in forwarded.split(",")]):
        try:
            address = str(ipaddress.ip_address(candidate))
        except ValueError:
            break  # garbage from the client: stop trusting the header here
        if not _is_trusted_proxy(address):
            return address
    return remote
