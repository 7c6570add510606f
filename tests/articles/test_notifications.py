"""E-mails sent when a transition concerns someone, once the transaction has committed."""

import logging
import socket
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from articles.models import Status
from articles.workflow import TransitionError, apply_transition
from tests.admin_forms import press
from tests.articles.test_editing import story

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LANGUAGE_CODE = "en"


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_submission_mails_the_editors(
    client, django_capture_on_commit_callbacks, journalist, editor, second_editor, other_journalist
):
    """Editors, and only editors, get “To verify” with a link when a story is submitted."""
    article = story(journalist)
    client.force_login(journalist)
    with django_capture_on_commit_callbacks(execute=True):
        press(client, article, "submit")
    assert recipients() == ["claire@example.org", "marc@example.org"]
    message = mail.outbox[0]
    assert message.subject == f"To verify: {article.title}"
    assert f"/admin/articles/article/{article.pk}/change/" in message.body
    assert "Léa Morel" in message.body


def test_return_mails_the_authors_with_the_comment(
    django_capture_on_commit_callbacks, journalist, editor
):
    """The author of a returned story is told what must change."""
    article = story(journalist, status=Status.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        apply_transition(article=article, user=editor, name="return", comment="Ajouter l'arrêté.")
    assert recipients() == ["lea@example.org"]
    assert mail.outbox[0].subject == f"Returned to you: {article.title}"
    assert "Ajouter l'arrêté." in mail.outbox[0].body


@pytest.mark.parametrize(
    "name, before, subject",
    [
        ("verify", Status.SUBMITTED, "Verified: "),
        ("publish", Status.VERIFIED, "Published: "),
        ("withdraw", Status.PUBLISHED, "Withdrawn: "),
    ],
)
def test_authors_hear_of_their_story(
    django_capture_on_commit_callbacks, journalist, second_editor, name, before, subject
):
    """The author gets one message when their story is verified, published or withdrawn."""
    article = story(journalist, status=before)
    with django_capture_on_commit_callbacks(execute=True):
        apply_transition(article=article, user=second_editor, name=name, comment="Motif.")
    assert recipients() == ["lea@example.org"]
    assert mail.outbox[0].subject == subject + article.title


def test_scheduling_mail_gives_the_time(django_capture_on_commit_callbacks, journalist, editor):
    """A scheduled story's author is told when it will appear."""
    article = story(journalist, status=Status.VERIFIED)
    when = timezone.now() + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        apply_transition(article=article, user=editor, name="publish", publish_at=when)
    assert mail.outbox[0].subject == f"Scheduled: {article.title}"
    assert timezone.localtime(when).strftime("%Y-%m-%d %H:%M") in mail.outbox[0].body


def test_no_mail_to_whoever_acted(django_capture_on_commit_callbacks, editor):
    """An editor publishing their own story is not mailed about it."""
    article = story(editor, status=Status.VERIFIED)
    with django_capture_on_commit_callbacks(execute=True):
        apply_transition(article=article, user=editor, name="publish")
    assert mail.outbox == []


def test_no_mail_for_a_refused_transition(django_capture_on_commit_callbacks, journalist, editor):
    """A refused return sends nothing."""
    article = story(journalist, status=Status.SUBMITTED)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(TransitionError),
    ):
        apply_transition(article=article, user=editor, name="return")
    assert callbacks == []
    assert mail.outbox == []


def test_no_mail_before_commit(django_capture_on_commit_callbacks, journalist, editor):
    """Nothing is sent until the transaction commits."""
    article = story(journalist, status=Status.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        apply_transition(article=article, user=editor, name="return", comment="Revoir.")
    assert callbacks
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_mail_failure_keeps_the_transition(
    django_capture_on_commit_callbacks, monkeypatch, journalist, editor
):
    """A mail server outage is logged; the story stays returned."""

    def broken(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr("articles.notifications.send_mass_mail", broken)
    article = story(journalist, status=Status.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        apply_transition(article=article, user=editor, name="return", comment="Revoir.")
    article.refresh_from_db()
    assert article.status == Status.DRAFT


@pytest.fixture
def silent_mail_server():
    """An SMTP port that accepts connections and never says a word."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    yield server.getsockname()[1]
    server.close()


def test_a_silent_mail_server_is_given_up_on_and_logged(
    django_capture_on_commit_callbacks, settings, caplog, silent_mail_server, journalist, editor
):
    """With a mail server that never answers, the editor's return goes through and the
    failure is logged after EMAIL_TIMEOUT seconds (a few by default), not minutes."""
    assert 0 < settings.EMAIL_TIMEOUT <= 10
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", silent_mail_server
    settings.EMAIL_TIMEOUT = 0.2  # the same path as the default, sooner
    article = story(journalist, status=Status.SUBMITTED)
    with (
        caplog.at_level(logging.ERROR, logger="articles.notifications"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        apply_transition(article=article, user=editor, name="return", comment="Revoir.")
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert any("Could not send" in record.getMessage() for record in caplog.records)
