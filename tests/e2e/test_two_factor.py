"""Two-factor login in a real browser: an editor enrols an authenticator, then logs in with it."""

from __future__ import annotations

import base64
import re
import time

from newsroom.roles import EDITOR
from tests.factories import PASSWORD, make_user

from .conftest import E2E_MARKS, current_code

pytestmark = E2E_MARKS


def test_editor_enrols_then_logs_in_with_a_code(open_context):
    make_user("claire", EDITOR, first_name="Claire", last_name="Dubois")
    page = open_context("editor")

    # a. Password first: the newsroom asks for a second factor and shows a QR code.
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", "claire")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/deux-facteurs/activer/"))
    assert page.locator(".qr-code svg").is_visible()

    # b. The app is set up from the key shown beside the QR code; its code confirms it.
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.fill("#id_token", current_code(key))
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/deux-facteurs/codes-de-secours/"))
    codes = page.locator("#backup-codes li").all_inner_texts()
    assert len(codes) == 10
    page.click("a.button")
    page.wait_for_url("**/admin/")
    assert page.locator("#user-tools").is_visible()

    # c. Next time: password, then a code; a backup code works when the phone is away.
    page.click("#logout-form button")
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", "claire")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/deux-facteurs/\?"))
    page.fill("#id_token", "000000")
    page.click("input[type=submit]")
    assert page.locator(".errorlist").is_visible()
    time.sleep(1.1)  # a wrong code makes the next try wait a second
    page.fill("#id_token", codes[0])
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    assert page.locator("#user-tools").is_visible()
    assert not page.problems
