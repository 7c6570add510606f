"""Login lockout: django-axes, stored in the database, with three limits.

Why these limits. Counting failures per username alone lets anyone lock an
editor out from their own laptop; counting per address alone lets a botnet
guess forever. So a login attempt is refused, without checking the password,
while any of these holds within ``LOGIN_THROTTLE_LOCKOUT`` seconds:

1. ``LOGIN_THROTTLE_ACCOUNT_ATTEMPTS`` failures for this username *from this
   client address* (axes' own rule, ``AXES_LOCKOUT_PARAMETERS``): the real
   editor on another address is never locked by someone else's guesses;
2. ``LOGIN_THROTTLE_ADDRESS_ATTEMPTS`` failures from this address, whatever
   the usernames (one address trying many accounts);
3. ``LOGIN_THROTTLE_GLOBAL_ATTEMPTS`` failures across the whole site (a
   distributed attack): then only a (username, address) pair that has logged
   in successfully before may still try, so the newsroom keeps working from
   its usual places while the rest of the Internet waits.

Attempts (``AccessAttempt``), failures (``AccessFailureLog``) and successful
logins (``AccessLog``) are database rows: no cache policy can evict a lock, and
administrators read them in the admin. ``unlock()`` is the one way to lift a
lock (admin action, ``manage.py unlock_login``).
"""

from __future__ import annotations

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.db.models import Sum
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from newsroom.security import client_address

USERNAME_LENGTH = AccessAttempt._meta.get_field("username").max_length


def normalized_username(request, credentials: dict | None) -> str | None:
    """The username an attempt counts against, case-folded: CLAIRE is claire.

    ``AXES_USERNAME_CALLABLE``: `credentials` is the dict given to
    ``authenticate()``, else the login form's POST data.
    """
    source = credentials if credentials is not None else getattr(request, "POST", {})
    username = source.get(settings.AXES_USERNAME_FORM_FIELD) if source else None
    if not isinstance(username, str):
        return None
    # Axes keeps 255 characters; a longer guess must be counted, not crash the insert.
    return username.casefold()[:USERNAME_LENGTH]


def address(request) -> str | None:
    """``AXES_CLIENT_IP_CALLABLE``: the client address, X-Forwarded-For only from trusted proxies.

    None when the server did not give one (axes then counts by username alone).
    """
    candidate = client_address(request)
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def _failures(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def recent_attempts(now=None):
    """Failed-attempt rows still inside the lockout window."""
    since = (now or timezone.now()) - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(attempt_time__gte=since)


def sitewide_failures() -> int:
    """Failed logins across the site within the window (the third limit)."""
    return _failures(recent_attempts())


def known_pair(username: str | None, ip_address: str) -> bool:
    """Has `username` ever logged in successfully from `ip_address`?"""
    if not username:
        return False
    return AccessLog.objects.filter(username__iexact=username, ip_address=ip_address).exists()


class NewsroomLockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with the per-address and site-wide ceilings (``AXES_HANDLER``)."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        if super().is_locked(request, credentials):  # limit 1: (username, address)
            return True
        ip_address = request.axes_ip_address
        if (
            _failures(recent_attempts().filter(ip_address=ip_address))
            >= settings.LOGIN_THROTTLE_ADDRESS_ATTEMPTS
        ):
            return True
        if sitewide_failures() >= settings.LOGIN_THROTTLE_GLOBAL_ATTEMPTS:
            return not known_pair(get_client_username(request, credentials), ip_address)
        return False


def lockout_response(request, original_response=None, credentials=None):
    """``AXES_LOCKOUT_CALLABLE``: the admin login page again, now saying why (never a bare 429)."""
    from django.contrib import admin

    if request.path == reverse("admin:login"):
        response = admin.site.login(request)
        return response.render() if hasattr(response, "render") else response
    return HttpResponse(
        _("Too many failed login attempts. Try again later."),
        status=429,
        content_type="text/plain; charset=utf-8",
    )


def unlock(*, username: str | None = None, ip_address: str | None = None) -> int:
    """Lift the locks on `username` (from every address) and/or `ip_address`.

    Returns the number of attempt rows removed. Raises ValueError with neither.
    The failure log and the access log are kept: they are the record.
    """
    if not username and not ip_address:
        raise ValueError("unlock() needs a username or an address")
    attempts = AccessAttempt.objects.all()
    if username:
        attempts = attempts.filter(username__iexact=username)
    if ip_address:
        attempts = attempts.filter(ip_address=ip_address)
    deleted, _by_model = attempts.delete()
    return deleted


def locked_attempts():
    """Attempt rows that lock a (username, address) pair now, newest first."""
    return (
        recent_attempts()
        .filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-attempt_time")
    )
