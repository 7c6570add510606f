"""Background tasks: retried with growing back-off, the last failure kept; queued with the
transaction that wanted them."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from newsroom.tasks import background, backoff_delay, enqueue
from tests.tasks import queued, run_tasks

pytestmark = pytest.mark.django_db

CALLS = []


@background(attempts=3, backoff=10)
def flaky(*, name: str, failures: int) -> str:
    CALLS.append(name)
    if CALLS.count(name) <= failures:
        raise ConnectionError(f"panne n° {CALLS.count(name)}")
    return name


@pytest.fixture(autouse=True)
def _forget_calls():
    CALLS.clear()


def test_back_off_doubles_and_is_capped(settings):
    """1st retry after the base delay, then twice as long each time, never past the cap."""
    settings.TASKS_MAX_BACKOFF = 100
    assert [backoff_delay(n, 10).total_seconds() for n in (1, 2, 3, 4, 5)] == [
        10,
        20,
        40,
        80,
        100,
    ]


def test_a_task_that_recovers_succeeds_on_a_later_attempt():
    """Two failures, then success: two failed rows with their errors, one success, spaced out."""
    enqueue(flaky, name="a", failures=2)
    assert run_tasks() == 1
    (first_retry,) = queued("flaky")
    assert first_retry.run_after >= timezone.now() + timedelta(seconds=9)
    run_tasks(now=timezone.now() + timedelta(seconds=11))
    (second_retry,) = queued("flaky")
    assert second_retry.run_after >= timezone.now() + timedelta(seconds=19)
    run_tasks(now=timezone.now() + timedelta(seconds=21))
    results = DBTaskResult.objects.order_by("enqueued_at")
    assert [r.status for r in results] == [
        TaskResultStatus.FAILED,
        TaskResultStatus.FAILED,
        TaskResultStatus.SUCCESSFUL,
    ]
    assert "panne n° 1" in results[0].traceback
    assert results[2].return_value == "a"


def test_the_last_failure_is_not_retried():
    """After `attempts` failures nothing more is queued."""
    enqueue(flaky, name="b", failures=10)
    run_tasks(now=timezone.now() + timedelta(days=1))
    assert CALLS == ["b", "b", "b"]
    assert queued() == []
    assert DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).count() == 3


def test_a_task_is_queued_only_if_its_transaction_commits():
    """A rolled-back change leaves no task behind."""
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue(flaky, name="c", failures=0)
        raise RuntimeError
    assert queued() == []


def test_the_immediate_backend_runs_after_commit_and_never_retries_in_the_request(
    settings, django_capture_on_commit_callbacks
):
    """With the immediate backend (no deferred runs), the task waits for the commit, and a
    failure is not retried on the spot."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(flaky, name="d", failures=1)
        assert CALLS == []
    assert CALLS == ["d"]
