"""Webhooks: signed deliveries to a local receiver, retries, the log, private addresses."""

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django.utils import timezone

from api import outbound, webhooks
from api.admin import SubscriptionForm
from api.models import Event, WebhookDelivery, WebhookSubscription
from articles.models import Status
from articles.workflow import apply_transition
from tests.factories import approve_change, make_article, verifiable

pytestmark = pytest.mark.django_db
SECRET = "un-secret-partage-assez-long"


class Receiver:
    """A local HTTP server that records what it receives and answers `status`."""

    def __init__(self):
        self.requests = []
        self.status = 200
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((dict(self.headers), body))
                self.send_response(receiver.status)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/newsroom"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def events(self):
        return [json.loads(body)["event"] for _headers, body in self.requests]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    server = Receiver()
    yield server
    server.close()


def subscribe(url, events=tuple(Event.values)):
    return WebhookSubscription.objects.create(
        name="Appli mobile", url=url, events=list(events), secret=SECRET
    )


def verified_story(journalist):
    article = make_article(status=Status.VERIFIED, author=journalist)
    verifiable(article)
    article.refresh_from_db()
    return article


def test_publishing_sends_a_signed_story_published(
    receiver, journalist, editor, django_capture_on_commit_callbacks
):
    """Publishing a story POSTs `story.published` with an HMAC-SHA256 signature the
    receiver can check; the delivery is logged with its status code."""
    subscribe(receiver.url)
    article = verified_story(journalist)
    with django_capture_on_commit_callbacks(execute=True):
        apply_transition(article=article, user=editor, name="publish")
    assert receiver.events() == ["story.published"]
    headers, body = receiver.requests[0]
    assert webhooks.verify(SECRET, headers["X-Newsroom-Signature"], body)
    assert not webhooks.verify("autre-secret", headers["X-Newsroom-Signature"], body)
    assert not webhooks.verify(SECRET, headers["X-Newsroom-Signature"], body + b" ")
    assert headers["X-Newsroom-Event"] == "story.published"
    payload = json.loads(body)
    assert payload["story"]["slug"] == article.slug
    assert payload["story"]["title"] == article.title
    delivery = WebhookDelivery.objects.get()
    assert (delivery.state, delivery.status_code, delivery.attempts) == ("delivered", 200, 1)


def test_an_old_signature_is_refused_by_the_receiver_check():
    """A replayed body with a signature older than the tolerance does not verify."""
    body = b'{"event":"story.published"}'
    header = webhooks.sign(SECRET, 1_000_000, body)
    assert webhooks.verify(SECRET, header, body, now=1_000_100)
    assert not webhooks.verify(SECRET, header, body, now=1_000_000 + 3600)
    assert not webhooks.verify(SECRET, "t=x,v1=y", body)


def test_withdrawal_and_corrections(
    receiver, journalist, editor, second_editor, ratings, django_capture_on_commit_callbacks
):
    """An approved verdict change sends `story.corrected` and `claim.verdict_changed`
    (old and new verdicts); a withdrawal sends the tombstone."""
    subscribe(receiver.url)
    article = verified_story(journalist)
    apply_transition(article=article, user=editor, name="publish")
    claim = article.claims.get()
    with django_capture_on_commit_callbacks(execute=True):
        from articles import editing

        with editing.edit_story(article=article, user=editor):
            claim.rating = ratings["vrai"]
            claim.save()
        approve_change(article, editor, second_editor, note="Verdict revu.")
    assert receiver.events() == ["story.corrected", "claim.verdict_changed"]
    change = json.loads(receiver.requests[1][1])
    assert change["previous_verdict"]["slug"] == "faux"
    assert change["verdict"]["slug"] == "vrai"
    assert change["claim"]["id"] == claim.pk
    with django_capture_on_commit_callbacks(execute=True):
        apply_transition(article=article, user=editor, name="withdraw", comment="Erreur.")
    withdrawn = json.loads(receiver.requests[-1][1])
    assert withdrawn["event"] == "story.withdrawn"
    assert withdrawn["story"] == {
        **withdrawn["story"],
        "slug": article.slug,
        "withdrawn": True,
        "withdrawal_reason": "Erreur.",
    }
    assert "title" not in withdrawn["story"]


def test_only_subscribed_events_are_sent(
    receiver, journalist, editor, django_capture_on_commit_callbacks
):
    subscribe(receiver.url, events=["story.withdrawn"])
    article = verified_story(journalist)
    with django_capture_on_commit_callbacks(execute=True):
        apply_transition(article=article, user=editor, name="publish")
    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()


