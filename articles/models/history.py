from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from newsroom import fields

from .article import Status


class ArticleEvent(models.Model):
    """One step in an article's life: a transition or a saved edit. Never changed."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        EDIT = "edit", _("edited")
        SUBMIT = "submit", _("submitted for verification")
        RETURN = "return", _("returned to the authors")
        VERIFY = "verify", _("verified")
        PUBLISH = "publish", _("published")
        SCHEDULE = "schedule", _("scheduled")
        UNSCHEDULE = "unschedule", _("unscheduled")
        WITHDRAW = "withdraw", _("withdrawn")
        REOPEN = "reopen", _("sent back to verification by an edit")
        RECALL = "recall", _("recalled by its author")
        PROPOSE = "propose", _("change proposed")
        APPROVE = "approve", _("change approved and published")
        REJECT = "reject", _("proposed change rejected")
        REPUBLISH = "republish", _("republished")
        RESTORE = "restore", _("revision restored")
        ADDRESS = "address", _("address changed")
        IMPORT = "import", _("imported")

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    action = fields.CharField(_("action"), max_length=20, choices=Action)
    from_status = fields.CharField(_("from"), max_length=20, choices=Status, blank=True)
    to_status = fields.CharField(_("to"), max_length=20, choices=Status, blank=True)
    comment = fields.TextField(_("comment"), blank=True)
    revision = models.ForeignKey(
        "articles.Revision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Facts a later rule reads back: the content hash a step saw, the users
    # bylined at submission, the published version it made.
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("history entry")
        verbose_name_plural = _("history")

    def __str__(self):
        return f"{self.get_action_display()} — {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("History entries are immutable.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("History entries are immutable.")


class Revision(models.Model):
    """The story's whole content after a saved edit (articles.record.story_content),
    to compare versions and to restore one."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="revisions"
    )
    version = models.PositiveIntegerField(_("version"))
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    data = models.JSONField(_("content"), default=dict)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.UniqueConstraint(fields=["article", "version"], name="revision_unique_version"),
        ]

    def __str__(self):
        return f"v{self.version}"
