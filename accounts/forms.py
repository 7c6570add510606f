"""Login and second-factor forms of the newsroom's admin."""

import math

from axes.handlers.proxy import AxesProxyHandler
from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


def lockout_error() -> ValidationError:
    minutes = max(1, math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return ValidationError(
        ngettext(
            "Too many failed login attempts for this account or from your network. "
            "For your security, logging in is paused for %(minutes)d minute; "
            "an administrator can lift the pause sooner.",
            "Too many failed login attempts for this account or from your network. "
            "For your security, logging in is paused for %(minutes)d minutes; "
            "an administrator can lift the pause sooner.",
            minutes,
        )
        % {"minutes": minutes},
        code="throttled",
    )


class LockoutAwareAuthenticationForm(AdminAuthenticationForm):
    """The admin login form: a locked attempt is a form error, the password left unchecked."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if username is not None and not AxesProxyHandler.is_allowed(
            self.request, {"username": username}
        ):
            raise lockout_error()
        return super().clean()


class TokenForm(forms.Form):
    """A code from the authenticator app (6 digits) or one backup code."""

    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The 6 digits shown by your authenticator app, or one of your backup codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self):
        return "".join(self.cleaned_data["token"].split())


class PreferencesForm(forms.ModelForm):
    class Meta:
        from .models import Preferences

        model = Preferences
        fields = ["language"]
