"""Admin login: hostile usernames, the client address behind a proxy, strong passwords.

Lockout: tests/accounts/test_lockout.py."""

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse

from newsroom import security
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TRUSTED_PROXIES = ["127.0.0.1"]


def attempt(client, username, password, address="198.51.100.7"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_admin_uses_the_lockout_aware_form():
    """The admin site's login form is the one that refuses locked attempts (tests/accounts)."""
    from django.contrib import admin

    from accounts.forms import LockoutAwareAuthenticationForm

    assert admin.site.login_form is LockoutAwareAuthenticationForm


@pytest.mark.parametrize("username", ["claire\x00", "\x00", "a" * 10_000, "' OR 1=1 --"])
def test_hostile_usernames_are_a_form_error(client, editor, username):
    """A null byte, a huge or an SQL-looking username is refused on the form, never a 500."""
    response = attempt(client, username, PASSWORD)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("198.51.100.7", "", "198.51.100.7"),
        # A client that talks to gunicorn directly cannot pick its address.
        ("198.51.100.7", "203.0.113.9", "198.51.100.7"),
        # Behind the trusted proxy, the address the proxy saw (appended last).
        ("127.0.0.1", "203.0.113.9", "203.0.113.9"),
        ("127.0.0.1", "10.9.9.9, 203.0.113.9", "203.0.113.9"),
        ("127.0.0.1", "203.0.113.9, 127.0.0.1", "203.0.113.9"),
        ("127.0.0.1", "not-an-address", "127.0.0.1"),
        ("127.0.0.1", "", "127.0.0.1"),
    ],
)
def test_client_address(remote, forwarded, expected):
    """X-Forwarded-For counts only when a trusted proxy sent the request."""
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    request = RequestFactory().get("/", REMOTE_ADDR=remote, **headers)
    assert security.client_address(request) == expected


@pytest.mark.parametrize(
    "password",
    ["password123", "1234567890123", "short1!", "jeanne-dupont"],
)
def test_weak_passwords_are_refused_in_the_admin(client, superuser, password):
    """Creating an account with a common, numeric, short or name-like password is refused."""
    client.force_login(superuser)
    response = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "jeanne-dupont",
            "usable_password": "true",
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not get_user_model().objects.filter(username="jeanne-dupont").exists()


def test_strong_password_is_accepted(client, superuser):
    """A long, uncommon password creates the account."""
    client.force_login(superuser)
    strong = "marée-haute-Granville-1987"
    response = client.post(
        reverse("admin:auth_user_add"),
        {"username": "jeanne", "usable_password": "true", "password1": strong, "password2": strong},
    )
    assert response.status_code == 302
    assert get_user_model().objects.get(username="jeanne").check_password(strong)
