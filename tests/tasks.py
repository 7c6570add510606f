"""Run the task queue inside a test, as `manage.py db_worker` would (one pass)."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult, get_date_max


def run_tasks(*, now=None, limit=1000) -> int:
    """Run every queued task that is due (at `now`, default: the present) and
    every task those enqueue that is due too. Returns how many ran.

    Uses the package's own Worker.run_task, so success, failure and the recorded
    error are exactly the worker's; only the polling loop (which closes database
    connections, impossible inside a test transaction) is ours.
    """
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    ran = 0
    while ran < limit:
        moment = now or timezone.now()
        result = (
            DBTaskResult.objects.filter(status=TaskResultStatus.READY)
            .filter(Q(run_after=get_date_max()) | Q(run_after__lte=moment))
            .order_by("enqueued_at")
            .first()
        )
        if result is None:
            return ran
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
    return ran


def queued(task_name: str = "") -> list[DBTaskResult]:
    """Tasks waiting in the queue (due or later), optionally of one task function."""
    results = DBTaskResult.objects.filter(status=TaskResultStatus.READY).order_by("enqueued_at")
    return [r for r in results if not task_name or r.task_path.endswith("." + task_name)]


def later(seconds: float):
    return timezone.now() + timedelta(seconds=seconds)
