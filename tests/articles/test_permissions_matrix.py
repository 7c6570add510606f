"""Who may do what to a story in which state, through the admin's HTTP interface.

The expected outcome of every (role, state, action) comes from the table below,
written from DESIGN.md's workflow and roles, not from the code under test.
"""

from datetime import timedelta

import pytest
from django.contrib.messages import constants, get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import editing, workflow
from articles.models import Article, ArticleEvent, Author, Status
from factcheck.models import Rating
from newsroom.roles import EDITOR
from tests.admin_forms import edit_data, press
from tests.factories import add_claim, add_sources, make_article, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Outcomes: D done (the story changed), R refused with an error message on the story's
# page (the role allows it, the state does not), F forbidden (403), L sent to log in.
# "changed": a public story with a change proposed by another editor, awaiting approval.
STATES = ("draft", "submitted", "verified", "published", "scheduled", "withdrawn", "changed")
ACTIONS = (
    "submit",
    "recall",
    "return",
    "verify",
    "publish",
    "unschedule",
    "propose",
    "approve",
    "withdraw",
    "edit",
    "delete",
)

_EDITOR = {
    #              draft submitted verified published scheduled withdrawn changed
    "submit": "D R R R R R R",
    "recall": "F F F F F F F",  # only a story's own authors recall it
    "return": "R D R R R R R",
    "verify": "R D R R R R R",
    "publish": "R R D R R R R",
    "unschedule": "R R R R D R R",
    "propose": "R R R D R R R",
    "approve": "R R R R R R D",
    "withdraw": "R R R D R R D",
    "edit": "D D D D D F D",
    "delete": "D D D F F F F",
}

EXPECTED = {
    "anonymous": {action: "L L L L L L L" for action in ACTIONS},
    "journalist-author": {
        "submit": "D R R R R R R",
        "recall": "R D R R R R R",
        "return": "F F F F F F F",
        "verify": "F F F F F F F",
        "publish": "F F F F F F F",
        "unschedule": "F F F F F F F",
        "propose": "F F F F F F F",
        "approve": "F F F F F F F",
        "withdraw": "F F F F F F F",
        "edit": "D F F F F F F",
        "delete": "F F F F F F F",
    },
    "journalist-not-author": {action: "F F F F F F F" for action in ACTIONS},
    # An editor who signs the story does everything an editor does, except verify it
    # or approve a change to it; they may recall it like any author.
    "editor-author": {
        **_EDITOR,
        "recall": "R D R R R R R",
        "verify": "F F F F F F F",
        "approve": "F F F F F F F",
    },
    "editor-not-author": _EDITOR,
    "superuser": _EDITOR,
}

# Status after each transition when it is done.
TARGET = {
    "submit": Status.SUBMITTED,
    "recall": Status.DRAFT,
    "return": Status.DRAFT,
    "verify": Status.VERIFIED,
    "publish": Status.PUBLISHED,
    "unschedule": Status.VERIFIED,
    "propose": Status.PUBLISHED,
    "approve": Status.PUBLISHED,
    "withdraw": Status.WITHDRAWN,
}

# What each button sends.
FIELDS = {
    "return": {"comment": "Motif donné par la matrice."},
    "recall": {"comment": ""},
    "withdraw": {"comment": "Motif donné par la matrice."},
    "propose": {"comment": "Précision donnée par la matrice.", "change_kind": "clarification"},
    "publish": {"publish_at": ""},
}


def expected(role, state, action):
    return EXPECTED[role][action].split()[STATES.index(state)]


def test_the_table_is_complete():
    """Every role has an outcome for every action in every state."""
    for role, table in EXPECTED.items():
        assert set(table) == set(ACTIONS), role
        assert all(len(row.split()) == len(STATES) for row in table.values()), role


def acting_user(role, request):
    fixture = {
        "anonymous": None,
        "journalist-author": "journalist",
        "journalist-not-author": "other_journalist",
        "editor-author": "editor",
        "editor-not-author": "second_editor",
        "superuser": "superuser",
    }[role]
    return request.getfixturevalue(fixture) if fixture else None


