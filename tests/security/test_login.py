"""Admin login: throttled after repeated failures, per account and per address; strong passwords."""

import pytest
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse

from newsroom import security
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


@pytest.fixture(autouse=True)
def _throttle(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.LOGIN_THROTTLE_ACCOUNT_ATTEMPTS = 3
    settings.LOGIN_THROTTLE_ADDRESS_ATTEMPTS = 6
    settings.LOGIN_THROTTLE_WINDOW = 600
    settings.LOGIN_THROTTLE_LOCKOUT = 900
    settings.TRUSTED_PROXIES = ["127.0.0.1"]


def attempt(client, username, password, address="198.51.100.7"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def logged_in(response):
    return response.status_code == 302 and response.url == "/admin/"


def throttled(response):
    if response.status_code != 200:
        return False
    form = response.context["form"]
    return any(error.code == "throttled" for error in form.errors.as_data().get("__all__", []))


def test_account_is_paused_after_repeated_failures(client, editor):
    """After 3 wrong passwords, even the right one is refused for a while, with a clear message."""
    for _ in range(3):
        response = attempt(client, "claire", "wrong-password")
        assert response.status_code == 200 and not throttled(response)
    response = attempt(client, "claire", PASSWORD)
    assert throttled(response)
    assert "_auth_user_id" not in client.session
    message = response.context["form"].non_field_errors()[0]
    assert "15 minutes" in message
    assert "Too many failed login attempts" in message or "Trop" in message


def test_pause_shows_on_the_login_page_not_as_an_error_page(client, editor):
    """A paused login is the login form with a message (200), not a 403 or a 500."""
    for _ in range(4):
        response = attempt(client, "claire", "wrong-password")
    assert response.status_code == 200
    assert b'name="password"' in response.content
    assert b"errornote" in response.content


def test_pause_applies_from_every_address(client, editor):
    """Changing address does not reopen a paused account."""
    for number in range(3):
        attempt(client, "claire", "wrong", address=f"203.0.113.{number}")
    assert throttled(attempt(client, "claire", PASSWORD, address="192.0.2.200"))


def test_success_resets_the_account_counter(client, editor):
    """A successful login forgets earlier failures of that account."""
    for _ in range(2):
        attempt(client, "claire", "wrong")
    assert logged_in(attempt(client, "claire", PASSWORD))
    client.logout()
    for _ in range(2):
        attempt(client, "claire", "wrong")
    assert logged_in(attempt(client, "claire", PASSWORD))


def test_address_is_paused_after_failures_on_many_accounts(client, editor, journalist):
    """Trying many usernames from one address pauses that address, not other people."""
    for number in range(6):
        attempt(client, f"guess{number}", "wrong", address="198.51.100.66")
    assert throttled(attempt(client, "lea", PASSWORD, address="198.51.100.66"))
    assert logged_in(attempt(client, "claire", PASSWORD, address="198.51.100.67"))


def test_unknown_accounts_are_paused_like_real_ones(client):
    """The pause does not reveal whether an account exists."""
    for _ in range(3):
        attempt(client, "nobody-here", "wrong")
    assert throttled(attempt(client, "nobody-here", "wrong"))


def test_username_case_does_not_bypass_the_pause(client, editor):
    """CLAIRE and claire count as one account."""
    for name in ("claire", "CLAIRE", "Claire"):
        attempt(client, name, "wrong", address="198.51.100.1")
    assert throttled(attempt(client, "claire", PASSWORD, address="198.51.100.2"))


def test_pause_ends(client, editor, monkeypatch):
    """Once the lockout has passed, the right password works again."""
    import time

    for _ in range(3):
        attempt(client, "claire", "wrong")
    assert throttled(attempt(client, "claire", PASSWORD))
    later = time.time() + 901
    monkeypatch.setattr(security.time, "time", lambda: later)
    assert logged_in(attempt(client, "claire", PASSWORD))


def test_admin_uses_the_throttled_form():
    """The admin site's login form is the throttled one."""
    from django.contrib import admin

    assert admin.site.login_form is security.ThrottledAdminAuthenticationForm


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


def test_spoofed_forwarded_header_does_not_escape_the_address_pause(client):
    """A direct client that invents a new X-Forwarded-For each time stays paused."""
    for number in range(6):
        client.post(
            LOGIN,
            {"username": f"guess{number}", "password": "x"},
            REMOTE_ADDR="198.51.100.99",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )
    response = client.post(
        LOGIN,
        {"username": "other", "password": "x"},
        REMOTE_ADDR="198.51.100.99",
        HTTP_X_FORWARDED_FOR="192.0.2.250",
    )
    assert throttled(response)


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
