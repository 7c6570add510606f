from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from newsroom import fields


class PublishedVersionQuerySet(models.QuerySet):
    def public(self, now=None):
        """Versions readers can see: of a public or withdrawn story, their time come."""
        return self.filter(published_at__lte=now or timezone.now())


class PublishedVersion(models.Model):
    """What readers see of a story, frozen: the published record.

    Made by publication and by every accepted change to a public story (a
    correction, a verdict change, a republication, a withdrawal). Holds the
    rendered story per interface language, its JSON-LD, the canonical content
    of the whole story graph as JSON and its SHA-256, and the previous
    version's record hash, so that the versions of a story form a hash chain
    (`articles.record.verify_chain`). Never updated or deleted, except a
    scheduled publication that was cancelled before it became public.
    """

    class Kind(models.TextChoices):
        PUBLICATION = "publication", _("publication")
        CORRECTION = "correction", _("correction")
        CLARIFICATION = "clarification", _("clarification")
        UPDATE = "update", _("update")
        VERDICT = "verdict", _("verdict change")
        SILENT = "silent", _("change without public note")
        REPUBLICATION = "republication", _("republication")
        WITHDRAWAL = "withdrawal", _("withdrawal")

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    kind = fields.CharField(_("kind"), max_length=20, choices=Kind)
    published_at = models.DateTimeField(
        _("public from"), help_text=_("In the future for a scheduled publication.")
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    # PROTECT: an account that published cannot be deleted, only deactivated.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    reason = fields.TextField(
        _("why"),
        blank=True,
        help_text=_("The public note, the withdrawal reason, or the internal reason."),
    )
    path = fields.CharField(_("address when published"), max_length=300)
    card = models.JSONField(_("story card"), default=dict)
    content = models.JSONField(_("content"))
    content_hash = fields.CharField(_("content SHA-256"), max_length=64)
    bodies = models.JSONField(_("rendered story, per language"), default=dict)
    json_ld = fields.TextField(_("JSON-LD"), blank=True)
    claim_reviews = models.JSONField(_("ClaimReviews"), default=list)
    previous_hash = fields.CharField(_("previous record hash"), max_length=64, blank=True)
    record_hash = fields.CharField(_("record SHA-256"), max_length=64, unique=True)

    objects = PublishedVersionQuerySet.as_manager()

    class Meta:
        ordering = ["article", "-number"]
        verbose_name = _("published version")
        verbose_name_plural = _("published versions")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"], name="published_version_unique_number"
            ),
        ]
        indexes = [
            # The ClaimReview feed's last change and the corrections log walk versions
            # newest first: an index walk that stops at the first match.
            models.Index(fields=["-published_at"], name="version_published_idx"),
        ]

    def __str__(self):
        return f"v{self.number} ({self.get_kind_display()})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Published versions are immutable.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.published_at <= timezone.now():
            raise ValueError("A version readers could see is never deleted.")
        return super().delete(*args, **kwargs)

    @property
    def is_public(self):
        return self.published_at <= timezone.now()


class StoryCard:
    """A story's card (title, introduction, region, bylines, dates, hero, rated
    claims) as templates, feeds and sitemaps read it, from a version's frozen card."""

    def __init__(self, data: dict, slug: str):
        self.data = data
        self.slug = slug
        self.title = data.get("title", "")
        self.introduction = data.get("introduction", "")
        self.region = data.get("region")
        self.bylines = data.get("bylines", [])
        self.tags = data.get("tags", [])
        self.hero = data.get("hero")
        self.claims = data.get("claims", [])
        self.language = data.get("language", "")
        self.work_type = data.get("work_type", "")

    # Parsed when read: a list's JSON-LD reads each card's title only.
    @cached_property
    def published_at(self):
        return parse_datetime(self.data["published_at"]) if self.data.get("published_at") else None

    @cached_property
    def modified_at(self):
        return parse_datetime(self.data["modified_at"]) if self.data.get("modified_at") else None

    def get_absolute_url(self):
        return reverse("articles:article_detail", kwargs={"slug": self.slug})

    @property
    def author_names(self):
        return ", ".join(byline["name"] for byline in self.bylines)


class ArticleRedirect(models.Model):
    """A former address of a story, answered with a permanent redirect.

    Made when a public story's slug changes (and by archive imports), so that
    shared links, search engines and ClaimReview URLs keep working.
    """

    old_slug = fields.SlugField(_("former slug"), max_length=220, unique=True)
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="redirects",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("former address")
        verbose_name_plural = _("former addresses")

    def __str__(self):
        return self.old_slug
