"""The editorial workflow: each transition, its guard, scheduling and withdrawal."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Article, ArticleEvent, Status
from articles.workflow import TransitionError, TransitionForbidden, apply_transition, options_for
from factcheck.models import Rating, Source
from tests.admin_forms import press, transition_data
from tests.factories import add_claim, add_sources, make_article, story

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def problems_of(name, article, user, **kwargs):
    """The guard's messages, in English, for transition `name`."""
    with translation.override("en"), pytest.raises(TransitionError) as excinfo:
        apply_transition(article=article, user=user, name=name, **kwargs)
    return excinfo.value.problems


def transition_url(article, name):
    return reverse("admin:articles_article_transition", args=[article.pk, name])


# --- happy paths through the function ------------------------------------------------


def test_submit(journalist):
    """The author's submitted story awaits verification, stamped with who and when."""
    article = story(journalist)
    apply_transition(article=article, user=journalist, name="submit")
    article.refresh_from_db()
    assert article.status == Status.SUBMITTED
    assert article.submitted_by == journalist and article.submitted_at is not None
    assert article in Article.objects.awaiting_verification()
    assert article.version == 2


def test_return(editor, journalist):
    """An editor returns a submitted story to draft with what must change."""
    article = story(journalist, status=Status.SUBMITTED)
    apply_transition(article=article, user=editor, name="return", comment="Sources ?")
    article.refresh_from_db()
    assert article.status == Status.DRAFT
    assert article.events.get().comment == "Sources ?"


def test_verify(second_editor, journalist):
    """An editor who did not write the story verifies it."""
    article = story(journalist, status=Status.SUBMITTED)
    apply_transition(article=article, user=second_editor, name="verify")
    article.refresh_from_db()
    assert article.status == Status.VERIFIED
    assert article.verified_by == second_editor and article.verified_at is not None


def test_publish_now(editor, journalist, client):
    """A verified story published without a time is public at once."""
    article = story(journalist, status=Status.VERIFIED)
    apply_transition(article=article, user=editor, name="publish")
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED and article.is_public
    assert article.published_by == editor
    assert article in Article.objects.published()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_withdraw(editor, journalist, client):
    """A withdrawn story answers 410 with its public reason and leaves published lists."""
    article = story(journalist, status=Status.PUBLISHED)
    reason = "Le témoignage principal s'est révélé inexact."
    apply_transition(article=article, user=editor, name="withdraw", comment=reason)
    article.refresh_from_db()
    assert article.status == Status.WITHDRAWN
    assert (article.withdrawal_reason, article.withdrawn_by) == (reason, editor)
    assert article not in Article.objects.published()
    assert article in Article.objects.withdrawn()
    response = client.get(article.get_absolute_url())
    assert response.status_code == 410
    assert "Le témoignage principal s&#x27;est révélé inexact." in response.content.decode()


# --- scheduling ------------------------------------------------------------------------


def test_scheduled_story_is_hidden_until_its_time(editor, journalist, client):
    """A story scheduled for tomorrow is 404 today and public tomorrow, with no job run."""
    article = story(journalist, status=Status.VERIFIED)
    when = timezone.now() + timedelta(days=1)
    apply_transition(article=article, user=editor, name="publish", publish_at=when)
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.published_at == when
    assert article.is_scheduled and not article.is_public
    assert article.events.get().action == ArticleEvent.Action.SCHEDULE
    assert article not in Article.objects.published()
    assert article in Article.objects.scheduled()
    assert client.get(article.get_absolute_url()).status_code == 404

    later = when + timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        assert article in Article.objects.published()
        assert client.get(article.get_absolute_url()).status_code == 200


def test_scheduled_story_becomes_public_when_its_time_has_passed(editor, journalist, client):
    """Once the scheduled time is in the past, the story is listed and shown."""
    article = story(journalist, status=Status.VERIFIED)
    apply_transition(
        article=article,
        user=editor,
        name="publish",
        publish_at=timezone.now() + timedelta(hours=2),
    )
    assert client.get(article.get_absolute_url()).status_code == 404
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - timedelta(hours=1))
    assert article in Article.objects.published()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_unschedule(editor, journalist):
    """Cancelling a schedule puts the story back among verified stories, without a time."""
    article = story(journalist, status=Status.VERIFIED)
    apply_transition(
        article=article, user=editor, name="publish", publish_at=timezone.now() + timedelta(days=1)
    )
    apply_transition(article=article, user=editor, name="unschedule")
    article.refresh_from_db()
    assert article.status == Status.VERIFIED
    assert article.published_at is None and article.published_by is None
    assert article not in Article.objects.scheduled()


def test_publication_time_in_the_past_is_refused(editor, journalist):
    """Scheduling for yesterday is refused rather than published with a false date."""
    article = story(journalist, status=Status.VERIFIED)
    problems = problems_of(
        "publish", article, editor, publish_at=timezone.now() - timedelta(days=1)
    )
    assert problems == ["A publication time cannot be in the past."]
    article.refresh_from_db()
    assert article.status == Status.VERIFIED


