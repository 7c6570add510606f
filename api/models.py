"""API keys for apps and partners, webhook subscriptions and their delivery log."""

from __future__ import annotations

import hashlib
import secrets

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom import fields

KEY_PREFIX_LENGTH = 8


def hash_key(secret: str) -> str:
    """SHA-256 (hex) of a key's secret part. The secret is 32 random bytes, so a
    plain digest is enough: there is nothing to guess that a slow hash would protect."""
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True)


class ApiKey(models.Model):
    """A key an app or a partner sends as `Authorization: Api-Key <key>`.

    The key is shown once, when it is created; only its prefix (to find it)
    and the SHA-256 of its secret are stored. Revoking it is immediate.
    """

    name = fields.CharField(
        _("name"), max_length=100, help_text=_("Who uses it: an app, a partner.")
    )
    prefix = fields.CharField(
        _("prefix"), max_length=KEY_PREFIX_LENGTH, unique=True, editable=False
    )
    hashed_secret = fields.CharField(_("hashed secret"), max_length=64, editable=False)
    rate_limit = models.PositiveIntegerField(
        _("requests per minute"),
        default=600,
        validators=[MinValueValidator(1)],
        help_text=_("Beyond this, the API answers 429 with Retry-After."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    def assign_key(self) -> str:
        """Give this (unsaved) key a new secret; returns the full key, never stored."""
        self.prefix = secrets.token_hex(KEY_PREFIX_LENGTH // 2)
        secret = secrets.token_urlsafe(32)
        self.hashed_secret = hash_key(secret)
        return f"{self.prefix}.{secret}"

    @classmethod
    def from_key(cls, key: str) -> ApiKey | None:
        """The usable key matching `key` ("prefix.secret"), or None."""
        prefix, _dot, secret = key.strip().partition(".")
        if len(prefix) != KEY_PREFIX_LENGTH or not secret:
            return None
        found = cls.objects.usable().filter(prefix=prefix).first()
        if found is None or not secrets.compare_digest(found.hashed_secret, hash_key(secret)):
            return None
        return found


class Event(models.TextChoices):
    PUBLISHED = "story.published", "story.published"
    CORRECTED = "story.corrected", "story.corrected"
    WITHDRAWN = "story.withdrawn", "story.withdrawn"
    VERDICT_CHANGED = "claim.verdict_changed", "claim.verdict_changed"


class WebhookSubscription(models.Model):
    """An address told about published stories (`docs/api.md` documents the body)."""

    name = fields.CharField(_("name"), max_length=100)
    url = fields.HttpURLField(
        _("address"),
        max_length=500,
        help_text=_("HTTPS address of the receiver; private and local addresses are refused."),
    )
    events = models.JSONField(
        _("events"), default=list, help_text=_("The events sent to this address.")
    )
    secret = fields.CharField(
        _("signing secret"),
        max_length=100,
        help_text=_("Shared with the receiver, who checks the X-Newsroom-Signature header."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")

    def __str__(self):
        return self.name


class WebhookDelivery(models.Model):
    """One event sent (or to be sent) to one subscription, with every attempt's outcome."""

    class State(models.TextChoices):
        PENDING = "pending", _("pending")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")

    subscription = models.ForeignKey(
        WebhookSubscription,
        verbose_name=_("subscription"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    event = fields.CharField(_("event"), max_length=40, choices=Event)
    payload = models.JSONField(_("body"))
    state = fields.CharField(_("state"), max_length=20, choices=State, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    status_code = models.PositiveSmallIntegerField(_("last status code"), null=True, blank=True)
    error = fields.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    not_before = models.DateTimeField(_("not before"), default=timezone.now)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")

    def __str__(self):
        return f"{self.event} → {self.subscription}"
