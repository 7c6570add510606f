from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = _("Imports")

    def ready(self):
        from articles import dossier

        from . import services

        if services.import_exceptions not in dossier.DOSSIER_EXTENSIONS:
            dossier.DOSSIER_EXTENSIONS.append(services.import_exceptions)
