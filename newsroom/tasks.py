"""Background tasks: retried with back-off, enqueued with the transaction that wants them.

Work that can wait or can fail on the network (e-mail, archiving a cited page,
checking a link) runs in a worker (`manage.py db_worker`), never in an editor's
request. The queue is django-tasks' database backend (django-tasks-db): one table
in our own database, so the demo needs no extra server and workers on several
hosts share the production queue (docs/scaling.md).

django-tasks runs a task once. `background()` adds what we need on top:

- **Retries with back-off.** A task that raises is recorded as failed (its error is
  in the admin, under "Task results") and, while attempts remain, enqueued again to
  run after `backoff × 2^(attempt − 1)` seconds (capped at `TASKS_MAX_BACKOFF`).
  The last attempt's failure stays failed: someone must look at it.
- **Idempotence is the task's job.** A retry runs the whole function again, so
  each task either does one thing (one e-mail to one person) or checks what is
  already done before doing it.

`enqueue()` puts a task in the queue inside the caller's transaction when the
backend stores tasks in the database (the task exists if and only if the change
that wanted it committed); other backends (the immediate one) get it after commit.
This module imports no app.
"""

from __future__ import annotations

import functools
import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


def backoff_delay(attempt: int, base: float) -> timedelta:
    """Seconds to wait before attempt `attempt + 1`: base, 2×base, 4×base… capped."""
    seconds = min(base * 2 ** (attempt - 1), settings.TASKS_MAX_BACKOFF)
    return timedelta(seconds=seconds)


def background(*, attempts: int = 5, backoff: float = 60.0, queue_name="default", priority=0):
    """Decorator: a django-tasks task retried up to `attempts` times with back-off.

    The task is called with its own JSON-serialisable arguments; the attempt
    number travels as the keyword `_attempt` (the wrapped function never sees it).
    """

    def decorate(func):
        @functools.wraps(func)
        def run(*args, _attempt: int = 1, **kwargs):
            try:
                return func(*args, **kwargs)
            except Exception:
                if _attempt < attempts:
                    _retry(run_task, args, kwargs, _attempt, backoff)
                else:
                    logger.error("%s failed after %d attempts", func.__qualname__, _attempt)
                raise

        run_task = task(queue_name=queue_name, priority=priority)(run)
        return run_task

    return decorate


def _retry(run_task, args, kwargs, attempt, backoff):
    backend = run_task.get_backend()
    if not backend.supports_defer:
        # The immediate backend would retry at once, in the same request: no.
        logger.warning("%s failed; this task backend cannot retry later", run_task.name)
        return
    delayed = run_task.using(run_after=timezone.now() + backoff_delay(attempt, backoff))
    delayed.enqueue(*args, _attempt=attempt + 1, **kwargs)
    logger.warning("%s failed (attempt %d); retry enqueued", run_task.name, attempt)


def enqueue(run_task, *args, **kwargs) -> None:
    """Queue `run_task(*args, **kwargs)` with the current transaction (see module doc)."""
    backend = run_task.get_backend()
    if backend.supports_defer:
        run_task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: run_task.enqueue(*args, **kwargs))
