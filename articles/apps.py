import re

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# /articles/<slug>/…, with or without a language prefix (i18n_patterns).
STORY_PATH = re.compile(r"^(?:/[a-z]{2}(?:-[a-z]+)?)?/articles/(?P<slug>[-\w]+)/")


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Stories")

    def ready(self):
        from newsroom import context_processors, pagecache

        from . import checks, signals  # noqa: F401
        from .footer import footer_pages
        from .models import Article

        # What the project's leaf utilities need from stories (newsroom imports no app).
        for registry, hook in (
            (pagecache.SCHEDULE_PROVIDERS, Article.objects.next_scheduled_time),
            (context_processors.FOOTER_LINKS, footer_pages),
        ):
            if hook not in registry:
                registry.append(hook)
        # A story's own pages (its page, its versions, in each interface language):
        # the page cache forgets them with that story only.
        if STORY_PATH not in pagecache.STORY_PATHS:
            pagecache.STORY_PATHS.append(STORY_PATH)
