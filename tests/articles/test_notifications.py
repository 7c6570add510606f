"""E-mails a transition sends: queued with the transition, sent by the worker."""

import socket
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from articles.models import Status
from articles.workflow import TransitionError, apply_transition
from tests.admin_forms import press
from tests.factories import story
from tests.tasks import queued, run_tasks

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
    run_tasks()
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
    run_tasks()
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
    run_tasks()
    assert recipients() == ["lea@example.org"]
    assert mail.outbox[0].subject == subject + article.title


def test_scheduling_mail_gives_the_time(django_capture_on_commit_callbacks, journalist, editor):
    """A scheduled story's author is told when it will appear."""
    article = story(journalist, status=Status.VERIFIED)
    when = timezone.now() + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        apply_transition(article=article, user=editor, name="publish", publish_at=when)
    run_tasks()
    assert mail.outbox[0].subject == f"Scheduled: {article.title}"
    assert timezone.localtime(when).strftime("%Y-%m-%d %H:%M") in mail.outbox[0].body


def test_no_mail_to_whoever_acted(django_capture_on_commit_callbacks, editor):
    """An editor publishing their own story is not mailed about it."""
    article = story(editor, status=Status.VERIFIED)
    with django_capture_on_commit_callbacks(execute=True):
        apply_transition(article=article, user=editor, name="publish")
    run_tasks()
    assert mail.outbox == []


def test_no_mail_for_a_refused_transition(journalist, editor):
    """A refused return queues and sends nothing."""
    article = story(journalist, status=Status.SUBMITTED)
    with pytest.raises(TransitionError):
        apply_transition(article=article, user=editor, name="return")
    assert queued() == []
    run_tasks()
    assert mail.outbox == []


def test_mail_is_queued_with_the_transition_not_sent_in_the_request(journalist, editor):
    """The editor's click only queues the message; the worker sends it."""
    article = story(journalist, status=Status.SUBMITTED)
    apply_transition(article=article, user=editor, name="return", comment="Revoir.")
    assert mail.outbox == []
    assert [task.args_kwargs["kwargs"]["to"] for task in queued("send_notification")] == [
        "lea@example.org"
    ]
    assert run_tasks() == 1
    assert len(mail.outbox) == 1


def test_a_failed_mail_is_retried_later_and_visible_in_the_admin(
    admin_client, monkeypatch, journalist, editor
):
    """A mail server outage keeps the transition; the attempt is recorded as failed
    with its error, and a retry waits in the queue (back-off) until it succeeds."""

    server_down = [True]
    send = EmailMessage.send

    def flaky(message, *args, **kwargs):
        if server_down[0]:
            raise ConnectionRefusedError("connexion refusée par le serveur de mail")
        return send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", flaky)
    article = story(journalist, status=Status.SUBMITTED)
    apply_transition(article=article, user=editor, name="return", comment="Revoir.")
    assert run_tasks() == 1
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    failed = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    assert "ConnectionRefusedError" in failed.traceback
    (retry,) = queued("send_notification")
    assert retry.args_kwargs["kwargs"]["_attempt"] == 2
    assert retry.run_after > timezone.now() + timedelta(seconds=30)

    page = admin_client.get(
        reverse("admin:django_tasks_database_dbtaskresult_changelist") + "?status=FAILED"
    )
    assert page.status_code == 200
    listing = page.content.decode()
    assert "send_notification" in listing
    assert "ConnectionRefusedError: connexion refusée par le serveur de mail" in listing
    detail = admin_client.get(
        reverse("admin:django_tasks_database_dbtaskresult_change", args=[failed.pk])
    )
    assert "connexion refusée par le serveur de mail" in detail.content.decode()

    server_down[0] = False
    assert run_tasks() == 0  # not yet due
    assert run_tasks(now=retry.run_after) == 1
    assert [message.to for message in mail.outbox] == [["lea@example.org"]]


