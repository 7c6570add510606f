"""The story workflow's and the images' background work (newsroom/tasks.py runs and retries it)."""

from django.apps import apps
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


@background(attempts=5, backoff=30)
def make_renditions(model: str, pk: int) -> int:
    """Make the missing renditions of one library image or author photo.

    Idempotent: what exists is left alone, a row deleted since makes nothing.
    Raises OSError when the original cannot be read (retried, then failed).
    Returns the number of files written.
    """
    from .renditions import image_renditions

    instance = apps.get_model(model).objects.filter(pk=pk).first()
    if instance is None:
        return 0
    return len(image_renditions(instance))


@background(attempts=3, backoff=60)
def tidy_image_files(name: str, author: int | None = None) -> int:
    """Delete what a replaced or deleted image left behind (articles.media.tidy_files).
    Idempotent. Returns the number of files deleted."""
    from .media import tidy_files

    return len(tidy_files(name, author=author))
