"""Real-browser journeys: headless Chromium (Debian's package) driven by Playwright.

Run with `make test-e2e` (installs Chromium and the `e2e` extra), or
`pytest -m e2e tests/e2e` once both are there. Every test here is marked
`e2e` and is left out of `make test`.

- `live_server` (pytest-django) serves the project from a thread of this
  process, on a transactional test database: the migrations' rows (regions,
  verdict scale, groups) come back through `serialized_rollback`.
- One browser for the package; each test opens its own contexts (one per
  person: separate cookies, like separate computers) through `open_context`.
- When a test fails, every page still open is saved as a PNG, with the page's
  address and its browser errors, under test-artifacts/e2e/.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIServer

from tests.factories import PASSWORD

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
# Headless on a closed network: without the background-networking flags,
# Chromium's own update and sync calls make connections fail.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Fail fast: every page of this site answers in well under a second on loopback.
ACTION_TIMEOUT_MS = 10_000

# Journeys run on a transactional database, so the data migrations' rows are
# restored for each test rather than rolled back.
E2E_MARKS = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, for the screenshot fixture."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


# The live server speaks plain HTTP on loopback. Middleware reads some settings
# once, when the server thread builds its handler, so they are in place before
# it starts (a test's `settings` fixture would be too late), and only while
# this package runs.
SERVER_SETTINGS = {
    "SECURE_SSL_REDIRECT": False,
    "SECURE_HSTS_SECONDS": 0,
    "SESSION_COOKIE_SECURE": False,
    "CSRF_COOKIE_SECURE": False,
    # Each login would otherwise spend about a second hashing a test password.
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
}


@pytest.fixture(scope="package")
def live_server(request, django_db_setup):
    """pytest-django's live server, for this package only, with `SERVER_SETTINGS`."""
    from django.test import override_settings
    from pytest_django.live_server_helper import LiveServer

    address = (
        request.config.getvalue("liveserver")
        or os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    with override_settings(**SERVER_SETTINGS):
        server = LiveServer(address, start=False)
        if server.thread.connections_override:
            # One in-memory SQLite connection is shared with the server: its threads
            # would use it at once (select2's requests while typing) and could hang
            # each other. One request at a time, as Django's own tests on SQLite do.
            server.thread.server_class = _SingleThreadServer
        server.start()
        yield server
        server.stop()


class _SingleThreadServer(WSGIServer):
    """Django's development server, one request at a time (it answers each with
    ``Connection: close``, so that no browser keeps it waiting)."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


@pytest.fixture(scope="package")
def browser(pytestconfig):
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} not found: install Debian's Chromium "
            "(apt-get install -y chromium chromium-driver) or run `make test-e2e`.",
            pytrace=False,
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail(
            "Playwright is not installed: pip install -e '.[e2e]' or run `make test-e2e`.",
            pytrace=False,
        )
    from django.db import connections

    # Screenshots left by an earlier run would pass for this one's.
    shutil.rmtree(artifacts_dir(pytestconfig), ignore_errors=True)
    # Playwright's sync API keeps an asyncio loop running in this thread (in a
    # greenlet) until it stops, at the end of this package. Django then sees an
    # "async context": it refuses ORM calls, and its per-thread connections
    # switch to per-context storage, i.e. to new connection objects, without
    # the test database's serialized contents that `serialized_rollback`
    # restores. The tests are synchronous code (the loop only drives the
    # browser): allow the ORM, and keep the connections the thread had.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    thread_connections = {alias: connections[alias] for alias in connections}
    manager = sync_playwright().start()
    for alias, connection in thread_connections.items():
        connections[alias] = connection
    try:
        browser = manager.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
    finally:
        manager.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def open_context(browser, live_server, request):
    """Open a browser context for one person: `open_context("editor")` → a new Page.

    Pages log uncaught script errors and Content-Security-Policy refusals in
    `page.problems`. On failure every open page is screenshotted.
    """
    contexts = []

    def _open(label: str):
        context = browser.new_context(
            base_url=live_server.url,
            locale="fr-FR",
            timezone_id="Europe/Paris",
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        page = context.new_page()
        page.problems = []
        page.on("pageerror", lambda error: page.problems.append(f"script error: {error}"))
        page.on(
            "console",
            lambda message: (
                page.problems.append(f"console: {message.text}")
                if message.type == "error" and "Content Security Policy" in message.text
                else None
            ),
        )
        contexts.append((label, context))
        return page

    yield _open

    failed = any(
        getattr(request.node, f"rep_{when}", None) is not None
        and getattr(request.node, f"rep_{when}").failed
        for when in ("setup", "call")
    )
    if failed:
        save_screenshots(request, contexts)
    for _label, context in contexts:
        context.close()


def artifacts_dir(config) -> Path:
    return Path(config.rootpath) / "test-artifacts" / "e2e"


def save_screenshots(request, contexts) -> None:
    folder = artifacts_dir(request.config)
    folder.mkdir(parents=True, exist_ok=True)
    test_name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    saved = []
    for label, context in contexts:
        for number, page in enumerate(context.pages, start=1):
            stem = folder / f"{test_name}--{label}-{number}"
            try:
                page.screenshot(path=f"{stem}.png", full_page=True, timeout=5_000)
            except Exception as exc:  # a crashed page must not hide the test's failure
                saved.append(f"{stem}.png: not saved ({exc})")
                continue
            problems = "\n".join(getattr(page, "problems", [])) or "(none)"
            Path(f"{stem}.txt").write_text(
                f"url: {page.url}\nbrowser problems:\n{problems}\n", encoding="utf-8"
            )
            saved.append(f"{stem}.png")
    request.node.add_report_section("teardown", "screenshots", "\n".join(saved))


# --- helpers the journeys share --------------------------------------------------


@pytest.fixture(autouse=True)
def _second_factor_required(settings):
    """As in production: editors and administrators give a second factor."""
    settings.TWO_FACTOR_REQUIRED = True


def enrol_authenticator(user):
    """Give `user` a confirmed authenticator, as if they had scanned the QR code earlier."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def current_code(key: bytes) -> str:
    """What an authenticator app with `key` shows now (RFC 6238, 30 s, 6 digits)."""
    from django_otp.oath import totp

    return f"{totp(key):06d}"


def second_factor_code(username: str) -> str:
    """A code `username` can type now: the app's, or a backup code if the app's was just used."""
    import time as _time

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.twofactor import new_backup_codes

    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    # An app code works once: a second login in the same 30 s uses a backup code.
    if device.last_t is not None and device.last_t >= int(_time.time()) // device.step:
        return new_backup_codes(device.user)[0]
    return current_code(device.bin_key)


def log_in(page, username: str, password: str = PASSWORD) -> None:
    """Sign in to the newsroom through the admin's login form, then the second factor."""
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_load_state()
    if "/admin/deux-facteurs/" in page.url:
        page.fill("#id_token", second_factor_code(username))
        page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    assert page.locator("#user-tools").is_visible()
