"""Content edits in the admin: conflicts, verified stories reopened, corrections, revisions."""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from articles.models import Article, ArticleEvent, Revision, Status
from factcheck.models import Rating
from tests.admin_forms import change_url, edit_data
from tests.factories import story

pytestmark = pytest.mark.django_db

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHER


def test_stale_save_is_refused_and_names_who_saved(client, settings, editor, second_editor):
    """Saving a page opened before a colleague's save shows who saved and when; theirs stays."""
    settings.LANGUAGE_CODE = "en"
    article = story(editor)
    mine = edit_data(article, title="Mon titre à moi")
    theirs = edit_data(article, title="Le titre de Marc")

    other = Client()
    other.force_login(second_editor)
    assert other.post(change_url(article), theirs).status_code == 302

    client.force_login(editor)
    response = client.post(change_url(article), mine)

    assert response.status_code == 200
    errors = str(response.context["adminform"].form.non_field_errors())
    assert "edited by Marc Lefèvre on" in errors
    article.refresh_from_db()
    assert response.context["adminform"].form["title"].value() == "Mon titre à moi"
    assert "Mon titre à moi" in response.content.decode()
    assert article.title == "Le titre de Marc"
    assert article.updated_by == second_editor


def test_stale_save_after_a_transition_names_who_took_it(client, settings, editor, second_editor):
    """A page opened before a colleague verified the story names the verifier, not the writer."""
    from articles.workflow import apply_transition

    settings.LANGUAGE_CODE = "en"
    article = story(editor, status=Status.SUBMITTED)
    client.force_login(editor)
    assert client.post(change_url(article), edit_data(article, title="Titre v2")).status_code == 302
    stale = edit_data(article, title="Titre v3")
    apply_transition(article=article, user=second_editor, name="verify")

    response = client.post(change_url(article), stale)

    errors = str(response.context["adminform"].form.non_field_errors())
    assert "verified by Marc Lefèvre on" in errors
    article.refresh_from_db()
    assert (article.status, article.title) == (Status.VERIFIED, "Titre v2")


def test_save_without_the_loaded_version_is_refused(client, editor):
    """A forged change POST without the version it was opened at saves nothing."""
    article = story(editor)
    data = edit_data(article, title="Sans version")
    del data["loaded_version"]
    client.force_login(editor)
    response = client.post(change_url(article), data)
    assert response.status_code == 200
    assert "loaded_version" in response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.title != "Sans version"


def test_editing_a_verified_story_sends_it_back(client, editor, second_editor):
    """An editor who changes a verified story sees it awaiting verification again."""
    article = story(editor, status=Status.VERIFIED, verified_by=second_editor)
    client.force_login(editor)
    response = client.post(change_url(article), edit_data(article, introduction="Nouveau chapô."))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.SUBMITTED
    assert article.verified_by is None
    reopen = article.events.get(action=ArticleEvent.Action.REOPEN)
    assert (reopen.from_status, reopen.to_status, reopen.actor) == (
        Status.VERIFIED,
        Status.SUBMITTED,
        editor,
    )


def test_saving_a_verified_story_unchanged_keeps_it_verified(client, editor, second_editor):
    """Pressing Save on a verified story without changing anything does not reopen it."""
    article = story(editor, status=Status.VERIFIED, verified_by=second_editor)
    client.force_login(editor)
    assert client.post(change_url(article), edit_data(article)).status_code == 302
    article.refresh_from_db()
    assert article.status == Status.VERIFIED
    assert not article.events.filter(action=ArticleEvent.Action.REOPEN).exists()


def test_changing_a_claim_of_a_verified_story_sends_it_back(client, editor, second_editor):
    """A verdict changed on the claim's own page reopens verification of its story."""
    article = story(editor, status=Status.VERIFIED, verified_by=second_editor)
    claim = article.claims.get()
    client.force_login(editor)
    url = reverse("admin:factcheck_claim_change", args=[claim.pk])
    data = {
        "article": article.pk,
        "label": claim.label,
        "statement": claim.statement,
        "claimant": claim.claimant,
        "claimant_kind": claim.claimant_kind,
        "rating": Rating.objects.get(slug="vrai").pk,
        "verdict_explanation": claim.verdict_explanation,
        "analysis": "",
        "sources": [s.pk for s in claim.sources.all()],
        "position": "0",
        "appearances-TOTAL_FORMS": "0",
        "appearances-INITIAL_FORMS": "0",
        "loaded_version": article.version,
    }
    assert client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.status == Status.SUBMITTED
    assert article.events.filter(action=ArticleEvent.Action.REOPEN).exists()


