from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Content API")

    def ready(self):
        from articles import workflow

        from . import webhooks

        if webhooks.after_transition not in workflow.AFTER_TRANSITION:
            workflow.AFTER_TRANSITION.append(webhooks.after_transition)
