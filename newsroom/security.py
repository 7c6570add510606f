"""Security glue: response headers and throttled logins to the admin.

Headers. Every response carries a Content-Security-Policy that allows
scripts, styles, images and fonts from this site only: public pages need no
inline script or style (verdict colours come from /verifications/verdicts.css,
JSON-LD is a data block that browsers never execute), and the Django admin
needs none either (its inline ``<script>`` elements load files through
``src`` and pass data in ``data-`` attributes). Permissions-Policy turns off
browser features no page uses. Django's SecurityMiddleware already sends
HSTS, nosniff, Referrer-Policy and Cross-Origin-Opener-Policy, and
XFrameOptionsMiddleware sends X-Frame-Options; see newsroom/settings.py.

Login throttling. After ``LOGIN_THROTTLE_ACCOUNT_ATTEMPTS`` failed logins for
one username, or ``LOGIN_THROTTLE_ADDRESS_ATTEMPTS`` from one client address,
within ``LOGIN_THROTTLE_WINDOW`` seconds, the admin login form refuses every
attempt for that username or address for ``LOGIN_THROTTLE_LOCKOUT`` seconds,
without checking the password, and says so. A successful login clears the
account's counter (not the address's, or one valid account would let an
attacker keep guessing others). Counters live in the shared cache
(newsroom/cache.py): Redis across hosts, else a file cache every worker of
the host sees.

The client address is REMOTE_ADDR, unless the request comes from one of the
proxies listed in ``TRUSTED_PROXIES`` (by default the loopback addresses,
where gunicorn listens behind nginx): then it is the right-most address in
X-Forwarded-For that is not a trusted proxy, i.e. the one the proxy itself
saw. A client talking to gunicorn directly cannot choose its address.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import time

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.utils.translation import ngettext

from newsroom.cache import shared_cache

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


# --- login throttling -------------------------------------------------------------


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


def _key(kind: str, value: str) -> str:
    # Hashed: a username may hold characters that memcached or logs dislike.
    digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"login-throttle:{kind}:{digest}"


def _subjects(request, username: str | None) -> list[tuple[str, int]]:
    """(cache key, limit) of each counter a login attempt counts against."""
    subjects = []
    if username:
        subjects.append(
            (_key("account", username.casefold()), settings.LOGIN_THROTTLE_ACCOUNT_ATTEMPTS)
        )
    if request is not None:
        address = client_address(request)
        subjects.append((_key("address", address), settings.LOGIN_THROTTLE_ADDRESS_ATTEMPTS))
    return subjects


def locked_for(request, username: str | None) -> int:
    """Seconds before `username` or the client may try again; 0 if they may now."""
    until = [
        shared_cache().get(f"{key}:locked") or 0 for key, _limit in _subjects(request, username)
    ]
    return max(0, math.ceil(max(until, default=0) - time.time()))


def record_failure(request, username: str | None) -> None:
    """Count one failed login; lock the account or address that reached its limit."""
    window, lockout = settings.LOGIN_THROTTLE_WINDOW, settings.LOGIN_THROTTLE_LOCKOUT
    for key, limit in _subjects(request, username):
        shared_cache().add(key, 0, timeout=window)
        try:
            failures = shared_cache().incr(key)
        except ValueError:  # the window ended between add() and incr()
            shared_cache().set(key, 1, timeout=window)
            failures = 1
        if failures >= limit:
            shared_cache().set(f"{key}:locked", time.time() + lockout, timeout=lockout)
            shared_cache().delete(key)  # after the lockout, a fresh set of attempts


def reset_account(username: str) -> None:
    key = _key("account", username.casefold())
    shared_cache().delete_many([key, f"{key}:locked"])


@receiver(user_login_failed, dispatch_uid="newsroom.security.login_failed")
def _count_failed_login(sender, credentials, request=None, **kwargs):
    record_failure(request, credentials.get("username"))


@receiver(user_logged_in, dispatch_uid="newsroom.security.logged_in")
def _forget_failed_logins(sender, request, user, **kwargs):
    reset_account(user.get_username())


class ThrottledAdminAuthenticationForm(AdminAuthenticationForm):
    """The admin login form, refusing attempts while an account or address is locked."""

    def clean(self):
        username = self.cleaned_data.get("username")
        wait = locked_for(self.request, username)
        if wait:
            minutes = max(1, math.ceil(wait / 60))
            raise ValidationError(
                ngettext(
                    "Too many failed login attempts for this account or from your network. "
                    "For your security, logging in is paused: try again in %(minutes)d minute.",
                    "Too many failed login attempts for this account or from your network. "
                    "For your security, logging in is paused: try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
                code="throttled",
            )
        return super().clean()


def install_admin_login_throttle(site=None) -> None:
    """Use the throttled login form on `site` (the default admin site)."""
    from django.contrib import admin

    (site or admin.site).login_form = ThrottledAdminAuthenticationForm
