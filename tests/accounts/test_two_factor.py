"""Second factor for staff: enrolment, the code at login, backup codes, recovery."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import twofactor
from tests.factories import PASSWORD, make_article

pytestmark = pytest.mark.django_db

ADMIN = "/admin/"


@pytest.fixture(autouse=True)
def _required(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TWO_FACTOR_REQUIRED = True
    settings.TWO_FACTOR_ALL_STAFF = False
    # A wrong code makes the next try wait (tested below); most tests type fast.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def code_for(device):
    """The code the authenticator app shows now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def password_login(client, user):
    response = client.post(
        "/admin/login/", {"username": user.username, "password": PASSWORD, "next": ADMIN}
    )
    assert response.status_code == 302, response.content
    return response


def enrolled(user):
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    codes = twofactor.new_backup_codes(user)
    return device, codes


def test_editor_without_a_device_is_sent_to_enrol(client, editor):
    """An editor who gave their password is asked to set up an app before any admin page."""
    password_login(client, editor)
    response = client.get(ADMIN)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:enrol"))
    assert client.get("/admin/articles/article/").url.startswith(reverse("accounts:enrol"))


def test_enrolment_shows_a_qr_code_and_gives_backup_codes_once(client, editor):
    """Scan, type one code: the admin opens, and ten backup codes are shown once."""
    password_login(client, editor)
    page = client.get(reverse("accounts:enrol") + "?next=/admin/articles/article/")
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    assert page.context["secret"]
    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    wrong = client.post(reverse("accounts:enrol"), {"token": "000000"})
    assert wrong.status_code == 200 and wrong.context["form"].errors
    response = client.post(
        reverse("accounts:enrol"), {"token": code_for(device), "next": "/admin/articles/article/"}
    )
    assert response.status_code == 302
    codes_page = client.get(response.url)
    codes = codes_page.context["codes"]
    assert len(codes) == 10 and all(code in codes_page.content.decode() for code in codes)
    assert codes_page.context["next"] == "/admin/articles/article/"
    assert client.get(reverse("accounts:backup_codes")).context["codes"] is None  # shown once
    assert client.get(ADMIN).status_code == 200


def test_enrolled_editor_gives_a_code_at_each_login(client, editor):
    """Password, then the app's code; a wrong code keeps the admin closed."""
    device, _codes = enrolled(editor)
    password_login(client, editor)
    response = client.get(ADMIN)
    assert response.url.startswith(reverse("accounts:verify"))
    wrong = client.post(reverse("accounts:verify"), {"token": "123456", "next": ADMIN})
    assert wrong.status_code == 200 and wrong.context["form"].errors
    assert client.get(ADMIN).status_code == 302
    right = client.post(reverse("accounts:verify"), {"token": code_for(device), "next": ADMIN})
    assert right.status_code == 302 and right.url == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_backup_code_works_once(client, editor):
    """Without the phone, a backup code opens the session; the same code never works again."""
    _device, codes = enrolled(editor)
    password_login(client, editor)
    assert client.post(reverse("accounts:verify"), {"token": codes[0]}).status_code == 302
    assert client.get(ADMIN).status_code == 200
    client.logout()
    password_login(client, editor)
    again = client.post(reverse("accounts:verify"), {"token": codes[0]})
    assert again.status_code == 200 and again.context["form"].errors
    assert StaticToken.objects.filter(device__user=editor).count() == 9


def test_verify_never_redirects_off_site(client, editor):
    """A `next` pointing elsewhere ends on the admin's front page."""
    device, _codes = enrolled(editor)
    password_login(client, editor)
    response = client.post(
        reverse("accounts:verify"), {"token": code_for(device), "next": "https://evil.example/"}
    )
    assert response.url == ADMIN


