"""Autosave: what a journalist typed is kept on the server, offered back, and never
overwrites the story nor anyone else's newer save."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import autosave
from articles.models import Article, Autosave
from tests.admin_forms import article_post_data, change_url, edit_data
from tests.factories import make_user, story

pytestmark = pytest.mark.django_db

URL = reverse("admin:articles_article_autosave")
TOKEN = "c0ffee-page-token-0123456789"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def state(data, labels=None):
    """The JSON js/autosave.js posts for the form holding `data`."""
    fields = []
    for name, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            fields.append([name, str(item)])
    return json.dumps({"fields": fields, "labels": labels or {}})


def keep(client, article, **changes):
    return client.post(URL, {"article": article.pk, "form": state(edit_data(article, **changes))})


def test_typing_is_kept_without_touching_the_story(client, journalist):
    """The autosave answers with the time it kept the text; the story itself is unchanged."""
    article = story(journalist)
    before = (article.version, article.development, article.events.count())
    client.force_login(journalist)
    response = keep(client, article, development="Le bac a repris dimanche.")
    assert response.status_code == 200
    assert "conservé automatiquement" in response.json()["message"]
    article.refresh_from_db()
    assert (article.version, article.development, article.events.count()) == before
    kept = Autosave.objects.get(user=journalist, article=article)
    assert ["development", "Le bac a repris dimanche."] in kept.form["fields"]
    assert kept.loaded_version == article.version
    # Kept again: one row per person and story.
    keep(client, article, development="Le bac a repris lundi.")
    assert Autosave.objects.filter(user=journalist, article=article).count() == 1


def test_reopening_the_story_offers_to_restore_or_discard(client, journalist):
    """After a crash, the story's page offers the unsaved text back; restoring reads it."""
    article = story(journalist)
    client.force_login(journalist)
    keep(client, article, development="Texte perdu dans le plantage.")
    page = client.get(change_url(article)).content.decode()
    assert "Restaurer mon texte" in page and "L’abandonner" in page
    assert "a été enregistré depuis" not in page
    restored = client.get(URL, {"article": article.pk}).json()
    assert ["development", "Texte perdu dans le plantage."] in restored["fields"]
    assert restored["loaded_version"] == article.version


def test_discarding_forgets_the_text(client, journalist):
    """Discard removes the kept text: the page offers nothing any more."""
    article = story(journalist)
    client.force_login(journalist)
    keep(client, article, development="À jeter.")
    assert client.post(URL, {"article": article.pk, "discard": "1"}).status_code == 200
    assert not Autosave.objects.exists()
    assert "Restaurer mon texte" not in client.get(change_url(article)).content.decode()
    assert client.get(URL, {"article": article.pk}).status_code == 404


def test_saving_the_story_discards_its_autosave(client, journalist):
    """Once the story is saved, its autosave is gone."""
    article = story(journalist)
    client.force_login(journalist)
    keep(client, article, development="Bientôt enregistré.")
    response = client.post(change_url(article), edit_data(article, development="Enregistré."))
    assert response.status_code == 302
    assert not Autosave.objects.exists()


def test_restoring_after_someone_elses_save_is_refused_as_a_conflict(client, journalist, editor):
    """The restored text carries the version it was typed on: the save meets the conflict
    message, and the editor's newer save stays."""
    article = story(journalist)
    client.force_login(journalist)
    keep(client, article, development="Version de Léa.")
    stale = dict(edit_data(article, development="Version de Léa."))
    editor_client = Client()
    editor_client.force_login(editor)
    assert editor_client.post(
        change_url(article), edit_data(article, development="Version de Claire.")
    )
    article.refresh_from_db()
    assert article.development == "Version de Claire."
    page = client.get(change_url(article)).content.decode()
    assert "a été enregistré depuis" in page  # the offer warns before restoring
    restored = dict(client.get(URL, {"article": article.pk}).json()["fields"])
    assert restored["loaded_version"] == stale["loaded_version"]
    response = client.post(change_url(article), {**stale, **restored})
    assert response.status_code == 200
    assert "Cet article a changé depuis que vous l" in response.content.decode()
    article.refresh_from_db()
    assert article.development == "Version de Claire."
    assert Autosave.objects.filter(user=journalist, article=article).exists()


def test_only_who_may_edit_the_story_keeps_an_autosave(client, journalist, other_journalist):
    """A colleague's story, or one's own once submitted, cannot be autosaved: 403."""
    theirs = story(other_journalist)
    submitted = story(journalist, status="submitted")
    client.force_login(journalist)
    assert keep(client, theirs).status_code == 403
    assert keep(client, submitted).status_code == 403
    assert client.get(URL, {"article": theirs.pk}).status_code == 403
    assert not Autosave.objects.exists()


def test_nobody_reads_anothers_autosave(client, journalist, editor):
    """An editor who may edit the story still gets only their own autosave, never Léa's."""
    article = story(journalist)
    client.force_login(journalist)
    keep(client, article, development="Brouillon de Léa.")
    client.force_login(editor)
    assert client.get(URL, {"article": article.pk}).status_code == 404
    assert "Restaurer mon texte" not in client.get(change_url(article)).content.decode()


def test_visitors_and_readers_are_sent_to_log_in(client, journalist):
    """Without an admin session, the endpoint answers with the login page, GET or POST."""
    article = story(journalist)
    for who in (None, make_user("lecteur")):
        if who:
            client.force_login(who)
        for response in (client.post(URL, {"article": article.pk}), client.get(URL)):
            assert response.status_code == 302
            assert response["Location"].startswith("/admin/login/")
    assert not Autosave.objects.exists()


