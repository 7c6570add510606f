"""History: every transition and saved edit leaves an entry that nobody can change."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import ArticleEvent, Status
from articles.workflow import apply_transition
from tests.admin_forms import edit_data
from tests.factories import story

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_a_story_life_is_recorded_step_by_step(client, settings, journalist, editor, second_editor):
    """From creation to withdrawal, each step is one entry: who, when, from, to, comment."""
    settings.LANGUAGE_CODE = "en"
    started = timezone.now()
    article = story(journalist)
    client.force_login(journalist)
    url = reverse("admin:articles_article_change", args=[article.pk])
    assert client.post(url, edit_data(article, title="Le bac rouvre")).status_code == 302
    apply_transition(article=article, user=journalist, name="submit")
    apply_transition(article=article, user=editor, name="return", comment="Citer l'arrêté.")
    apply_transition(article=article, user=journalist, name="submit")
    apply_transition(article=article, user=second_editor, name="verify")
    apply_transition(
        article=article, user=editor, name="publish", publish_at=timezone.now() + timedelta(1)
    )
    apply_transition(article=article, user=editor, name="unschedule")
    apply_transition(article=article, user=editor, name="publish")
    apply_transition(article=article, user=editor, name="withdraw", comment="Erreur de date.")

    events = list(article.events.order_by("at", "id"))
    A, S = ArticleEvent.Action, Status
    assert [(e.action, e.actor, e.from_status, e.to_status, e.comment) for e in events] == [
        (A.EDIT, journalist, S.DRAFT, S.DRAFT, "Title"),
        (A.SUBMIT, journalist, S.DRAFT, S.SUBMITTED, ""),
        (A.RETURN, editor, S.SUBMITTED, S.DRAFT, "Citer l'arrêté."),
        (A.SUBMIT, journalist, S.DRAFT, S.SUBMITTED, ""),
        (A.VERIFY, second_editor, S.SUBMITTED, S.VERIFIED, ""),
        (A.SCHEDULE, editor, S.VERIFIED, S.PUBLISHED, ""),
        (A.UNSCHEDULE, editor, S.PUBLISHED, S.VERIFIED, ""),
        (A.PUBLISH, editor, S.VERIFIED, S.PUBLISHED, ""),
        (A.WITHDRAW, editor, S.PUBLISHED, S.WITHDRAWN, "Erreur de date."),
    ]
    assert all(started <= e.at <= timezone.now() for e in events)
    assert events[0].revision == article.revisions.get()


def test_refused_transition_leaves_no_entry(journalist, editor):
    """A transition refused by its guard writes nothing in the history."""
    from articles.workflow import TransitionError

    article = story(journalist, status=Status.SUBMITTED)
    with pytest.raises(TransitionError):
        apply_transition(article=article, user=editor, name="return", comment="")
    assert not article.events.exists()


def test_change_page_shows_the_timeline(client, settings, journalist, editor):
    """The story's admin page lists its history, newest first, with names and comments."""
    settings.LANGUAGE_CODE = "en"
    article = story(journalist)
    apply_transition(article=article, user=journalist, name="submit")
    apply_transition(article=article, user=editor, name="return", comment="Préciser la date.")
    client.force_login(journalist)
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    page = response.content.decode()
    timeline = page[page.index('id="history-title"') :]
    returned = timeline.index("returned to the authors")
    submitted = timeline.index("submitted for verification")
    assert returned < submitted
    assert "Claire Dubois" in timeline and "Léa Morel" in timeline
    assert "Préciser la date." in timeline
    assert "(awaiting verification → draft)" in timeline


def test_entries_cannot_be_changed(journalist):
    """Saving an existing history entry again raises, and the row keeps its comment."""
    article = story(journalist)
    apply_transition(article=article, user=journalist, name="submit")
    event = article.events.get()
    event.comment = "Réécrit"
    with pytest.raises(ValueError, match="immutable"):
        event.save()
    event.refresh_from_db()
    assert event.comment == ""


def test_entries_cannot_be_deleted(journalist):
    """Deleting a history entry raises and the entry stays."""
    article = story(journalist)
    apply_transition(article=article, user=journalist, name="submit")
    event = article.events.get()
    with pytest.raises(ValueError, match="immutable"):
        event.delete()
    assert article.events.count() == 1