def test_password_alone_cannot_replace_the_device(client, editor):
    """Someone with only the password cannot enrol their own app over the editor's."""
    device, _codes = enrolled(editor)
    password_login(client, editor)
    response = client.get(reverse("accounts:enrol"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:verify"))
    assert list(TOTPDevice.objects.filter(user=editor)) == [device]


def test_unverified_staff_cannot_preview_a_draft(client, editor):
    """Half logged in (password only), a staff member sees the public site as a reader does."""
    story = make_article(status="draft")
    password_login(client, editor)
    assert client.get(story.get_absolute_url()).status_code == 404


def test_journalists_need_it_only_when_every_staff_member_must(client, journalist, settings):
    """By default the rule covers editors and administrators; TWO_FACTOR_ALL_STAFF adds everyone."""
    password_login(client, journalist)
    assert client.get(ADMIN).status_code == 200
    settings.TWO_FACTOR_ALL_STAFF = True
    assert client.get(ADMIN).url.startswith(reverse("accounts:enrol"))


def test_superusers_need_it(client, superuser):
    """Administrators are held at the second factor too."""
    password_login(client, superuser)
    assert client.get(ADMIN).url.startswith(reverse("accounts:enrol"))


def test_off_switch_spares_people_without_a_device_only(client, editor, second_editor, settings):
    """With the requirement off (demo), whoever enrolled is still asked for their code."""
    settings.TWO_FACTOR_REQUIRED = False
    password_login(client, editor)
    assert client.get(ADMIN).status_code == 200
    client.logout()
    enrolled(second_editor)
    password_login(client, second_editor)
    assert client.get(ADMIN).url.startswith(reverse("accounts:verify"))


def test_administrator_resets_a_lost_device(client, editor, superuser):
    """The users-list action removes the app and backup codes; the editor enrols again."""
    enrolled(editor)
    superuser_device, _codes = enrolled(superuser)
    client.force_login(superuser)
    client.post(reverse("accounts:verify"), {"token": code_for(superuser_device)})
    response = client.post(
        reverse("admin:auth_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [editor.pk]},
    )
    assert response.status_code == 302
    assert not twofactor.has_authenticator(editor)
    assert not StaticToken.objects.filter(device__user=editor).exists()
    other = client.__class__()
    password_login(other, editor)
    assert other.get(ADMIN).url.startswith(reverse("accounts:enrol"))


def test_command_resets_a_lost_device(editor, capsys):
    """`manage.py reset_second_factor claire` does the same from a shell."""
    enrolled(editor)
    call_command("reset_second_factor", "claire")
    assert "2 device(s) removed" in capsys.readouterr().out
    assert not twofactor.has_authenticator(editor)


def test_new_backup_codes_replace_the_old(client, editor):
    """Making new backup codes voids the previous ones."""
    device, old = enrolled(editor)
    client.force_login(editor)
    client.post(reverse("accounts:verify"), {"token": code_for(device)})
    client.post(reverse("accounts:backup_codes"))
    fresh = client.get(reverse("accounts:backup_codes")).context["codes"]
    assert len(fresh) == 10 and not set(fresh) & set(old)


def test_security_page_is_for_administrators(client, editor, superuser, journalist):
    """Locked logins, recent failures and staff without a second factor, for superusers only."""
    client.post("/admin/login/", {"username": "claire", "password": "nope"})
    device, _codes = enrolled(superuser)
    client.force_login(superuser)
    client.post(reverse("accounts:verify"), {"token": code_for(device)})
    page = client.get(reverse("accounts:security"))
    assert page.status_code == 200
    assert [user.username for user in page.context["without_second_factor"]] == ["claire", "lea"]
    assert [failure.username for failure in page.context["failures"]] == ["claire"]
    client.force_login(editor)
    assert client.get(reverse("accounts:security")).status_code == 302  # owes a second factor
    client.force_login(journalist)
    assert client.get(reverse("accounts:security")).status_code == 403


def test_guessing_codes_is_slowed(client, editor, settings):
    """After a wrong code, even the right one is refused for a moment: no brute force."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 10
    device, _codes = enrolled(editor)
    password_login(client, editor)
    client.post(reverse("accounts:verify"), {"token": "000000"})
    refused = client.post(reverse("accounts:verify"), {"token": code_for(device)})
    assert refused.status_code == 200 and refused.context["form"].errors
    assert client.get(ADMIN).status_code == 302


def test_admin_front_page_links_to_the_security_pages(client, superuser, journalist):
    """Administrators find the security overview on the newsroom's front page; others do not."""
    device, _codes = enrolled(superuser)
    client.force_login(superuser)
    client.post(reverse("accounts:verify"), {"token": code_for(device)})
    page = client.get(ADMIN).content.decode()
    assert reverse("accounts:security") in page and reverse("accounts:backup_codes") in page
    client.force_login(journalist)
    page = client.get(ADMIN).content.decode()
    assert reverse("accounts:security") not in page and reverse("accounts:enrol") in page
