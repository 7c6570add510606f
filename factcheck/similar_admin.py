"""What the newsroom already checked, shown where a claim is entered.

The claim editor and the story editor's claim rows show the claims closest to the
label and statement (factcheck/matching.py): rendered with the page, so it works
without a script, and refreshed as the journalist types by static/js/similar-claims.js
through a small staff-only JSON endpoint.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from . import matching


def similar_claims_json(request):
    """`/admin/factcheck/claim/similar/?q=…&exclude=<id>`: the claims closest to a text
    being typed (label, statement), for the claim editor's panel. Staff who may see
    claims only; at most 5 results; `q` is cut at 500 characters."""
    if not request.user.has_perm("factcheck.view_claim"):
        raise PermissionDenied
    text = "".join(ch for ch in request.GET.get("q", "")[:500] if ch.isprintable())
    exclude = request.GET.get("exclude", "")
    matches = matching.similar_claims(text, exclude=int(exclude) if exclude.isdigit() else None)
    return JsonResponse({"results": [similar_claim_row(match) for match in matches]})


def similar_claim_row(match) -> dict:
    claim, story = match.claim, match.claim.article
    return {
        "label": claim.label,
        "verdict": claim.rating.label if claim.rating else "",
        "story": story.title,
        "state": str(story.get_status_display()) if not story.is_public else str(_("published")),
        "public_url": claim.get_absolute_url() if story.is_public else "",
        "admin_url": reverse("admin:factcheck_claim_change", args=[claim.pk]),
        "score": match.score,
    }


def similar_claims_html(text, *, exclude=None):
    rows = [similar_claim_row(m) for m in matching.similar_claims(text, exclude=exclude) if text]
    return render_to_string(
        "admin/factcheck/_similar_claims.html",
        {"rows": rows, "endpoint": reverse("admin:factcheck_claim_similar"), "exclude": exclude},
    )


class SimilarClaimsMixin:
    """The claim editor shows what the newsroom already checked: on the saved page (no
    script needed) and as the journalist types (static/js/similar-claims.js)."""

    def get_urls(self):
        return [
            path(
                "similar/",
                self.admin_site.admin_view(similar_claims_json),
                name="factcheck_claim_similar",
            ),
            *super().get_urls(),
        ]

    # On a story's page each claim row gets the panel empty, filled as one types:
    # sixty rows are not worth sixty searches on every page load.
    search_on_render = True

    @admin.display(description=_("Similar claims already entered"))
    def similar_existing(self, obj):
        if obj is None or not obj.pk or not self.search_on_render:
            return similar_claims_html("", exclude=getattr(obj, "pk", None))
        return similar_claims_html(f"{obj.label} {obj.statement}", exclude=obj.pk)

    class Media:
        js = ["js/similar-claims.js"]
