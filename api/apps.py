import re

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# One story as its record shows it: the page cache forgets it with that story only.
STORY_PATH = re.compile(r"^/api/v1/stories/(?P<slug>[-\w]+)/$")


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Content API")

    def ready(self):
        from articles import workflow
        from newsroom import pagecache

        from . import webhooks

        if webhooks.after_transition not in workflow.AFTER_TRANSITION:
            workflow.AFTER_TRANSITION.append(webhooks.after_transition)
        if STORY_PATH not in pagecache.STORY_PATHS:
            pagecache.STORY_PATHS.append(STORY_PATH)
