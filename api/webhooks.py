"""Webhooks: tell subscribers when a story is published, corrected or withdrawn.

`after_transition` is registered in `articles.workflow.AFTER_TRANSITION`: once
a transition has committed, it records one `WebhookDelivery` per interested
subscription (the JSON body frozen from the new published version) and
enqueues `deliver` as a background task. Nothing is sent in the request.

`deliver` signs the body (HMAC-SHA256 over "<timestamp>.<body>" with the
subscription's secret, sent as `X-Newsroom-Signature: t=<unix time>,v1=<hex>`),
POSTs it through `api.outbound` (public addresses only) and logs the status
code. A failure is retried with exponential back-off (30 s, 2 min, 8 min,
32 min, about 2 h) up to `WEBHOOK_MAX_ATTEMPTS`; then the delivery is marked
failed. A scheduled story's `story.published` waits for its publication time.
Deliveries are idempotent: a delivered one is never sent again.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import default_task_backend, task

from articles.models import Article, PublishedVersion
from articles.models.history import ArticleEvent

from . import outbound
from .models import Event, WebhookDelivery, WebhookSubscription
from .serialisers import story_summary, tombstone

logger = logging.getLogger(__name__)

BACKOFF_BASE = timedelta(seconds=30)
SIGNATURE_HEADER = "X-Newsroom-Signature"


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value for `body` sent at `timestamp` (Unix seconds)."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(secret: str, header: str, body: bytes, tolerance: int = 300, now=None) -> bool:
    """Receiver side, as docs/api.md shows it: the signature matches and is recent."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (ValueError, KeyError):
        return False
    if abs((now or time.time()) - timestamp) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), header)


def backoff(attempts: int) -> timedelta:
    """Wait before the next attempt after `attempts` failed ones."""
    return BACKOFF_BASE * (4 ** max(attempts - 1, 0))


# --- events --------------------------------------------------------------------


def _rating_slugs(content: dict) -> dict[int, dict | None]:
    return {claim["id"]: claim.get("rating") for claim in content.get("claims", [])}


def events_for(article: Article, action: str) -> list[tuple[str, dict, PublishedVersion]]:
    """(event, body, version) for what `action` just did to `article`'s published record."""
    version = article.versions.order_by("-number").first()
    if version is None:
        return []
    when = version.published_at.isoformat()
    if action in (ArticleEvent.Action.PUBLISH, ArticleEvent.Action.SCHEDULE):
        body = {"story": story_summary(article, version)}
        return [(Event.PUBLISHED, body, version)]
    if action == ArticleEvent.Action.WITHDRAW:
        return [(Event.WITHDRAWN, {"story": tombstone(article, version)}, version)]
    if action not in (ArticleEvent.Action.APPROVE, ArticleEvent.Action.REPUBLISH):
        return []
    summary = story_summary(article, version)
    events = [
        (
            Event.CORRECTED,
            {"story": summary, "kind": version.kind, "note": version.reason, "at": when},
            version,
        )
    ]
    previous = article.versions.filter(number=version.number - 1).first()
    before = _rating_slugs(previous.content) if previous else {}
    for claim in version.content.get("claims", []):
        if claim["id"] in before and before[claim["id"]] != claim.get("rating"):
            body = {
                "story": summary,
                "claim": {
                    "id": claim["id"],
                    "anchor": f"affirmation-{claim['id']}",
                    "label": claim["label"],
                },
                "previous_verdict": before[claim["id"]],
                "verdict": claim.get("rating"),
                "at": when,
            }
            events.append((Event.VERDICT_CHANGED, body, version))
    return events


def after_transition(*, article, action, actor=None, comment=""):
    """AFTER_TRANSITION hook: record and enqueue the deliveries a transition calls for.

    Never raises: the transition has committed, and a webhook problem must not
    turn the editor's successful step into an error page.
    """
    try:
        subscriptions = list(WebhookSubscription.objects.filter(is_active=True))
        if not subscriptions:
            return
        for event, body, version in events_for(article, action):
            for subscription in subscriptions:
                if event not in subscription.events:
                    continue
                delivery = WebhookDelivery.objects.create(
                    subscription=subscription,
                    event=event,
                    payload={"event": str(event), "version": version.number, **body},
                    not_before=version.published_at,
                )
                transaction.on_commit(lambda d=delivery: enqueue(d))
    except Exception:
        logger.exception("webhook deliveries for story %s could not be recorded", article.pk)


def enqueue(delivery: WebhookDelivery) -> None:
    """Queue `delivery` for its time; a backend that cannot defer leaves a future
    one pending for `manage.py send_webhooks`."""
    now = timezone.now()
    if delivery.not_before <= now:
        deliver.enqueue(delivery.pk)
    elif default_task_backend.supports_defer:
        deliver.using(run_after=delivery.not_before).enqueue(delivery.pk)


def due_deliveries():
    return WebhookDelivery.objects.filter(
        state=WebhookDelivery.State.PENDING, not_before__lte=timezone.now()
    )


@task()
def deliver(delivery_id: int) -> str:
    """Send one delivery (background task); returns its state after this attempt."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("subscription")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.state != WebhookDelivery.State.PENDING:
            return delivery.state if delivery else "missing"
        now = timezone.now()
        if delivery.not_before > now:
            return delivery.state  # early (a retry queued twice): its own task will come
        if delivery.event == Event.PUBLISHED and not _still_public(delivery):
            delivery.state = WebhookDelivery.State.FAILED
            delivery.error = "The story is no longer to be published."
            delivery.save(update_fields=["state", "error"])
            return delivery.state
        subscription = delivery.subscription
        body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
        timestamp = int(time.time())
        headers = {
            SIGNATURE_HEADER: sign(subscription.secret, timestamp, body),
            "X-Newsroom-Event": delivery.event,
            "X-Newsroom-Delivery": str(delivery.pk),
            "User-Agent": f"{settings.SITE_NAME} webhooks",
        }
        delivery.attempts += 1
        delivery.last_attempt_at = now
        retry = True
        try:
            reply = outbound.post_json(
                subscription.url, body, headers, timeout=settings.WEBHOOK_TIMEOUT
            )
        except outbound.AddressRefused as error:
            delivery.status_code, delivery.error, retry = None, str(error), False
        except (OSError, ValueError) as error:  # refused, reset, timed out, TLS, bad reply
            delivery.status_code, delivery.error = None, f"{type(error).__name__}: {error}"
        else:
            delivery.status_code = reply.status
            if 200 <= reply.status < 300:
                delivery.state = WebhookDelivery.State.DELIVERED
                delivery.delivered_at = timezone.now()
                delivery.error = ""
            else:
                delivery.error = reply.body.decode("utf-8", "replace")[:500]
        if delivery.state == WebhookDelivery.State.PENDING:
            if retry and delivery.attempts < settings.WEBHOOK_MAX_ATTEMPTS:
                delivery.not_before = timezone.now() + backoff(delivery.attempts)
                transaction.on_commit(lambda: enqueue(delivery))
            else:
                delivery.state = WebhookDelivery.State.FAILED
        delivery.save()
    return delivery.state


def _still_public(delivery) -> bool:
    """A scheduled story may be unscheduled before its time: then say nothing."""
    story = delivery.payload.get("story", {})
    return PublishedVersion.objects.filter(
        article_id=story.get("id"), number=delivery.payload.get("version")
    ).exists()
