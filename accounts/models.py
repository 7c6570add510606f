from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from newsroom import fields


class Preferences(models.Model):
    """A staff member's own settings: the language of their admin pages.

    The site's readers choose a language by address (/en/); the admin has one
    address for everyone, so each staff member's choice is kept here and applied
    by accounts.middleware.AdminLanguageMiddleware.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="preferences",
    )
    language = fields.CharField(
        _("interface language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_(
            "The language of the newsroom's pages for you. Stories keep their own language."
        ),
    )

    class Meta:
        verbose_name = _("preferences")
        verbose_name_plural = _("preferences")

    def __str__(self):
        return str(self.user)