def make_story(state, author):
    """A story in `state` that passes every guard, with the history an admin story has."""
    status = {"scheduled": Status.PUBLISHED, "changed": Status.PUBLISHED}.get(state, state)
    published_at = timezone.now() + timedelta(days=1) if state == "scheduled" else None
    article = make_article(author=author, status=status, published_at=published_at)
    sources = add_sources(article, "Préfecture de l'Orne", "France 3 Normandie")
    add_claim(article, Rating.objects.get(slug="faux"), sources)
    ArticleEvent.objects.create(article=article, action=ArticleEvent.Action.CREATE)
    if state == "changed":
        proposer = make_user("proposer", EDITOR)
        with editing.edit_story(article=article, user=proposer) as edit:
            edit.article.development = "Un paragraphe ajouté après publication."
            edit.article.save()
        workflow.apply_transition(
            article=article,
            user=proposer,
            name="propose",
            comment="Ajout d'un paragraphe.",
            change_kind="update",
        )
    article.refresh_from_db()
    return article


def row(article):
    return Article.objects.filter(pk=article.pk).values_list("status", "version", "title").first()


def perform(client, article, action):
    if action == "edit":
        data = edit_data(article, title="Titre changé par la matrice", status="published")
        return client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    if action == "delete":
        url = reverse("admin:articles_article_delete", args=[article.pk])
        return client.post(url, {"post": "yes"})
    return press(client, article, action, **FIELDS.get(action, {}))


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", list(EXPECTED))
def test_matrix(request, client, role, state, action):
    """Each role sees exactly the outcome the table gives, and a refusal changes nothing."""
    user = acting_user(role, request)
    if role in ("journalist-author", "editor-author"):
        author = user.author
    else:
        author = Author.objects.create(name="Agence régionale", slug="agence-regionale")
    article = make_story(state, author)
    before = row(article)
    if user is not None:
        client.force_login(user)

    response = perform(client, article, action)

    outcome = expected(role, state, action)
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    levels = [m.level for m in get_messages(response.wsgi_request)]
    if outcome == "L":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    elif outcome == "F":
        assert response.status_code == 403
    elif outcome == "R":
        assert response.status_code == 302
        assert response["Location"] == change_url
        assert constants.ERROR in levels
    if outcome != "D":
        assert row(article) == before
        return

    assert response.status_code == 302
    if action == "delete":
        assert not Article.objects.filter(pk=article.pk).exists()
        return
    status, version, title = row(article)
    assert version > before[1]
    if action == "edit":
        assert title == "Titre changé par la matrice"
        # A forged status is ignored; a verified or scheduled story that changed awaits
        # verification again (the schedule is cancelled).
        expected_status = {"verified": Status.SUBMITTED, "scheduled": Status.SUBMITTED}
        assert status == expected_status.get(state, before[0])
    else:
        assert response["Location"] == change_url
        assert constants.SUCCESS in levels
        assert (status, title) == (TARGET[action], before[2])


def test_journalist_cannot_set_the_status(client, journalist):
    """A journalist who adds a status field to their draft's form still has a draft."""
    article = make_story("draft", journalist.author)
    client.force_login(journalist)
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = edit_data(article, status="published", published_at="2020-01-01 00:00", version="99")
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    # Nothing real changed, so nothing was recorded: the version stays where it was.
    assert (article.status, article.published_at, article.version) == (Status.DRAFT, None, 1)


def test_transition_url_refuses_get(client, editor):
    """Opening a transition URL in the browser answers 405 and changes nothing."""
    article = make_story("submitted", editor.author)
    client.force_login(editor)
    url = reverse("admin:articles_article_transition", args=[article.pk, "return"])
    response = client.get(url)
    assert response.status_code == 405
    assert row(article)[0] == Status.SUBMITTED