def test_editing_a_published_story_changes_nothing_readers_see(client, settings, editor):
    """An edit of a published story waits for approval: readers still get the published
    version, and the editor is told to propose the change with a public note."""
    settings.LANGUAGE_CODE = "en"
    article = story(editor, status=Status.PUBLISHED)
    assert article.content_updated_at is None
    versions = article.versions.count()
    client.force_login(editor)
    response = client.post(change_url(article), edit_data(article, development="Mise à jour."))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.development == "Mise à jour."
    assert article.content_updated_at is None
    assert article.versions.count() == versions
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("propose this change" in text for text in texts), texts
    client.logout()
    public = client.get(article.get_absolute_url()).content.decode()
    assert "Mise à jour." not in public


def test_every_saved_edit_keeps_a_revision(client, journalist):
    """Each save of a draft adds a revision holding the content as saved."""
    client.force_login(journalist)
    article = story(journalist)
    for title in ("Première version", "Deuxième version"):
        response = client.post(change_url(article), edit_data(article, title=title))
        assert response.status_code == 302
        article.refresh_from_db()
    revisions = list(article.revisions.order_by("version"))
    titles = [r.data["article"]["title"] for r in revisions]
    assert titles == ["Première version", "Deuxième version"]
    assert [r.version for r in revisions] == [article.version - 1, article.version]
    assert all(r.created_by == journalist for r in revisions)


def test_compare_page_shows_the_changed_field(client, settings, journalist, editor):
    """The editor's comparison of two revisions shows the changed field with both texts."""
    settings.LANGUAGE_CODE = "en"
    article = story(journalist)
    client.force_login(journalist)
    client.post(change_url(article), edit_data(article, development="Ancien paragraphe."))
    client.post(change_url(article), edit_data(article, development="Nouveau paragraphe."))
    versions = list(article.revisions.order_by("version").values_list("version", flat=True))
    assert len(versions) == 2

    client.force_login(editor)
    url = reverse("admin:articles_article_revisions", args=[article.pk])
    response = client.get(url, {"a": versions[0], "b": versions[1]})
    assert response.status_code == 200
    changes = response.context["changes"]
    assert [change["field"] for change in changes] == ["development"]
    page = response.content.decode()
    assert "Development" in page
    assert "<del>Ancien</del>" in page and "<ins>Nouveau</ins>" in page


def test_compare_page_lists_each_field_once():
    """A field that changed appears once in the comparison, not once per snapshot."""
    from articles.diff import compare_content

    old = {"title": "Avant", "introduction": "Même"}
    new = {"title": "Après", "introduction": "Même"}
    assert [change["field"] for change in compare_content(old, new)] == ["title"]


def test_compare_page_readable_by_a_journalist(client, journalist, other_journalist):
    """A journalist can read the comparison page of a colleague's story."""
    article = story(other_journalist)
    Revision.objects.create(article=article, version=1, data={"title": "a"})
    Revision.objects.create(article=article, version=2, data={"title": "b"})
    client.force_login(journalist)
    url = reverse("admin:articles_article_revisions", args=[article.pk])
    assert client.get(url).status_code == 200


def test_compare_page_refuses_unknown_versions(client, editor):
    """Asking to compare a version that does not exist answers 404."""
    article = story(editor)
    Revision.objects.create(article=article, version=1, data={"title": "a"})
    client.force_login(editor)
    url = reverse("admin:articles_article_revisions", args=[article.pk])
    assert client.get(url, {"a": "1", "b": "99"}).status_code == 404
    assert client.get(url, {"a": "x"}).status_code == 404


def test_new_story_is_signed_by_its_journalist(client, journalist, normandie):
    """A journalist's new story carries their byline, a first revision and a creation entry."""
    from tests.admin_forms import article_post_data

    client.force_login(journalist)
    response = client.post(
        reverse("admin:articles_article_add"), article_post_data(fields={"region": normandie.pk})
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="crue-orne-rocade-caen")
    assert article.byline_authors == [journalist.author]
    assert article.created_by == journalist
    assert article.revisions.count() == 1
    assert article.events.get().action == ArticleEvent.Action.CREATE
