"""Password reset by e-mail, sessions ended by a password change or inactivity, login redirect."""

import re
import time

import pytest
from django.core import mail
from django.urls import reverse

from accounts.middleware import LAST_SEEN
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "falaises-d-Etretat-1911"


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://verificateur.example"


def test_login_page_offers_a_password_reset(client):
    """The admin's login page links to « Mot de passe oublié »."""
    page = client.get("/admin/login/")
    assert reverse("admin_password_reset") in page.content.decode()


def test_password_reset_by_email_ends_every_session(client, editor):
    """A reset link by e-mail sets a new password; sessions opened with the old one end."""
    elsewhere = client.__class__()
    elsewhere.force_login(editor)
    assert elsewhere.get("/admin/").status_code == 200
    response = client.post(reverse("admin_password_reset"), {"email": "claire@example.org"})
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["claire@example.org"]
    assert "Réinitialisation" in message.subject
    link = re.search(r"https://verificateur\.example(/admin/mot-de-passe/\S+/)", message.body)
    assert link, message.body
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302 and done.url == reverse("password_reset_complete")
    editor.refresh_from_db()
    assert editor.check_password(NEW_PASSWORD)
    assert elsewhere.get("/admin/").status_code == 302  # the old session is over


def test_reset_of_an_unknown_address_says_the_same_and_sends_nothing(client):
    """Asking for an unknown address answers like a known one: no account is revealed."""
    response = client.post(reverse("admin_password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302 and response.url == reverse("password_reset_done")
    assert mail.outbox == []


def test_reset_pages_are_in_french(client):
    """The reset form speaks French by default."""
    page = client.get(reverse("admin_password_reset"))
    assert page.status_code == 200
    assert "Réinitialisation du mot de passe" in page.content.decode()


def test_password_change_ends_the_other_sessions(client, editor):
    """Changing one's password in the admin keeps this session and ends the others."""
    elsewhere = client.__class__()
    elsewhere.force_login(editor)
    client.force_login(editor)
    response = client.post(
        reverse("admin:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert elsewhere.get("/admin/").status_code == 302


def test_idle_staff_session_ends(client, editor, settings):
    """A staff session unused for longer than STAFF_SESSION_IDLE_SECONDS asks for a new login."""
    settings.STAFF_SESSION_IDLE_SECONDS = 3600
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    session = client.session
    session[LAST_SEEN] = time.time() - 3601
    session.save()
    response = client.get("/admin/articles/article/")
    assert response.status_code == 302 and response.url.startswith("/admin/login/")
    assert "_auth_user_id" not in client.session


def test_active_staff_session_goes_on(client, editor, settings):
    """Working within the limit keeps the session."""
    settings.STAFF_SESSION_IDLE_SECONDS = 3600
    client.force_login(editor)
    client.get("/admin/")
    session = client.session
    session[LAST_SEEN] = time.time() - 3000
    session.save()
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("next_url", ["", "https://evil.example/", "//evil.example/"])
def test_login_never_falls_back_to_a_missing_profile_page(client, editor, next_url):
    """After logging in with no usable `next`, the newsroom opens (not /accounts/profile/)."""
    response = client.post(
        "/admin/login/", {"username": "claire", "password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302
    assert response.url == "/admin/"