def test_failures_are_retried_with_back_off_then_given_up(
    receiver, journalist, editor, settings, django_capture_on_commit_callbacks
):
    """A 500 leaves the delivery pending with a growing wait; after the last attempt it is
    marked failed, with the status code in the log."""
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    receiver.status = 500
    subscribe(receiver.url)
    article = verified_story(journalist)
    with django_capture_on_commit_callbacks(execute=True):
        apply_transition(article=article, user=editor, name="publish")
    delivery = WebhookDelivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.status_code) == ("pending", 1, 500)
    waits = []
    while delivery.state == "pending":
        waits.append(delivery.not_before - delivery.last_attempt_at)
        WebhookDelivery.objects.filter(pk=delivery.pk).update(not_before=timezone.now())
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_webhooks", stdout=open("/dev/null", "w"))  # noqa: SIM115
        delivery.refresh_from_db()
    assert delivery.state == "failed" and delivery.attempts == 3
    assert len(receiver.requests) == 3
    assert waits[1] > waits[0] >= timedelta(seconds=29)


def test_private_addresses_are_never_reached(
    journalist, editor, django_capture_on_commit_callbacks
):
    """Without the test allowance, a delivery to a loopback address fails without a request."""
    server = Receiver()
    try:
        subscribe(server.url)
        article = verified_story(journalist)
        with django_capture_on_commit_callbacks(execute=True):
            apply_transition(article=article, user=editor, name="publish")
        delivery = WebhookDelivery.objects.get()
        assert delivery.state == "failed" and "private" in delivery.error
        assert server.requests == []
    finally:
        server.close()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://localhost:8000/hook",
        "http://10.0.0.8/hook",
        "http://192.168.1.10/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hook",
        "http://[::ffff:127.0.0.1]/hook",
        "http://0.0.0.0/hook",
        "ftp://example.org/hook",
        "http://user:pass@93.184.216.34/hook",
    ],
)
def test_private_or_odd_addresses_are_refused(url):
    """The admin form and the sender refuse private, loopback, link-local addresses."""
    with pytest.raises(outbound.AddressRefused):
        outbound.resolve_public(url)
    form = SubscriptionForm(
        data={"name": "x", "url": url, "events": ["story.published"], "secret": SECRET}
    )
    assert not form.is_valid() and "url" in form.errors


def test_a_public_address_passes_the_check():
    assert outbound.resolve_public("https://93.184.216.34/hook")[3] == "93.184.216.34"


def test_scheduled_story_is_announced_at_its_time(
    receiver, journalist, editor, django_capture_on_commit_callbacks
):
    """A scheduled publication is delivered when it goes public, not when it is scheduled;
    a story unscheduled meanwhile is never announced."""
    subscribe(receiver.url)
    article = verified_story(journalist)
    with django_capture_on_commit_callbacks(execute=True):
        apply_transition(
            article=article,
            user=editor,
            name="publish",
            publish_at=timezone.now() + timedelta(hours=2),
        )
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == "pending" and receiver.requests == []
    call_command("send_webhooks", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert receiver.requests == []
    WebhookDelivery.objects.filter(pk=delivery.pk).update(not_before=timezone.now())
    call_command("send_webhooks", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert receiver.events() == ["story.published"]

    other = verified_story(journalist)
    with django_capture_on_commit_callbacks(execute=True):
        apply_transition(
            article=other, user=editor, name="publish", publish_at=timezone.now() + timedelta(1)
        )
    with django_capture_on_commit_callbacks(execute=True):
        apply_transition(article=other, user=editor, name="unschedule")
    pending = WebhookDelivery.objects.get(state="pending")
    WebhookDelivery.objects.filter(pk=pending.pk).update(not_before=timezone.now())
    call_command("send_webhooks", stdout=open("/dev/null", "w"))  # noqa: SIM115
    pending.refresh_from_db()
    assert pending.state == "failed" and len(receiver.requests) == 1


def test_delivery_log_in_the_admin(
    client, superuser, receiver, journalist, editor, django_capture_on_commit_callbacks
):
    """The admin lists deliveries with their status code, and can send failed ones again."""
    subscription = subscribe(receiver.url)
    article = verified_story(journalist)
    apply_transition(article=article, user=editor, name="publish")
    delivery = WebhookDelivery.objects.create(
        subscription=subscription,
        event=Event.PUBLISHED,
        payload={"event": "story.published", "version": 1, "story": {"id": article.pk}},
        state="failed",
        attempts=6,
        status_code=503,
    )
    client.force_login(superuser)
    listing = client.get("/admin/api/webhookdelivery/")
    assert listing.status_code == 200 and "503" in listing.content.decode()
    page = client.get(f"/admin/api/webhooksubscription/{subscription.pk}/change/")
    assert page.status_code == 200 and "503" in page.content.decode()
    assert client.get("/admin/api/webhooksubscription/add/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/api/webhookdelivery/",
            {"action": "retry", "_selected_action": [delivery.pk]},
        )
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, delivery.status_code) == ("delivered", 1, 200)
    assert receiver.events() == ["story.published"]