def test_the_last_attempt_stays_failed(monkeypatch, journalist, editor):
    """After its last attempt a task is not retried again: it stays failed for someone to see."""
    monkeypatch.setattr("django.core.mail.EmailMessage.send", _refuse)
    article = story(journalist, status=Status.SUBMITTED)
    apply_transition(article=article, user=editor, name="return", comment="Revoir.")
    far = timezone.now() + timedelta(days=30)
    run_tasks(now=far)
    attempts = DBTaskResult.objects.filter(task_path__endswith="send_notification")
    assert attempts.filter(status=TaskResultStatus.FAILED).count() == 6
    assert queued() == []


def _refuse(*args, **kwargs):
    raise ConnectionRefusedError


@pytest.fixture
def silent_mail_server():
    """An SMTP port that accepts connections and never says a word."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    yield server
    server.close()


def test_a_silent_mail_server_never_delays_the_editors_click(
    client, settings, silent_mail_server, journalist, editor
):
    """With a mail server that accepts and never answers, the editor's return is
    answered at once (the worker, not the request, talks to the mail server); the
    worker gives up after EMAIL_TIMEOUT and retries later."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = silent_mail_server.getsockname()[1]
    settings.EMAIL_TIMEOUT = 0.5
    silent_mail_server.setblocking(False)
    article = story(journalist, status=Status.SUBMITTED)
    client.force_login(editor)
    response = press(client, article, "return", comment="Revoir.")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    # The request never even connected to the mail server: nothing can make it wait.
    with pytest.raises(BlockingIOError):
        silent_mail_server.accept()

    assert run_tasks() == 1
    silent_mail_server.accept()[0].close()  # the worker did connect, and gave up
    failed = DBTaskResult.objects.get(status=TaskResultStatus.FAILED)
    assert "timed out" in failed.traceback or "TimeoutError" in failed.traceback
    assert len(queued("send_notification")) == 1


def published_story(journalist, editor, second_editor):
    from articles.workflow import apply_transition as step

    article = story(journalist)
    step(article=article, user=journalist, name="submit")
    step(article=article, user=second_editor, name="verify")
    step(article=article, user=editor, name="publish")
    article.refresh_from_db()
    return article


@pytest.mark.parametrize(
    "kind, subject",
    [
        ("correction", "Correction published on your story: "),
        ("update", "Update published on your story: "),
    ],
)
def test_authors_are_told_of_a_correction(
    django_capture_on_commit_callbacks, journalist, editor, second_editor, kind, subject
):
    """The author gets one e-mail, through the task queue, with the note and the story's address."""
    from tests.factories import approve_change

    article = published_story(journalist, editor, second_editor)
    run_tasks()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approve_change(
            article,
            editor,
            second_editor,
            note="Le bassin ouvre à 8 h, pas à 9 h.",
            kind=kind,
            introduction="Le bassin ouvre à 8 h.",
        )
    assert mail.outbox == []  # queued, not sent in the editor's request
    run_tasks()
    assert recipients() == ["lea@example.org"]
    message = mail.outbox[0]
    assert message.subject == subject + article.title
    assert "Le bassin ouvre à 8 h, pas à 9 h." in message.body
    assert article.get_absolute_url() in message.body


def test_a_typo_fix_tells_no_one(
    django_capture_on_commit_callbacks, journalist, editor, second_editor
):
    """A fix without a public note sends no e-mail to the authors."""
    from tests.factories import approve_change

    article = published_story(journalist, editor, second_editor)
    run_tasks()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approve_change(
            article,
            editor,
            second_editor,
            note="Coquille.",
            kind="silent",
            introduction="Une coquille corrigée.",
        )
    run_tasks()
    assert mail.outbox == []


def test_correction_prompt_goes_once_the_correction_is_published(
    client, journalist, editor, second_editor
):
    """After a correction is published, the editor is no longer asked to propose one."""
    from tests.factories import approve_change

    article = published_story(journalist, editor, second_editor)
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert "t-propose-comment" in page.content.decode()
    approve_change(article, editor, second_editor, introduction="Le bassin ouvre à 8 h.")
    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert "t-propose-comment" not in page.content.decode()
    with pytest.raises(TransitionError):
        apply_transition(
            article=article, user=editor, name="propose", comment="Encore", change_kind="correction"
        )