def test_public_story_cannot_be_unscheduled(editor, journalist):
    """A story already public has no schedule to cancel: it must be withdrawn."""
    article = story(journalist, status=Status.PUBLISHED)
    assert problems_of("unschedule", article, editor) == ["The story is not scheduled."]


def test_scheduled_story_cannot_be_withdrawn(editor, journalist):
    """A scheduled story is unscheduled, not withdrawn: readers never saw it."""
    article = story(journalist, status=Status.PUBLISHED, published_at=timezone.now() + timedelta(1))
    assert problems_of("withdraw", article, editor, comment="Erreur") == [
        "The story is scheduled, not public: cancel the schedule instead."
    ]


# --- guards ----------------------------------------------------------------------------


def test_submission_needs_a_region(journalist):
    """Submitting a story without a region says the region is missing."""
    article = story(journalist)
    Article.objects.filter(pk=article.pk).update(region=None)
    article.refresh_from_db()
    assert problems_of("submit", article, journalist) == ["The story needs a region."]


def test_submission_needs_a_source(journalist):
    """Submitting a story without any source says a source is needed."""
    article = make_article(author=journalist)
    assert problems_of("submit", article, journalist) == ["The story needs at least one source."]
    article.refresh_from_db()
    assert article.status == Status.DRAFT and article.version == 1
    assert not article.events.exists()


def test_submission_needs_an_author(editor):
    """An editor submitting a story without byline is told it needs an author."""
    article = make_article()
    add_sources(article, "Insee")
    assert problems_of("submit", article, editor) == ["The story needs at least one author."]


def test_submission_lists_everything_missing(journalist):
    """Every missing piece is listed at once, so the journalist fixes them in one go."""
    article = make_article(author=journalist, introduction="", verified_facts="")
    assert problems_of("submit", article, journalist) == [
        "The story needs an introduction.",
        "The story needs the verified facts.",
        "The story needs at least one source.",
    ]


def test_verification_needs_every_claim_rated(second_editor, journalist):
    """A claim without a verdict blocks verification and is named."""
    article = story(journalist, status=Status.SUBMITTED)
    sources = list(article.sources.all())
    add_claim(article, None, sources, label="Le port serait fermé")
    assert problems_of("verify", article, second_editor) == [
        "Claim “Le port serait fermé” has no verdict."
    ]


def test_verification_needs_a_primary_source(second_editor, journalist):
    """Only other outlets' coverage is not enough: a primary source is required."""
    article = make_article(author=journalist, status=Status.SUBMITTED)
    add_sources(article, "Le Monde", "Franceinfo", kind=Source.Kind.COVERAGE)
    assert problems_of("verify", article, second_editor) == [
        "The story needs at least one primary source (document, data, official statement "
        "or interview)."
    ]


def test_verification_names_the_claim_short_of_outlets(second_editor, journalist):
    """A claim backed by one outlet is named with its count and the required number."""
    article = make_article(author=journalist, status=Status.SUBMITTED)
    prefecture, ouest = add_sources(article, "Préfecture de la Manche", "Ouest-France")
    add_claim(article, Rating.objects.get(slug="faux"), [prefecture], label="Le bassin fermé")
    assert problems_of("verify", article, second_editor) == [
        "Claim “Le bassin fermé” has 1 corroborating outlet; 2 are required."
    ]


def test_required_outlets_follow_the_setting(settings, second_editor, journalist):
    """With three outlets required, two are no longer enough for the story or its claim."""
    settings.VERIFICATION_MIN_OUTLETS = 3
    article = story(journalist, status=Status.SUBMITTED)
    assert problems_of("verify", article, second_editor) == [
        "The story cites 2 outlets; 3 are required.",
        "Claim “Le bassin serait fermé tout l'été” has 2 corroborating outlets; 3 are required.",
    ]


def test_two_sources_from_one_outlet_count_once(second_editor, journalist):
    """Two articles of the same outlet corroborate a claim as one outlet."""
    article = make_article(author=journalist, status=Status.SUBMITTED)
    first = add_sources(article, "Ouest-France")[0]
    second = add_sources(article, "Ouest-France", kind=Source.Kind.COVERAGE)[0]
    add_claim(article, Rating.objects.get(slug="faux"), [first, second], label="Le bac")
    assert "Claim “Le bac” has 1 corroborating outlet; 2 are required." in problems_of(
        "verify", article, second_editor
    )


@pytest.mark.parametrize("name, status", [("return", Status.SUBMITTED), ("withdraw", "live")])
def test_comment_required(editor, journalist, name, status):
    """Returning or withdrawing without a comment is refused and changes nothing."""
    article = story(journalist, status=Status.PUBLISHED if status == "live" else status)
    expected = {
        "return": "Say what must change before returning the story.",
        "withdraw": "Give the public reason for the withdrawal.",
    }[name]
    assert problems_of(name, article, editor, comment="   ") == [expected]
    article.refresh_from_db()
    assert article.version == 1 and not article.events.exists()


