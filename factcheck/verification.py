"""What fact-checking adds to the workflow's guards (registered in apps.py).

Readers must be able to repeat every check: a story needs a primary source,
and each claim's verdict needs a primary source of its own and sources from
several distinct outlets, all cited by the story itself; each claim says where
and when it circulated (an appearance with its date), which its ClaimReview
publishes.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.workflow import min_outlets


def sources_for_submission(article):
    if not article.sources.exists():
        return [_("The story needs at least one source.")]
    return []


def sources_and_claims_for_verification(article):
    required = min_outlets()
    problems = []
    sources = list(article.sources.all())
    if not any(source.is_primary for source in sources):
        problems.append(
            _(
                "The story needs at least one primary source (document, data, "
                "official statement or interview)."
            )
        )
    # The report the story follows is what we checked, not a corroboration of it.
    outlets = {source.outlet_id for source in sources if source.corroborates}
    if len(outlets) < required:
        problems.append(
            ngettext(
                "The story cites %(count)d outlet; %(required)d are required.",
                "The story cites %(count)d outlets; %(required)d are required.",
                len(outlets),
            )
            % {"count": len(outlets), "required": required}
        )
    for claim in article.claims.prefetch_related("sources", "appearances"):
        if claim.rating_id is None:
            problems.append(_("Claim “%(label)s” has no verdict.") % {"label": claim.label})
        # Its ClaimReview says where and when the claim circulated.
        if not any(item.appeared_on for item in claim.appearances.all()):
            problems.append(
                _(
                    "Claim “%(label)s” needs where it appeared: at least one appearance "
                    "with its date."
                )
                % {"label": claim.label}
            )
        cited = [source for source in claim.sources.all() if source.article_id == article.pk]
        if not any(source.is_primary for source in cited):
            problems.append(
                _(
                    "Claim “%(label)s” has no primary source (document, data, official "
                    "statement or interview) among its supporting sources."
                )
                % {"label": claim.label}
            )
        claim_outlets = {source.outlet_id for source in cited if source.corroborates}
        if len(claim_outlets) < required:
            problems.append(
                ngettext(
                    "Claim “%(label)s” has %(count)d corroborating outlet; "
                    "%(required)d are required.",
                    "Claim “%(label)s” has %(count)d corroborating outlets; "
                    "%(required)d are required.",
                    len(claim_outlets),
                )
                % {"label": claim.label, "count": len(claim_outlets), "required": required}
            )
    return problems
