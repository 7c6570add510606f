"""Two clicks at the same moment give one transition (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection, connections

from articles.models import Status
from articles.workflow import TransitionError, apply_transition
from tests.factories import story

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises all writes, so it cannot show two transactions racing; "
        "run with DATABASE_URL=postgres://… to test the row lock.",
    ),
    # Each thread needs its own committed transaction: no test-wide atomic block.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def race(article, users, name, **kwargs):
    """Run `name` on `article` from one thread per user, released together."""
    barrier = threading.Barrier(len(users))
    outcomes = []

    def click(user):
        try:
            barrier.wait(timeout=10)
            apply_transition(article=article, user=user, name=name, **kwargs)
            outcomes.append("done")
        except TransitionError as exc:
            outcomes.append(exc.problems)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.parametrize(
    "name, before, after",
    [
        ("verify", Status.SUBMITTED, Status.VERIFIED),
        ("publish", Status.VERIFIED, Status.PUBLISHED),
    ],
)
def test_simultaneous_clicks_make_one_transition(
    journalist, editor, second_editor, superuser, name, before, after
):
    """Two editors pressing the same button at once: one succeeds, the other is told why."""
    article = story(journalist, status=before)
    outcomes = race(article, [second_editor, superuser], name)

    assert len(outcomes) == 2, outcomes
    assert outcomes.count("done") == 1, outcomes
    refused = next(outcome for outcome in outcomes if outcome != "done")
    assert len(refused) == 1  # the state problem: the story already moved on
    article.refresh_from_db()
    assert article.status == after
    assert article.version == 2
    assert article.events.count() == 1
