"""Staff sessions: end them after inactivity, and hold them at the second factor.

Place after django_otp's OTPMiddleware (which tells whether this session
passed a second factor). For a staff member whose second factor is required
and not yet given, admin pages redirect to the code page (or to enrolment)
and the rest of the site treats them as a reader, so an unverified session
cannot preview unpublished stories either.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.db import DatabaseError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode

from .twofactor import has_authenticator, note_enrolment, two_factor_required

LAST_SEEN = "accounts:last_seen"
# Write the session at most once a minute just to note activity.
TOUCH_EVERY = 60


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            held = self._check(request)
        except DatabaseError:
            held = None  # database down: the view's own query gets the 503 (newsroom/resilience.py)
        return held or self.get_response(request)

    def _check(self, request):
        user = request.user
        if user.is_authenticated and user.is_staff:
            if self._idle_too_long(request):
                logout(request)
                return redirect_to_login(request.get_full_path(), reverse("admin:login"))
            if not user.is_verified() and two_factor_required(user, request.session):
                return self._hold(request, user)
        return None

    def _idle_too_long(self, request) -> bool:
        limit = settings.STAFF_SESSION_IDLE_SECONDS
        if not limit:
            return False
        now = time.time()
        last = request.session.get(LAST_SEEN)
        if last is not None and now - last > limit:
            return True
        if last is None or now - last > TOUCH_EVERY:
            request.session[LAST_SEEN] = now
        return False

    def _hold(self, request, user):
        exempt = {
            reverse("admin:login"),
            reverse("admin:logout"),
            reverse("accounts:verify"),
            reverse("accounts:enrol"),
        }
        if request.path in exempt:
            return None
        if not request.path.startswith(reverse("admin:index")):
            request.user = AnonymousUser()  # a reader until the second factor
            return None
        target = "accounts:verify" if has_authenticator(user) else "accounts:enrol"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")


def start_staff_session(sender, request, user, **kwargs):
    """At login (user_logged_in): note the time and whether the person has enrolled."""
    if request is not None and hasattr(request, "session") and user.is_staff:
        request.session[LAST_SEEN] = time.time()
        note_enrolment(request.session, user)


# The admin language chosen by the user of this session (accounts.Preferences).
LANGUAGE_KEY = "accounts:language"


def remember_language(request, language: str) -> None:
    remember_language_for(request, request.user, language)


def remember_language_at_login(sender, request, user, **kwargs):
    """user_logged_in: the session starts with the user's admin language (no query per page)."""
    if user.is_staff and hasattr(request, "session"):
        from .models import Preferences

        language = Preferences.objects.filter(user=user).values_list("language", flat=True).first()
        remember_language_for(request, user, language or "")


def remember_language_for(request, user, language: str) -> None:
    request.session[LANGUAGE_KEY] = [user.pk, language]


class AdminLanguageMiddleware:
    """Admin pages in the language each staff member chose (accounts.Preferences).

    LocaleMiddleware gives every address without a language prefix the site's
    language, the admin included. Placed after it and after authentication, this
    switches the admin's pages to the staff member's own choice, read once per
    session (then kept in the session).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = self._language(request)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)

    def _language(self, request) -> str | None:
        if not request.path_info.startswith(reverse("admin:index")):
            return None
        try:
            # Reading the user reads the session: with the database down, the page
            # itself answers 503 (newsroom.resilience), not this middleware a 500.
            user = getattr(request, "user", None)
            if not (user and user.is_authenticated and user.is_staff):
                return None
            remembered = request.session.get(LANGUAGE_KEY)
            if not (isinstance(remembered, list) and remembered[:1] == [user.pk]):
                from .models import Preferences

                language = (
                    Preferences.objects.filter(user=user).values_list("language", flat=True).first()
                )
                remembered = [user.pk, language or ""]
                request.session[LANGUAGE_KEY] = remembered
        except DatabaseError:
            return None
        language = remembered[1]
        return language if language in dict(settings.LANGUAGES) else None
