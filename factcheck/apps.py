from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FactcheckConfig(AppConfig):
    name = "factcheck"
    verbose_name = _("Fact-checking")

    def ready(self):
        from articles import structured_data, workflow

        from . import claimreview, signals, verification  # noqa: F401

        for registry, check in (
            (workflow.SUBMISSION_CHECKS, verification.sources_for_submission),
            (workflow.VERIFICATION_CHECKS, verification.sources_and_claims_for_verification),
        ):
            if check not in registry:
                registry.append(check)
        if claimreview.claim_reviews not in structured_data.GRAPH_EXTENSIONS:
            structured_data.GRAPH_EXTENSIONS.append(claimreview.claim_reviews)
