"""The public tip form (/signaler/): plain HTML, no script, no third-party CAPTCHA.

Robots are kept out by a honeypot field that people never see nor reach with the
keyboard, and by a signed timestamp: a form sent back within
TIP_FORM_MIN_SECONDS of being shown, or after TIP_FORM_MAX_AGE, or with a
forged stamp, is not accepted (the text is kept and the reader asked to send again).
"""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from .tips import MAX_TEXT, MAX_WHERE

_SALT = "factcheck.tip-form"


def issue_stamp() -> str:
    return signing.dumps(time.time(), salt=_SALT)


def stamp_problem(stamp: str | None) -> str | None:
    """Why a form's stamp is refused, or None when it is good."""
    try:
        issued = float(signing.loads(stamp or "", salt=_SALT, max_age=settings.TIP_FORM_MAX_AGE))
    except (signing.BadSignature, TypeError, ValueError):
        return _("This form has expired. Check your text and send it again.")
    if time.time() - issued < settings.TIP_FORM_MIN_SECONDS:
        return _("That was very fast. Check your text and send it again.")
    return None


class TipForm(forms.Form):
    text = forms.CharField(
        label=_("What did you see?"),
        help_text=_("The claim in your own words, or pasted as it circulates."),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=MAX_TEXT,
    )
    seen_where = forms.CharField(
        label=_("Where?"),
        help_text=_("A web address, or a description: a leaflet, a radio show, a market."),
        required=False,
        max_length=MAX_WHERE,
    )
    seen_on = forms.DateField(
        label=_("When?"),
        help_text=_("Optional. For example 14/03/2026."),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    email = forms.EmailField(
        label=_("Your e-mail (optional)"),
        help_text=_("Only to tell you when our fact-check is published."),
        required=False,
        max_length=254,
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my e-mail address is kept to send me the answer. It is erased once "
            "the answer is sent, or after %(days)d days at the latest."
        ),
        required=False,
    )
    # The honeypot: hidden by the stylesheet and from assistive technology.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    stamp = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = self.fields["consent"].label % {
            "days": settings.TIP_EMAIL_RETENTION_DAYS
        }
        self.fields["website"].widget.attrs.update(
            {"tabindex": "-1", "autocomplete": "off", "class": "hp-input"}
        )
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})
        if not self.is_bound:
            self.initial["stamp"] = issue_stamp()

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))
