from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom import fields
from newsroom.partialdates import PartialDateField


class Quote(models.Model):
    """An official reaction: attributed words, with where they were said."""

    article = models.ForeignKey("articles.Article", on_delete=models.CASCADE, related_name="quotes")
    text = fields.TextField(_("quote"))
    speaker = fields.CharField(_("speaker"), max_length=150)
    speaker_role = fields.CharField(
        _("speaker's role"),
        max_length=200,
        blank=True,
        help_text=_("e.g. Prefect of Calvados, mayor of Rouen."),
    )
    said_on = PartialDateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_("2025, 03/2025 or 15/03/2025: only what is known, as readers will see it."),
    )
    url = fields.HttpURLField(
        _("URL"), blank=True, help_text=_("Where the words can be read or heard.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("official reaction")
        verbose_name_plural = _("official reactions")

    def __str__(self):
        return f"{self.speaker}: {self.text[:60]}"


class Correction(models.Model):
    """A public note that the story changed after publication, and why.

    Made when a second editor approves a change to a public story
    (articles/workflow.py); amended through the same approval, never deleted.
    """

    class Kind(models.TextChoices):
        CORRECTION = "correction", _("correction")
        CLARIFICATION = "clarification", _("clarification")
        UPDATE = "update", _("update")

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="corrections"
    )
    # Set when the change that carries the correction is approved, never typed:
    # a correction cannot be dated before the story or in the future.
    published_at = models.DateTimeField(
        _("date"), default=timezone.now, db_index=True, editable=False
    )
    amended_at = models.DateTimeField(_("amended"), null=True, blank=True, editable=False)
    kind = fields.CharField(_("kind"), max_length=20, choices=Kind, default=Kind.CORRECTION)
    text = fields.TextField(
        _("text"), help_text=_("What was wrong or unclear, and what the story says now.")
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self):
        return f"{self.get_kind_display()} ({self.published_at:%Y-%m-%d})"
