"""Login lockout (django-axes in the database): what an attacker can and cannot do with it."""

import shutil
import socket
import subprocess
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.cache import caches
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.forms import lockout_error
from newsroom.settings import FRAGMENTS
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
ATTACKER = "203.0.113.66"
NEWSROOM = "192.0.2.10"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_FAILURE_LIMIT = 3
    settings.LOGIN_THROTTLE_ADDRESS_ATTEMPTS = 6
    settings.LOGIN_THROTTLE_GLOBAL_ATTEMPTS = 30
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    settings.TRUSTED_PROXIES = ["127.0.0.1"]


def attempt(client, username, password, address=ATTACKER, **headers):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


def logged_in(response):
    return response.status_code == 302 and response.url == "/admin/"


def throttled(response):
    if response.status_code != 200 or response.context is None:
        return False
    form = response.context["form"]
    return any(error.code == "throttled" for error in form.errors.as_data().get("__all__", []))


def lock(client, username="claire", address=ATTACKER, times=3):
    for _ in range(times):
        attempt(client, username, "wrong-password", address)


def test_attacker_cannot_lock_the_editor_out_from_elsewhere(client, editor):
    """Guessing claire's password from one address never stops claire on hers."""
    lock(client, times=10)
    assert throttled(attempt(client, "claire", PASSWORD, ATTACKER))
    assert logged_in(attempt(client, "claire", PASSWORD, NEWSROOM))


def test_locked_pair_refuses_even_the_right_password(client, editor):
    """After 3 wrong passwords from one address, the right one from there is refused too."""
    for _ in range(2):
        response = attempt(client, "claire", "wrong-password")
        assert response.status_code == 200 and not throttled(response)
    third = attempt(client, "claire", "wrong-password")
    # The attempt that reaches the limit already says so, on the login page.
    assert third.status_code == 200
    assert escape(lockout_error().messages[0]) in third.content.decode()
    response = attempt(client, "claire", PASSWORD)
    assert throttled(response)
    assert "_auth_user_id" not in client.session
    message = response.context["form"].non_field_errors()[0]
    assert "15\u00a0minutes" in message or "15 minutes" in message


def test_lock_is_a_page_with_a_message_not_an_error(client, editor):
    """A locked login is the login form with a message (200), not a 403, a 429 or a 500."""
    lock(client, times=4)
    response = attempt(client, "claire", PASSWORD)
    assert response.status_code == 200
    assert b'name="password"' in response.content
    assert b"errornote" in response.content


def test_username_case_does_not_slip_past_the_lock(client, editor):
    """CLAIRE, Claire and claire count as one account."""
    for name in ("claire", "CLAIRE", "Claire"):
        attempt(client, name, "wrong")
    assert throttled(attempt(client, "claire", PASSWORD))


def test_unknown_accounts_lock_like_real_ones(client):
    """The lock does not reveal whether an account exists."""
    lock(client, username="nobody-here")
    assert throttled(attempt(client, "nobody-here", "wrong"))


def test_success_forgets_earlier_failures_of_that_pair(client, editor):
    """Two typos then the right password: the next typo starts from zero."""
    lock(client, times=2)
    assert logged_in(attempt(client, "claire", PASSWORD))
    client.logout()
    lock(client, times=2)
    assert logged_in(attempt(client, "claire", PASSWORD))


def test_one_address_trying_many_accounts_is_stopped(client, editor, journalist):
    """Six failures on any usernames from one address stop that address, not other people."""
    for number in range(6):
        attempt(client, f"guess{number}", "wrong", ATTACKER)
    assert throttled(attempt(client, "lea", PASSWORD, ATTACKER))
    assert logged_in(attempt(client, "claire", PASSWORD, NEWSROOM))


def test_spoofed_forwarded_header_does_not_escape_the_address_limit(client):
    """A direct client that invents a new X-Forwarded-For each time stays stopped."""
    for number in range(6):
        attempt(client, f"guess{number}", "x", HTTP_X_FORWARDED_FOR=f"192.0.2.{number}")
    response = attempt(client, "other", "x", HTTP_X_FORWARDED_FOR="192.0.2.250")
    assert throttled(response)


def test_distributed_guessing_leaves_only_known_places_open(client, editor, second_editor):
    """Past the site-wide ceiling, a pair that logged in before still may; new places wait."""
    assert logged_in(attempt(client, "claire", PASSWORD, NEWSROOM))
    client.logout()
    for number in range(30):
        attempt(client, f"guess{number}", "wrong", f"198.51.100.{number}")
    assert logged_in(attempt(client, "claire", PASSWORD, NEWSROOM))
    client.logout()
    # marc has never logged in from this address: the right password is refused for now.
    assert throttled(attempt(client, "marc", PASSWORD, "198.51.100.200"))


