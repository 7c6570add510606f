from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from newsroom import fields


class Autosave(models.Model):
    """What one person had typed in a story's form and not saved yet (articles/autosave.py).

    Never the story itself: restoring puts it back into the form, and the normal save
    (with its version check) decides. One per person and story; on the add page, one per
    person and page (the page's token) until the story exists.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    token = fields.CharField(_("page"), max_length=64, blank=True)
    loaded_version = models.PositiveIntegerField(_("version the form was opened at"), null=True)
    # {"fields": [[name, value], ...], "labels": {name: {value: label}}}: the form as the
    # browser would post it, and the names of chosen options a search-as-you-type list lacks.
    form = models.JSONField(_("form"), default=dict)
    saved_at = models.DateTimeField(_("saved"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("unsaved draft")
        verbose_name_plural = _("unsaved drafts")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"],
                condition=Q(article__isnull=False),
                name="autosave_one_per_user_and_story",
            ),
            models.UniqueConstraint(
                fields=["user", "token"],
                condition=Q(article__isnull=True),
                name="autosave_one_per_user_and_new_page",
            ),
        ]

    def __str__(self):
        return f"{self.user_id} / {self.article_id or self.token}"
