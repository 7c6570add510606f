from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = _("Newsroom")

    def ready(self):
        # Idempotent: after every migrate, the groups match newsroom/roles.py.
        post_migrate.connect(_sync_roles_after_last_app, dispatch_uid="newsroom.sync_roles")
        # The `fold` lookup and its SQL function on SQLite (accent-insensitive search).
        from .folding import install

        install()
        # The task queue's admin page shows each failure's error in the list.
        from .tasks_admin import install as install_tasks_admin

        install_tasks_admin()


def _sync_roles_after_last_app(sender, **kwargs):
    # post_migrate fires once per app; permissions exist for all of them only
    # once the last app with models has been handled.
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is with_models[-1]:
        from .roles import sync_roles

        sync_roles()