def test_the_endpoint_needs_the_csrf_token(journalist):
    """A POST without the page's CSRF token is refused and keeps nothing."""
    article = story(journalist)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(journalist)
    response = browser.post(URL, {"article": article.pk, "form": state({"title": "x"})})
    assert response.status_code == 403
    browser.get(change_url(article))
    token = browser.cookies["csrftoken"].value
    response = browser.post(
        URL, {"article": article.pk, "form": state({"title": "x"})}, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "form, status",
    [
        ("x" * (autosave.MAX_BYTES + 1), 413),
        (json.dumps({"fields": [["development", "é" * (autosave.MAX_BYTES // 2 + 1)]]}), 413),
        ("{not json", 400),
        (json.dumps({"fields": [["title", 3]]}), 400),
        (json.dumps({"fields": "title"}), 400),
        (json.dumps({"fields": [], "labels": {"region": "Normandie"}}), 400),
        (json.dumps([1, 2]), 400),
    ],
)
def test_oversized_or_malformed_states_are_refused(client, journalist, form, status):
    """Too large (413) or not a form's state (400): a message, nothing kept, never a 500."""
    article = story(journalist)
    client.force_login(journalist)
    response = client.post(URL, {"article": article.pk, "form": form})
    assert response.status_code == status
    assert response.json()["error"]
    assert not Autosave.objects.exists()


@pytest.mark.parametrize("query", [{}, {"article": "abc"}, {"article": "999999"}, {"token": "x"}])
def test_unknown_targets_are_not_found(client, journalist, query):
    """No story, an unknown one, or a malformed page token: 404, not an error page."""
    client.force_login(journalist)
    assert client.get(URL, query).status_code == 404
    assert client.post(URL, {**query, "form": state({})}).status_code == 404


def test_a_new_story_is_kept_by_its_page_token_until_saved(client, journalist):
    """On the add page, typing is kept under the page's token, offered on the next add page,
    and gone once the story is saved."""
    client.force_login(journalist)
    data = article_post_data(fields={"title": "Le bac de Granville", "slug": "bac-granville"})
    response = client.post(URL, {"token": TOKEN, "form": state(data)})
    assert response.status_code == 200
    add_page = client.get(reverse("admin:articles_article_add")).content.decode()
    assert "Restaurer mon texte" in add_page and f'data-token="{TOKEN}"' in add_page
    assert 'name="_autosave_token"' in add_page
    restored = dict(client.get(URL, {"token": TOKEN}).json()["fields"])
    assert restored["title"] == "Le bac de Granville"
    response = client.post(
        reverse("admin:articles_article_add"), {**data, "_autosave_token": TOKEN}
    )
    assert response.status_code == 302
    assert Article.objects.filter(slug="bac-granville").exists()
    assert not Autosave.objects.exists()


def test_a_refused_new_story_keeps_its_page_token(client, journalist):
    """A new story refused by validation is shown again with the same token (same autosave)."""
    client.force_login(journalist)
    data = article_post_data(fields={"title": "", "_autosave_token": TOKEN})
    page = client.post(reverse("admin:articles_article_add"), data).content.decode()
    assert f'name="_autosave_token" value="{TOKEN}"' in page


def test_new_pages_left_unsaved_are_bounded(client, journalist):
    """Only the most recent new-story pages are kept for a person."""
    client.force_login(journalist)
    for index in range(autosave.MAX_NEW_PAGES + 3):
        client.post(URL, {"token": f"{TOKEN}-{index}", "form": state({"title": str(index)})})
    assert Autosave.objects.filter(user=journalist).count() == autosave.MAX_NEW_PAGES


def test_autosaves_expire(client, journalist, time_machine):
    """After KEEP_DAYS nothing is offered, and the next autosave purges what expired."""
    article = story(journalist)
    client.force_login(journalist)
    keep(client, article, development="Oublié.")
    time_machine.move_to(timezone.now() + timedelta(days=autosave.KEEP_DAYS, hours=1))
    client.force_login(journalist)  # an idle session would have expired too
    page = client.get(change_url(article))
    assert page.status_code == 200 and "Restaurer mon texte" not in page.content.decode()
    assert client.get(URL, {"article": article.pk}).status_code == 404
    client.post(URL, {"token": TOKEN, "form": state({"title": "Autre"})})
    assert list(Autosave.objects.values_list("token", flat=True)) == [TOKEN]


def test_the_story_page_carries_the_autosave_without_inline_script(client, journalist):
    """The page loads the autosave script as a file and says where the status appears."""
    article = story(journalist)
    client.force_login(journalist)
    page = client.get(change_url(article)).content.decode()
    assert "js/autosave.js" in page and 'class="autosave-status" role="status"' in page
    assert f'data-article="{article.pk}"' in page


def test_the_purge_command_deletes_only_expired_autosaves(client, journalist, time_machine):
    """`manage.py purge_autosaves` deletes what is older than KEEP_DAYS, nothing newer."""
    from io import StringIO

    from django.core.management import call_command

    article = story(journalist)
    client.force_login(journalist)
    keep(client, article, development="Ancien.")
    time_machine.move_to(timezone.now() + timedelta(days=autosave.KEEP_DAYS - 1))
    client.force_login(journalist)
    client.post(URL, {"token": TOKEN, "form": state({"title": "Récent"})})
    time_machine.move_to(timezone.now() + timedelta(days=1, hours=1))
    out = StringIO()
    call_command("purge_autosaves", stdout=out)
    assert "1 autosave(s) deleted." in out.getvalue()
    assert list(Autosave.objects.values_list("token", flat=True)) == [TOKEN]
