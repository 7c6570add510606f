"""The story workflow's background work (newsroom/tasks.py runs and retries it)."""

from django.conf import settings
from django.core.mail import EmailMessage

from newsroom.tasks import background


@background(attempts=6, backoff=60)
def send_notification(*, subject: str, body: str, to: str) -> int:
    """Send one e-mail to one person: a retry never mails anyone twice.

    Raises OSError or smtplib.SMTPException when the mail server fails (retried).
    Returns the number of messages sent (1).
    """
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to]).send(fail_silently=False)