def test_transition_without_csrf_token_is_refused(second_editor, journalist):
    """A forged cross-site POST to verify is refused with 403."""
    article = make_story("submitted", journalist.author)
    client = Client(enforce_csrf_checks=True)
    client.force_login(second_editor)
    url = reverse("admin:articles_article_transition", args=[article.pk, "verify"])
    assert client.post(url).status_code == 403
    assert row(article)[0] == Status.SUBMITTED


def test_unknown_transition_url(client, editor):
    """A transition name that does not exist is refused with a message."""
    article = make_story("draft", editor.author)
    client.force_login(editor)
    url = reverse("admin:articles_article_transition", args=[article.pk, "publier"])
    response = client.post(url)
    assert response.status_code == 302
    assert [m.level for m in get_messages(response.wsgi_request)] == [constants.ERROR]


def test_journalist_reads_every_story(client, journalist, other_journalist):
    """A journalist opens a colleague's submitted story read-only, without workflow buttons."""
    article = make_story("submitted", other_journalist.author)
    client.force_login(journalist)
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert response.context["workflow_options"] == []
    assert 'name="loaded_version"' not in response.content.decode()
    changelist = client.get(reverse("admin:articles_article_changelist"))
    assert article.title in changelist.content.decode()


def test_journalist_own_draft_is_editable(client, journalist):
    """A journalist's own draft opens as a form with the submit button."""
    article = make_story("draft", journalist.author)
    client.force_login(journalist)
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.context["has_change_permission"] is True
    assert [option.name for option in response.context["workflow_options"]] == ["submit"]


def test_withdrawn_story_is_read_only_for_everyone(client, superuser):
    """Even a superuser sees a withdrawn story read-only."""
    article = make_story("withdrawn", Author.objects.create(name="A", slug="a"))
    client.force_login(superuser)
    response = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    assert response.context["has_change_permission"] is False
    assert response.context["has_delete_permission"] is False


def test_published_stories_cannot_be_bulk_deleted(client, superuser):
    """The changelist's delete action refuses a selection that holds a published story."""
    draft = make_story("draft", Author.objects.create(name="A", slug="a"))
    live = make_story("published", Author.objects.get(slug="a"))
    client.force_login(superuser)
    response = client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "delete_selected", "_selected_action": [draft.pk, live.pk], "post": "yes"},
    )
    # Refused outright, or shown as protected by its published record: nothing deleted.
    assert response.status_code in (200, 403)
    assert Article.objects.filter(pk__in=[draft.pk, live.pk]).count() == 2


@pytest.mark.parametrize("method, suffix", [("get", "add/"), ("post", "add/")])
def test_history_cannot_be_added(client, superuser, method, suffix):
    """Nobody, not even a superuser, adds a history entry through the admin."""
    client.force_login(superuser)
    url = reverse("admin:articles_articleevent_changelist") + suffix
    assert getattr(client, method)(url, {"action": "edit"}).status_code == 403
    assert not ArticleEvent.objects.exists()


