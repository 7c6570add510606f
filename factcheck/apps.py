from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FactcheckConfig(AppConfig):
    name = "factcheck"
    verbose_name = _("Fact-checking")

    def ready(self):
        from articles import workflow

        from . import verification

        for registry, check in (
            (workflow.SUBMISSION_CHECKS, verification.sources_for_submission),
            (workflow.VERIFICATION_CHECKS, verification.sources_and_claims_for_verification),
        ):
            if check not in registry:
                registry.append(check)
