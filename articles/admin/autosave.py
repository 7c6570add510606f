"""The story form's autosave in the admin (the rules are in articles/autosave.py).

One endpoint, `autosave/`: POST keeps the form's state (or, with `discard`, forgets
it), GET returns it for the form to restore. Both answer only to who may edit the
story (or create one), about their own autosave; POST needs the CSRF token like any
admin form. The story's change and add pages offer a kept autosave back.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, JsonResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from newsroom.numbers import parse_number

from .. import autosave
from ..models import Article

# Seconds between two automatic saves while the journalist types (also sent on blur).
AUTOSAVE_INTERVAL = 20


class AutosaveAdminMixin:
    """Adds the autosave endpoint and offer to the story admin; purges it on save."""

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "autosave/",
                self.admin_site.admin_view(self.autosave_view),
                name="%s_%s_autosave" % info,
            ),
            *super().get_urls(),
        ]

    def _autosave_target(self, request):
        """(article or None, token) named by the request; Http404 or PermissionDenied."""
        params = request.POST if request.method == "POST" else request.GET
        ident, token = params.get("article", ""), params.get("token", "")
        article = None
        if ident:
            pk = parse_number(ident)
            if pk is None:
                raise Http404
            article = Article.objects.filter(pk=pk).first()
            if article is None:
                raise Http404
        elif not autosave.valid_token(token):
            raise Http404
        if not autosave.may_keep(request.user, article):
            raise PermissionDenied
        return article, token

    def autosave_view(self, request):
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        article, token = self._autosave_target(request)
        if request.method == "GET":
            kept = autosave.find(user=request.user, article=article, token=token)
            if kept is None:
                raise Http404
            return JsonResponse(
                {**kept.form, "loaded_version": kept.loaded_version, "token": kept.token}
            )
        if request.POST.get("discard"):
            autosave.discard(user=request.user, article=article, token=token)
            return JsonResponse({"discarded": True})
        try:
            form = autosave.parse_form(request.POST.get("form", ""))
        except autosave.AutosaveRefused as refusal:
            too_large = str(refusal) == "too large"
            message = (
                _("This story is too long to be kept automatically: save it.")
                if too_large
                else _("The form could not be kept automatically.")
            )
            return JsonResponse({"error": message}, status=413 if too_large else 400)
        autosave.keep(user=request.user, article=article, token=token, form=form)
        when = formats.time_format(timezone.localtime(), "H:i")
        return JsonResponse(
            {"message": _("Unsaved text kept automatically at %(time)s.") % {"time": when}}
        )

    def _autosave_context(self, request, article, token):
        if article is None:
            offer = autosave.latest_new_page(request.user)
        else:
            offer = autosave.find(user=request.user, article=article)
        info = self.opts.app_label, self.opts.model_name
        return {
            "autosave_box": {
                "url": reverse("admin:%s_%s_autosave" % info),
                "article": article.pk if article else "",
                "token": token,
                "interval": AUTOSAVE_INTERVAL,
                "offer": offer,
                # The story moved on since: restoring will meet the conflict message.
                "outdated": bool(
                    offer
                    and article is not None
                    and offer.loaded_version is not None
                    and offer.loaded_version != article.version
                ),
            }
        }

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        article = self.get_object(request, object_id)
        if article is not None and self.has_change_permission(request, article):
            extra_context.update(self._autosave_context(request, article, ""))
        return super().change_view(request, object_id, form_url, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if self.has_add_permission(request):
            # The page's token: kept across a refused save, new for each fresh page.
            token = request.POST.get("_autosave_token", "")
            if not autosave.valid_token(token):
                token = secrets.token_urlsafe(24)
            extra_context.update(self._autosave_context(request, None, token))
        return super().add_view(request, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Inside the save's transaction: a refused save keeps the autosave.
        if change:
            autosave.discard(user=request.user, article=form.instance)
        else:
            autosave.discard(user=request.user, token=request.POST.get("_autosave_token", ""))
