from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FactcheckConfig(AppConfig):
    name = "factcheck"
    verbose_name = _("Fact-checking")

    def ready(self):
        from articles import dossier, editing, record, structured_data, workflow

        from . import (  # noqa: F401
            claimreview,
            content,
            evidence,
            services,
            signals,
            tips,
            verification,
        )

        for registry, hook in (
            (workflow.SUBMISSION_CHECKS, verification.sources_for_submission),
            (workflow.VERIFICATION_CHECKS, verification.sources_and_claims_for_verification),
            (workflow.VERIFICATION_CHECKS, evidence.missing_evidence),
            (dossier.DOSSIER_EXTENSIONS, evidence.exemptions_in_dossier),
            (workflow.APPROVAL_EFFECTS, services.record_verdict_changes),
            (workflow.AFTER_TRANSITION, tips.after_transition),
            (editing.STORY_RULES, services.foreign_source_problems),
            (editing.STORY_RULES, services.verdict_in_label_problems),
            (editing.CONTENT_APPLIERS, services.apply_content),
            (editing.AFTER_EDIT, services.stamp_reviewers),
            (editing.WORK_TYPE_SUGGESTERS, services.fact_check_genre),
            (record.CONTENT_EXTENSIONS, content.sources_and_claims),
            (record.RENDER_PREFETCHES, content.render_prefetches),
            (record.CARD_EXTENSIONS, content.rated_claims_card),
            (record.RENDER_CONTEXT, content.verification_summary),
            (structured_data.GRAPH_EXTENSIONS, claimreview.claim_reviews),
            (structured_data.ARTICLE_EXTENSIONS, claimreview.cited_sources),
        ):
            if hook not in registry:
                registry.append(hook)
