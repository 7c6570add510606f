"""Second factor for staff: TOTP (an authenticator app) with backup codes (django-otp).

Who must use it. With ``TWO_FACTOR_REQUIRED`` on (the default whenever DEBUG
is off), superusers and editors (``TWO_FACTOR_ALL_STAFF``: every staff
member) cannot use the admin, nor preview unpublished stories, until they
have entered a code in this session; someone without a device is sent to
enrol one. Anyone who has enrolled a device is asked for it even where it is
not required: a device that can be skipped protects nothing.

Recovery is the administrators': ``reset_second_factor()`` (an admin action
on users, ``manage.py reset_second_factor``) removes a lost phone's device
and backup codes; the person enrols again at their next login.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKUP_CODES = 10
AUTHENTICATOR_NAME = "authenticator"
BACKUP_NAME = "backup"
ENROLLED = "accounts:enrolled"
# Who counts as an editor for the second factor: whoever may publish.
EDITOR_PERMISSION = "articles.publish_article"


def two_factor_required(user, session=None) -> bool:
    """Must `user` pass a second factor before using the newsroom?

    Editors are those who may publish. With `session`, whether the person has
    enrolled is read from it (noted at login, see `note_enrolment`): no query
    on each admin page beyond the permissions the admin loads anyway.
    """
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if settings.TWO_FACTOR_REQUIRED and (
        settings.TWO_FACTOR_ALL_STAFF or user.is_superuser or user.has_perm(EDITOR_PERMISSION)
    ):
        return True
    if session is None:
        return has_authenticator(user)
    if ENROLLED not in session:
        note_enrolment(session, user)
    return session[ENROLLED]


def note_enrolment(session, user) -> None:
    """Remember in `session` whether `user` has an authenticator (at login, after enrolment)."""
    session[ENROLLED] = has_authenticator(user)


def has_authenticator(user) -> bool:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).exists()


def start_authenticator(user) -> TOTPDevice:
    """The unconfirmed authenticator `user` is setting up (made once, reused on reload)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


def confirm_authenticator(device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm `device` with a code it shows; replaces any earlier authenticator.

    Returns the new backup codes (shown once), or None when the code is wrong.
    """
    if not device.verify_token(token):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return new_backup_codes(device.user)


def new_backup_codes(user) -> list[str]:
    """Replace `user`'s backup codes with `BACKUP_CODES` fresh single-use ones."""
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(
            user=user, name=BACKUP_NAME, defaults={"confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def remaining_backup_codes(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def reset_second_factor(user) -> int:
    """Remove every device and backup code of `user` (lost phone). Returns devices removed."""
    with transaction.atomic():
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        static, _ = StaticDevice.objects.filter(user=user).delete()
    return removed + static