def test_history_cannot_be_changed_or_deleted(client, superuser):
    """A superuser can read a history entry but neither change nor delete it."""
    article = make_story("draft", Author.objects.create(name="A", slug="a"))
    event = article.events.get()
    client.force_login(superuser)
    change = reverse("admin:articles_articleevent_change", args=[event.pk])
    delete = reverse("admin:articles_articleevent_delete", args=[event.pk])
    page = client.get(change)
    assert page.status_code == 200 and page.context["has_change_permission"] is False
    assert client.post(change, {"action": "publish", "comment": "x"}).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    response = client.post(
        reverse("admin:articles_articleevent_changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)  # the action is not offered
    event.refresh_from_db()
    assert (event.action, event.comment) == (ArticleEvent.Action.CREATE, "")


def claim_data(claim, article, **changes):
    data = {
        "article": article.pk,
        "label": claim.label,
        "statement": claim.statement,
        "claimant": claim.claimant,
        "claimant_kind": claim.claimant_kind,
        "rating": claim.rating_id or "",
        "verdict_explanation": claim.verdict_explanation,
        "analysis": claim.analysis,
        "sources": [source.pk for source in claim.sources.all()],
        "position": "0",
        "appearances-TOTAL_FORMS": "0",
        "appearances-INITIAL_FORMS": "0",
        "loaded_version": article.version,
    }
    data.update(changes)
    return data


def test_journalist_cannot_change_a_colleagues_claim(client, journalist, other_journalist):
    """A colleague's claim opens read-only, appearances included, and a forged save is 403."""
    article = make_story("draft", other_journalist.author)
    claim = article.claims.get()
    client.force_login(journalist)
    url = reverse("admin:factcheck_claim_change", args=[claim.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert [inline.has_change_permission for inline in page.context["inline_admin_formsets"]] == [
        False
    ]
    response = client.post(url, claim_data(claim, article, label="Réécrit par un collègue"))
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.label != "Réécrit par un collègue"
    assert row(article)[1] == 1


def test_journalist_cannot_attach_a_claim_to_a_colleagues_story(
    client, journalist, other_journalist
):
    """Adding a claim offers only the journalist's own drafts and refuses another story."""
    theirs = make_story("draft", other_journalist.author)
    mine = make_story("draft", journalist.author)
    client.force_login(journalist)
    url = reverse("admin:factcheck_claim_add")
    choices = client.get(url).context["adminform"].form.fields["article"].queryset
    assert list(choices) == [mine]
    claim = theirs.claims.get()
    data = claim_data(claim, theirs, label="Ajout pirate", sources=[])
    del data["loaded_version"]
    response = client.post(url, data)
    assert response.status_code == 200
    assert "article" in response.context["adminform"].form.errors
    assert theirs.claims.count() == 1


def test_journalist_edits_a_claim_of_their_draft(client, journalist):
    """A journalist changes a claim of their own draft and the story records it."""
    article = make_story("draft", journalist.author)
    claim = article.claims.get()
    client.force_login(journalist)
    url = reverse("admin:factcheck_claim_change", args=[claim.pk])
    response = client.post(url, claim_data(claim, article, label="Le bassin fermé en août"))
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.label == "Le bassin fermé en août"
    assert row(article)[1] == 2
    assert article.events.filter(action=ArticleEvent.Action.EDIT).exists()


def test_journalist_new_story_is_a_draft_whatever_the_form_says(client, journalist, normandie):
    """A status posted with a new story is ignored: the story starts as a draft."""
    from tests.admin_forms import article_post_data

    client.force_login(journalist)
    data = article_post_data(fields={"region": normandie.pk, "status": "published"})
    assert client.post(reverse("admin:articles_article_add"), data).status_code == 302
    article = Article.objects.get(slug=data["slug"])
    assert (article.status, article.published_at) == (Status.DRAFT, None)


def test_only_editors_get_the_delete_action(client, journalist, editor):
    """The article list offers bulk delete to an editor, never to a journalist."""
    make_story("draft", journalist.author)
    for user, offered in ((journalist, False), (editor, True)):
        client.force_login(user)
        response = client.get(reverse("admin:articles_article_changelist"))
        model_admin = response.context["cl"].model_admin
        choices = model_admin.get_action_choices(response.wsgi_request)
        assert ("delete_selected" in [name for name, _label in choices]) is offered


def test_editor_deletes_a_draft_with_its_history(client, editor):
    """An editor deletes a draft; its history goes with it and the admin log keeps the deletion."""
    from django.contrib.admin.models import DELETION, LogEntry

    article = make_story("draft", editor.author)
    client.force_login(editor)
    page = client.get(reverse("admin:articles_article_delete", args=[article.pk]))
    assert page.context["perms_lacking"] == set()
    response = client.post(
        reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()
    assert not ArticleEvent.objects.filter(article_id=article.pk).exists()
    assert LogEntry.objects.filter(action_flag=DELETION, object_id=str(article.pk)).exists()