def test_lock_ends_after_the_cool_off(client, editor):
    """Once the lockout has passed, the right password works again from that address."""
    lock(client)
    assert throttled(attempt(client, "claire", PASSWORD))
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert logged_in(attempt(client, "claire", PASSWORD))


def test_lock_survives_every_cache_being_emptied(client, editor):
    """Locks are database rows: clearing the caches (eviction, restart) lifts nothing."""
    lock(client)
    for alias in ("default", "generation"):
        caches[alias].clear()
    assert throttled(attempt(client, "claire", PASSWORD))


def test_junk_logins_from_many_addresses_do_not_evict_a_lock(client, editor, settings):
    """240 junk logins from 16 addresses (which culled the old file cache) leave a lock."""
    settings.LOGIN_THROTTLE_ADDRESS_ATTEMPTS = 10_000
    settings.LOGIN_THROTTLE_GLOBAL_ATTEMPTS = 10_000
    lock(client)
    for number in range(240):
        attempt(client, f"junk{number}", "x", f"198.51.100.{number % 16}")
    assert throttled(attempt(client, "claire", PASSWORD))


@pytest.fixture
def lru_redis(tmp_path, settings):
    """Both caches on a Redis server of our own, allkeys-lru with a tiny maxmemory."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [
            server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--maxmemory",
            "2mb",
            "--maxmemory-policy",
            "allkeys-lru",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    previous = settings.CACHES
    redis_cache = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{port}/0",
    }
    settings.CACHES = {"default": redis_cache, "generation": redis_cache, "fragments": FRAGMENTS}
    yield
    settings.CACHES = previous
    process.terminate()
    process.wait(timeout=10)


def test_redis_under_allkeys_lru_evicts_nothing_that_locks(client, editor, lru_redis):
    """With the caches on an evicting Redis flooded past its memory, a locked pair stays locked."""
    lock(client)
    flood = caches["default"]
    for number in range(3000):  # ~6 MB into a 2 MB server: most keys are evicted
        flood.set(f"junk:{number}", "x" * 2000, timeout=None)
    assert flood.get("junk:0") is None  # eviction did happen
    assert throttled(attempt(client, "claire", PASSWORD))
    assert logged_in(attempt(client, "claire", PASSWORD, NEWSROOM))


def test_administrator_lifts_a_lock_from_the_users_list(client, editor, superuser):
    """The action "Lift login locks" on the users list lets claire in again at once."""
    lock(client)
    admin = client.__class__()
    admin.force_login(superuser)
    response = admin.post(
        reverse("admin:auth_user_changelist"),
        {"action": "unlock_logins", "_selected_action": [editor.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert not AccessAttempt.objects.filter(username="claire").exists()
    assert logged_in(attempt(client, "claire", PASSWORD))


def test_editors_cannot_lift_locks(client, editor, second_editor):
    """Lifting a lock is for administrators: an editor's POST of the action changes nothing."""
    lock(client)
    client.force_login(second_editor)
    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "unlock_logins", "_selected_action": [editor.pk]},
    )
    assert response.status_code == 403
    assert AccessAttempt.objects.filter(username="claire").exists()


def test_command_lifts_a_lock_by_username_or_address(client, editor, capsys):
    """`manage.py unlock_login claire` and `--address` lift the matching locks."""
    lock(client)
    call_command("unlock_login", "claire")
    assert "1 lock record(s) removed." in capsys.readouterr().out
    assert logged_in(attempt(client, "claire", PASSWORD))
    client.logout()
    for number in range(6):
        attempt(client, f"guess{number}", "wrong")
    call_command("unlock_login", address=ATTACKER)
    assert not AccessAttempt.objects.filter(ip_address=ATTACKER).exists()


def test_command_needs_a_username_or_an_address():
    """Without either, the command stops with a message."""
    from django.core.management import CommandError

    with pytest.raises(CommandError):
        call_command("unlock_login")


def test_failed_and_successful_logins_are_recorded_for_administrators(client, editor, superuser):
    """Each failure and each success is a row administrators read in the admin."""
    attempt(client, "claire", "wrong")
    assert logged_in(attempt(client, "claire", PASSWORD, NEWSROOM))
    assert AccessFailureLog.objects.filter(username="claire", ip_address=ATTACKER).exists()
    assert AccessLog.objects.filter(username="claire", ip_address=NEWSROOM).exists()
    client.force_login(superuser)
    failures = client.get(reverse("admin:axes_accessfailurelog_changelist"))
    successes = client.get(reverse("admin:axes_accesslog_changelist"))
    assert failures.status_code == successes.status_code == 200
    assert ATTACKER in failures.content.decode()
    assert NEWSROOM in successes.content.decode()


def test_editors_do_not_read_the_login_records(client, editor):
    """Login records name addresses: editors get a 403."""
    client.force_login(editor)
    for name in ("axes_accessfailurelog", "axes_accesslog", "axes_accessattempt"):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 403
