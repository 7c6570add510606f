from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from newsroom import fields
from newsroom.markup import render_markdown
from newsroom.text import in_language


class SitePage(models.Model):
    """A page about the newsroom itself: methodology, corrections policy, etc.

    The kind fixes the page's role in structured data (``correctionsPolicy``,
    ``ownershipFundingInfo``...), so each kind exists at most once.
    """

    class Kind(models.TextChoices):
        METHODOLOGY = "methodology", _("methodology")
        CORRECTIONS_POLICY = "corrections_policy", _("corrections policy")
        OWNERSHIP = "ownership", _("ownership and funding")
        TEAM = "team", _("team")
        CONTACT = "contact", _("contact")
        # Shown under every verified story ("How we verified this"), and a page of its own.
        EDITORIAL_LINE = "editorial_line", _("editorial line")
        # The Trust Project's policies, each named by a property of the publisher.
        ETHICS = "ethics", _("ethics policy")
        DIVERSITY = "diversity", _("diversity policy")
        FEEDBACK = "feedback", _("actionable feedback policy")
        UNNAMED_SOURCES = "unnamed_sources", _("unnamed sources policy")
        MISSION = "mission", _("mission and coverage priorities")
        NO_BYLINES = "no_bylines", _("unsigned stories policy")

    kind = fields.CharField(_("kind"), max_length=30, choices=Kind, unique=True)
    title = fields.CharField(_("title"), max_length=200)
    slug = fields.SlugField(_("slug"), max_length=100, unique=True)
    body = fields.MarkdownField(_("text"), blank=True)
    body_html = fields.TextField(editable=False, blank=True)
    # English versions for the /en/ interface (the footer and the page itself).
    title_en = fields.CharField(
        _("title in English"),
        max_length=200,
        blank=True,
        help_text=_("Shown on the English pages; empty: the French title."),
    )
    body_en = fields.MarkdownField(
        _("text in English"), blank=True, help_text=_("Empty: the French text.")
    )
    body_en_html = fields.TextField(editable=False, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("site page")
        verbose_name_plural = _("site pages")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body_html = render_markdown(self.body)
        self.body_en_html = render_markdown(self.body_en)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:page_detail", kwargs={"slug": self.slug})

    @property
    def display_title(self) -> str:
        """The title in the active interface language (English when given)."""
        return in_language(self.title, self.title_en)

    @property
    def display_body_html(self) -> str:
        return in_language(self.body_html, self.body_en_html)
