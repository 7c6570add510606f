"""The second-factor pages (code, enrolment, backup codes) and the security overview."""

from datetime import timedelta
from urllib.parse import urlsplit

import django_otp
import segno
from axes.models import AccessFailureLog
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import match_token

from . import lockout, twofactor
from .forms import TokenForm

FRESH_CODES = "accounts:fresh_backup_codes"


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


def _staff_only(view):
    """Logged-in staff (password given); anyone else goes to the admin login."""

    def wrapped(request, *args, **kwargs):
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return login_required(wrapped, login_url="admin:login")


def _page(request, template, context):
    return render(request, template, {**admin.site.each_context(request), **context})


@never_cache
@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
@_staff_only
def verify(request):
    """The second step of logging in: a code from the app, or a backup code."""
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not twofactor.has_authenticator(user) and not twofactor.remaining_backup_codes(user):
        return redirect(f"{reverse('accounts:enrol')}?{request.GET.urlencode()}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            django_otp.login(request, device)
            if twofactor.remaining_backup_codes(user) <= 2:
                messages.warning(
                    request,
                    _("Few backup codes left: make new ones at %(address)s.")
                    % {"address": reverse("accounts:backup_codes")},
                )
            return redirect(_next_url(request))
        form.add_error("token", _("This code is not valid. Check your app's clock and try again."))
    return _page(
        request,
        "accounts/verify.html",
        {"form": form, "next": _next_url(request), "title": _("Second factor")},
    )


@never_cache
@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
@_staff_only
def enrol(request):
    """Set up an authenticator app: scan the QR code, confirm with one code."""
    user = request.user
    if twofactor.has_authenticator(user) and not user.is_verified():
        # Replacing a device needs the current one: a password alone must not do it.
        return redirect(f"{reverse('accounts:verify')}?{request.GET.urlencode()}")
    device = twofactor.start_authenticator(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.confirm_authenticator(device, form.cleaned_data["token"])
        if codes is not None:
            django_otp.login(request, device)
            twofactor.note_enrolment(request.session, user)
            request.session[FRESH_CODES] = codes
            query = urlencode({"next": _next_url(request)})
            return redirect(f"{reverse('accounts:backup_codes')}?{query}")
        form.add_error("token", _("This code is not valid. Check your app's clock and try again."))
    return _page(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "next": _next_url(request),
            "qr_code": segno.make(device.config_url, error="m").svg_inline(
                scale=4, title=_("QR code for your authenticator app")
            ),
            "secret": _grouped(device.key),
            "replacing": twofactor.has_authenticator(user),
            "title": _("Set up two-factor authentication"),
        },
    )


def _grouped(hex_key: str) -> str:
    """The key as authenticator apps want it typed: base32, in groups of four."""
    from base64 import b32encode

    text = b32encode(bytes.fromhex(hex_key)).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@never_cache
@require_http_methods(["GET", "POST"])
@_staff_only
def backup_codes(request):
    """Backup codes: shown once after they are made; new ones replace the old."""
    user = request.user
    if not user.is_verified():
        return redirect(f"{reverse('accounts:verify')}?{urlencode({'next': request.path})}")
    if request.method == "POST":
        request.session[FRESH_CODES] = twofactor.new_backup_codes(user)
        return redirect(request.path)
    return _page(
        request,
        "accounts/backup_codes.html",
        {
            "codes": request.session.pop(FRESH_CODES, None),
            "remaining": twofactor.remaining_backup_codes(user),
            "next": _next_url(request),
            "title": _("Backup codes"),
        },
    )


@never_cache
@require_http_methods(["GET"])
@_staff_only
def security_overview(request):
    """For administrators: recent failed logins, locked pairs, staff without a second factor."""
    if not request.user.is_superuser:
        raise PermissionDenied
    since = timezone.now() - timedelta(days=7)
    staff = get_user_model().objects.filter(is_staff=True, is_active=True).order_by("username")
    enrolled = set(
        twofactor.TOTPDevice.objects.filter(confirmed=True).values_list("user_id", flat=True)
    )
    return _page(
        request,
        "accounts/security_overview.html",
        {
            "title": _("Security"),
            "failures": AccessFailureLog.objects.filter(attempt_time__gte=since).order_by(
                "-attempt_time"
            )[:50],
            "locked": lockout.locked_attempts()[:50],
            "without_second_factor": [user for user in staff if user.pk not in enrolled],
            "sitewide_failures": lockout.sitewide_failures(),
            "sitewide_limit": settings.LOGIN_THROTTLE_GLOBAL_ATTEMPTS,
        },
    )


class SiteAddressPasswordResetView(auth_views.PasswordResetView):
    """Django's reset view; its e-mail links to SITE_URL, never to the request's Host header."""

    def form_valid(self, form):
        site = urlsplit(settings.SITE_URL)
        form.save(
            domain_override=site.netloc,
            use_https=site.scheme == "https",
            token_generator=self.token_generator,
            from_email=self.from_email,
            email_template_name=self.email_template_name,
            subject_template_name=self.subject_template_name,
            request=self.request,
            html_email_template_name=self.html_email_template_name,
            extra_email_context=self.extra_email_context,
        )
        return HttpResponseRedirect(self.get_success_url())


@never_cache
@require_http_methods(["GET", "POST"])
@_staff_only
def preferences(request):
    """A staff member chooses the language of their admin pages."""
    from .forms import PreferencesForm
    from .middleware import remember_language
    from .models import Preferences

    mine, _created = Preferences.objects.get_or_create(user=request.user)
    form = PreferencesForm(request.POST or None, instance=mine)
    if request.method == "POST" and form.is_valid():
        form.save()
        remember_language(request, mine.language)
        with translation.override(mine.language):
            messages.success(request, _("Your preferences are saved."))
        return redirect("accounts:preferences")
    return _page(
        request, "accounts/preferences.html", {"form": form, "title": _("Your preferences")}
    )