def test_author_cannot_verify_own_story(editor):
    """An editor who signs the story is refused its verification: four eyes."""
    article = story(editor, status=Status.SUBMITTED)
    with translation.override("en"), pytest.raises(TransitionForbidden) as excinfo:
        apply_transition(article=article, user=editor, name="verify")
    assert "another editor must verify it" in str(excinfo.value)
    article.refresh_from_db()
    assert article.status == Status.SUBMITTED
    with translation.override("en"):
        options = {option.name: option for option in options_for(article, editor)}
    assert options["verify"].problems == [
        "You are an author of this story: another editor must verify it."
    ]


def test_wrong_state_is_refused(editor, journalist):
    """Publishing a story that was never verified is refused and says why."""
    article = story(journalist, status=Status.SUBMITTED)
    assert problems_of("publish", article, editor) == [
        "This cannot be done to a story that is awaiting verification."
    ]


def test_unknown_transition(editor, journalist):
    """An action name that does not exist is refused."""
    assert problems_of("delete", story(journalist), editor) == ["Unknown action."]


def test_blocked_option_says_why(second_editor, journalist):
    """The change page's verify button is shown blocked, with what is missing."""
    article = make_article(author=journalist, status=Status.SUBMITTED)
    add_sources(article, "Insee")
    with translation.override("en"):
        options = {option.name: option for option in options_for(article, second_editor)}
    assert set(options) == {"return", "verify"}
    assert options["return"].allowed
    assert not options["verify"].allowed
    assert "The story cites 1 outlet; 2 are required." in options["verify"].problems


# --- the same transitions through the admin --------------------------------------------


ADMIN_PATHS = [
    # (transition, state before, acting fixture, POST data, state after)
    ("submit", Status.DRAFT, "journalist", {}, Status.SUBMITTED),
    ("recall", Status.SUBMITTED, "journalist", {"comment": ""}, Status.DRAFT),
    ("return", Status.SUBMITTED, "editor", {"comment": "Manque une source."}, Status.DRAFT),
    ("verify", Status.SUBMITTED, "second_editor", {}, Status.VERIFIED),
    ("publish", Status.VERIFIED, "editor", {"publish_at": ""}, Status.PUBLISHED),
    ("withdraw", Status.PUBLISHED, "editor", {"comment": "Erreur factuelle."}, Status.WITHDRAWN),
]


@pytest.mark.parametrize("name, before, actor, data, after", ADMIN_PATHS)
def test_transition_button(request, client, settings, journalist, name, before, actor, data, after):
    """Pressing the button moves the story on and says so on its page."""
    settings.LANGUAGE_CODE = "en"
    user = request.getfixturevalue(actor)
    article = story(journalist, status=before)
    client.force_login(user)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert transition_url(article, name) in page or f'name="_transition" value="{name}"' in page

    response = press(client, article, name, **data)

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_article_change", args=[article.pk])
    article.refresh_from_db()
    assert article.status == after
    event = article.events.exclude(action=ArticleEvent.Action.EDIT).get()
    assert (event.actor, event.from_status, event.to_status) == (user, before, after)
    assert event.comment == data.get("comment", "")
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == [f"“{article.title}” is now {article.get_status_display()}."]


def test_schedule_and_unschedule_buttons(client, settings, editor, journalist):
    """An editor schedules with a local time, sees “scheduled”, then cancels it."""
    settings.LANGUAGE_CODE = "en"
    article = story(journalist, status=Status.VERIFIED)
    client.force_login(editor)
    local = timezone.localtime() + timedelta(days=2)
    response = press(client, article, "publish", publish_at=local.strftime("%Y-%m-%dT%H:%M"))
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        f"“{article.title}” is now scheduled."
    ]
    article.refresh_from_db()
    assert article.is_scheduled
    assert article.published_at == local.replace(second=0, microsecond=0)
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert 'value="unschedule"' in page
    assert 'value="withdraw"' not in page

    press(client, article, "unschedule")
    article.refresh_from_db()
    assert article.status == Status.VERIFIED


def test_guard_failure_shows_on_the_page(client, settings, journalist):
    """A refused submission comes back to the story with the guard's message."""
    settings.LANGUAGE_CODE = "en"
    article = make_article(author=journalist)
    client.force_login(journalist)
    response = press(client, article, "submit")
    response = client.get(response["Location"])
    assert response.status_code == 200
    assert "The story needs at least one source." in response.content.decode()
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_bad_publication_time_is_refused(client, editor, journalist):
    """A publication time that is not a date leaves the story verified."""
    article = story(journalist, status=Status.VERIFIED)
    client.force_login(editor)
    response = press(client, article, "publish", publish_at="demain")
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.VERIFIED


def test_button_without_permission_is_forbidden(journalist):
    """A journalist posting to the verify URL gets 403."""
    article = story(journalist, status=Status.SUBMITTED)
    client = Client()
    client.force_login(journalist)
    url = transition_url(article, "verify")
    assert client.post(url, transition_data(article, "verify")).status_code == 403
    article.refresh_from_db()
    assert article.status == Status.SUBMITTED
