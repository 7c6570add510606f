"""The public tip form: `/signaler/` (and `/en/signaler/`)."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from newsroom.frame import render
from newsroom.security import client_address

from . import tips
from .forms import TipForm, issue_stamp, stamp_problem


@never_cache  # the form carries a CSRF token and a fresh stamp: never a shared copy
@require_http_methods(["GET", "HEAD", "POST"])
def submit(request):
    if request.method != "POST":
        return render(request, "factcheck/tip_form.html", {"form": TipForm()})
    form = TipForm(request.POST)
    if form.is_robot:
        return redirect("factcheck:tip_thanks")  # a robot learns nothing
    status = 200
    if form.is_valid():
        problem = stamp_problem(form.cleaned_data["stamp"])
        if problem:
            form.add_error(None, problem)
        else:
            data = form.cleaned_data
            try:
                tips.submit_tip(
                    text=data["text"],
                    seen_where=data["seen_where"],
                    seen_on=data["seen_on"],
                    email=data["email"],
                    consent=data["consent"],
                    language=getattr(request, "LANGUAGE_CODE", "fr"),
                    address=client_address(request),
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        form.add_error(field if field in form.fields else None, message)
            except tips.TipRefused as refusal:
                form.add_error(None, str(refusal))
                status = 429
            else:
                return redirect("factcheck:tip_thanks")
    # Shown again with everything typed, and a fresh stamp for the next try.
    data = form.data.copy()
    data["stamp"] = issue_stamp()
    form.data = data
    if status == 200 and not form.errors:
        form.add_error(None, _("Check the form and send it again."))
    return render(request, "factcheck/tip_form.html", {"form": form}, status=status)


@require_safe
def thanks(request):
    return render(request, "factcheck/tip_thanks.html")
