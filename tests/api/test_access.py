"""API keys (created in the admin, shown once, stored hashed, revocable) and rate limits."""

import re

import pytest
from django.core.cache import cache

from api.models import ApiKey, hash_key

pytestmark = pytest.mark.django_db
LIST = "/api/v1/stories/"


def make_key(name="Appli mobile", rate_limit=600):
    key = ApiKey(name=name, rate_limit=rate_limit)
    secret = key.assign_key()
    key.save()
    return key, secret


def test_admin_shows_a_new_key_once_and_stores_its_hash(client, superuser):
    """Creating a key in the admin shows it once; the database holds only its hash."""
    client.force_login(superuser)
    response = client.post(
        "/admin/api/apikey/add/", {"name": "Partenaire Ouest", "rate_limit": 120}, follow=True
    )
    assert response.status_code == 200
    text = response.content.decode()
    shown = re.search(r"([0-9a-f]{8}\.[A-Za-z0-9_-]{20,})", text).group(1)
    key = ApiKey.objects.get(name="Partenaire Ouest")
    assert shown.startswith(key.prefix)
    assert key.hashed_secret == hash_key(shown.split(".", 1)[1])
    assert shown not in str(ApiKey.objects.values_list())
    change = client.get(f"/admin/api/apikey/{key.pk}/change/").content.decode()
    assert shown not in change
    client.logout()
    assert client.get(LIST, HTTP_AUTHORIZATION=f"Api-Key {shown}").status_code == 200


def test_revoked_or_wrong_keys_are_401(client, superuser):
    """A wrong key, a forged secret or a revoked key is refused with a problem, at once."""
    key, secret = make_key()
    assert client.get(LIST, HTTP_AUTHORIZATION=f"Api-Key {secret}").status_code == 200
    assert client.get(LIST, HTTP_X_API_KEY=secret).status_code == 200
    forged = secret[:-2] + ("aa" if not secret.endswith("aa") else "bb")
    response = client.get(LIST, HTTP_AUTHORIZATION=f"Api-Key {forged}")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == "Api-Key"
    client.force_login(superuser)
    client.post(
        "/admin/api/apikey/", {"action": "revoke", "_selected_action": [key.pk]}, follow=True
    )
    client.logout()
    key.refresh_from_db()
    assert key.is_revoked
    assert client.get(LIST, HTTP_AUTHORIZATION=f"Api-Key {secret}").status_code == 401


def test_anonymous_rate_limit_gives_429_with_retry_after(client, settings):
    """Past the public limit, a client gets 429 with Retry-After; a key has its own limit."""
    settings.API_ANONYMOUS_RATE = "3/min"
    cache.clear()
    statuses = [client.get(LIST).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get(LIST)
    assert response["Content-Type"] == "application/problem+json"
    assert int(response["Retry-After"]) > 0
    _key, secret = make_key(rate_limit=5)
    statuses = [
        client.get(LIST, HTTP_AUTHORIZATION=f"Api-Key {secret}").status_code for _ in range(6)
    ]
    assert statuses == [200] * 5 + [429]


def test_clients_are_counted_by_address(client, settings):
    """Another client address has its own count."""
    settings.API_ANONYMOUS_RATE = "1/min"
    cache.clear()
    assert client.get(LIST, REMOTE_ADDR="203.0.113.5").status_code == 200
    assert client.get(LIST, REMOTE_ADDR="203.0.113.5").status_code == 429
    assert client.get(LIST, REMOTE_ADDR="203.0.113.6").status_code == 200
