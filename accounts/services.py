"""Writes for accounts: users, their organisation roles and their second factor (DESIGN.md convention 2)."""

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.roles import Role
from accounts.tasks import password_reset_email_send_task
from incluzio_mz.lib.services import stamp_history


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    roles: list[Role] | None = None,
    actor: User | None,
) -> User:
    """Create a user with the given organisation roles. Administrators also get Django's staff flag."""
    roles = roles or []
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_staff=Role.ADMINISTRATOR in roles,
        is_superuser=Role.ADMINISTRATOR in roles,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    stamp_history(user, actor=actor, reason="user_create")
    user.save()
    for role in roles:
        group, _created = Group.objects.get_or_create(name=role.value)
        user.groups.add(group)
    return user


@transaction.atomic
def totp_device_start(*, user: User, actor: User | None) -> TOTPDevice:
    """Return the user's unconfirmed authenticator device, creating it when there is none.

    The key stays the same until the device is confirmed, so reloading the set-up page shows the same QR code.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice(user=user, name=_("Authenticator app"), confirmed=False)
        device.save()
    return device


@transaction.atomic
def totp_device_confirm(*, request: HttpRequest, device: TOTPDevice, token: str, actor: User) -> TOTPDevice:
    """Confirm a new authenticator device with a first code; the session counts as verified from then on."""
    if device.user_id != actor.pk or device.confirmed:
        raise ValidationError(_("This authenticator app cannot be confirmed."))
    if not device.verify_token(token):
        raise ValidationError(_("The code is not correct. Check the time on your phone and try again."))
    # Only one confirmed device per user: an earlier one stops working when a new one is set up.
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    return device


def password_reset_request(*, email: str, base_url: str) -> None:
    """Queue a reset e-mail for every active user with a usable password and this address.

    The page always says the same, so it does not reveal whether an address is known.
    """
    users = User.objects.filter(email__iexact=email, is_active=True)
    for user in users:
        if user.has_usable_password():
            # celery-types does not know delay_on_commit (Celery 5.4+) yet.
            password_reset_email_send_task.delay_on_commit(  # type: ignore[attr-defined]
                user_id=user.pk, base_url=base_url, language=get_language()
            )


@transaction.atomic
def totp_device_create_confirmed(*, user: User, key_hex: str, actor: User | None) -> TOTPDevice:
    """Create a confirmed device with a known key: for demo accounts only (incluzio_mz/demo.py)."""
    device = TOTPDevice(user=user, name=_("Authenticator app"), key=key_hex, confirmed=True)
    device.full_clean()
    device.save()
    return device
