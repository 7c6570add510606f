from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


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
