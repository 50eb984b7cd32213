"""Writes for accounts: users, their organisation roles and their second factor (DESIGN.md convention 2)."""

import re
from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.roles import ROLE_LABELS, Role
from accounts.tasks import password_reset_email_send_task, user_invite_email_send_task
from councils.models import Body
from councils.services import body_supporter_add, body_supporter_remove
from incluzio_mz.lib.services import require_reason, stamp_history


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


# ---------------------------------------------------------------------------------------------------------------
# Account management by administrators: invite, roles, deactivate, second-factor reset. Each writes a history
# row on the user with the actor and the reason; role changes live outside the user's columns (groups), so the
# reason names the change.


def _record_on_user(user: User, *, actor: User | None, reason: str, fields: Iterable[str] = ()) -> None:
    """Save the given fields (or only updated_at) with a history row that records actor and reason."""
    stamp_history(user, actor=actor, reason=reason)
    user.save(update_fields=[*fields, "updated_at"])


def _role_label(role: Role | Body) -> str:
    if isinstance(role, Body):
        return _("Supporter of %(body)s") % {"body": role.name}
    return str(ROLE_LABELS[role])


def _has_role(user: User, role: Role | Body) -> bool:
    if isinstance(role, Body):
        # Read from the database: the body passed in may predate its supporters group.
        return Body.objects.filter(pk=role.pk, supporters_group__user=user).exists()
    return user.groups.filter(name=role.value).exists()


def _grant(*, user: User, role: Role | Body, actor: User | None, reason: str) -> None:
    """Grant one role without a history row of its own on the user (the caller writes it)."""
    if isinstance(role, Body):
        body_supporter_add(body=role, user=user, actor=actor, reason=reason)
        return
    group, _created = Group.objects.get_or_create(name=role.value)
    user.groups.add(group)
    if role == Role.ADMINISTRATOR:
        # Administrators also work in Django's admin (incluzio_mz/admin_site.py), as user_create sets it.
        user.is_staff = True
        user.is_superuser = True


def _unique_username(email: str) -> str:
    """A user name from the e-mail's local part, made unique with a number (ada, ada2, ada3, ...)."""
    base = re.sub(r"[^\w.@+-]", "", email.split("@", 1)[0].lower())[:140] or "user"
    candidate, number = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        number += 1
        candidate = f"{base}{number}"
    return candidate


@transaction.atomic
def user_invite(
    *,
    email: str,
    first_name: str,
    last_name: str,
    username: str | None = None,
    roles: Iterable[Role | Body],
    base_url: str,
    actor: User | None,
) -> User:
    """Create an account without a password and e-mail an invitation with a link to choose one.

    The link is the password-reset link (accounts:password_reset_confirm), made when the task sends the mail.
    """
    email = User.objects.normalize_email(email.strip())
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(
            {"email": _("There is already an account with this e-mail address. Look it up in the list of users.")}
        )
    username = (username or "").strip() or _unique_username(email)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This user name is already taken. Choose another one.")})
    roles = list(dict.fromkeys(roles))
    administrator = Role.ADMINISTRATOR in roles
    user = User(
        username=username,
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        is_staff=administrator,
        is_superuser=administrator,
    )
    user.set_unusable_password()
    user.full_clean()
    labels = ", ".join(_role_label(role) for role in roles)
    reason = _("Invited by e-mail as %(roles)s") % {"roles": labels} if roles else _("Invited by e-mail")
    stamp_history(user, actor=actor, reason=reason)
    user.save()
    # The groups and the body grants need the saved row; the history row above names them already.
    for role in roles:
        _grant(user=user, role=role, actor=actor, reason=reason)
    user_invite_email_send_task.delay_on_commit(  # type: ignore[attr-defined]  # see password_reset_request
        user_id=user.pk, base_url=base_url, language=get_language()
    )
    return user


@transaction.atomic
def user_invite_resend(*, user: User, base_url: str, actor: User | None) -> User:
    """Send the invitation again (its link works for one day) to an active user who has not chosen a password yet."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active or user.has_usable_password() or not user.email:
        raise ValidationError(_("%(user)s has already chosen a password or cannot be invited."), params={"user": user})
    _record_on_user(user, actor=actor, reason=_("Invitation sent again"))
    user_invite_email_send_task.delay_on_commit(  # type: ignore[attr-defined]
        user_id=user.pk, base_url=base_url, language=get_language()
    )
    return user


@transaction.atomic
def user_role_add(*, user: User, role: Role | Body, actor: User | None, reason: str) -> User:
    """Give user an organisation role (administrator, board member) or make them a supporter of a body."""
    reason = require_reason(reason)
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise ValidationError(_("%(user)s is deactivated. Reactivate the account first."), params={"user": user})
    if _has_role(user, role):
        raise ValidationError(
            _("%(user)s already has the role %(role)s."), params={"user": user, "role": _role_label(role)}
        )
    _grant(user=user, role=role, actor=actor, reason=reason)
    text = _("Role added: %(role)s. Reason: %(reason)s") % {"role": _role_label(role), "reason": reason}
    _record_on_user(user, actor=actor, reason=text, fields=["is_staff", "is_superuser"])
    return user


@transaction.atomic
def user_role_remove(*, user: User, role: Role | Body, actor: User | None, reason: str) -> User:
    """Take a role away. Removing the administrator role also ends access to Django's admin."""
    reason = require_reason(reason)
    user = User.objects.select_for_update().get(pk=user.pk)
    if role == Role.ADMINISTRATOR and actor is not None and actor.pk == user.pk:
        raise ValidationError(_("You cannot remove your own administrator role. Ask another administrator to do this."))
    if not _has_role(user, role):
        raise ValidationError(
            _("%(user)s does not have the role %(role)s."), params={"user": user, "role": _role_label(role)}
        )
    if isinstance(role, Body):
        body_supporter_remove(body=role, user=user, actor=actor, reason=reason)
    else:
        user.groups.remove(*Group.objects.filter(name=role.value))
        if role == Role.ADMINISTRATOR:
            user.is_staff = False
            user.is_superuser = False
    text = _("Role removed: %(role)s. Reason: %(reason)s") % {"role": _role_label(role), "reason": reason}
    _record_on_user(user, actor=actor, reason=text, fields=["is_staff", "is_superuser"])
    return user


@transaction.atomic
def user_deactivate(*, user: User, actor: User | None, reason: str) -> User:
    """Deactivate an account: the user can no longer log in, and a running session ends at its next request.

    Nothing is deleted, so history and authorship stay. Roles and body-supporter grants are kept on purpose:
    every gate ignores inactive users (accounts.roles.has_role, councils.permissions.supported_body_ids), and a
    reactivated account has its roles back without anyone having to remember them.
    """
    reason = require_reason(reason)
    user = User.objects.select_for_update().get(pk=user.pk)
    if actor is not None and actor.pk == user.pk:
        raise ValidationError(_("You cannot deactivate your own account. Ask another administrator to do this."))
    if not user.is_active:
        raise ValidationError(_("%(user)s is already deactivated."), params={"user": user})
    user.is_active = False
    _record_on_user(
        user, actor=actor, reason=_("Deactivated. Reason: %(reason)s") % {"reason": reason}, fields=["is_active"]
    )
    return user


@transaction.atomic
def user_reactivate(*, user: User, actor: User | None, reason: str) -> User:
    """Let a deactivated user log in again, with the roles they had."""
    reason = require_reason(reason)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        raise ValidationError(_("%(user)s is already active."), params={"user": user})
    user.is_active = True
    _record_on_user(
        user, actor=actor, reason=_("Reactivated. Reason: %(reason)s") % {"reason": reason}, fields=["is_active"]
    )
    return user


@transaction.atomic
def user_second_factor_reset(*, user: User, actor: User | None, reason: str) -> User:
    """Remove the user's authenticator apps, for a lost or new phone. They set up a new one at their next login.

    The devices are django-otp rows, not domain rows, so they are deleted; the history row on the user records
    who reset it and why.
    """
    reason = require_reason(reason)
    user = User.objects.select_for_update().get(pk=user.pk)
    devices = TOTPDevice.objects.filter(user=user)
    if not devices.exists():
        raise ValidationError(_("%(user)s has no second factor to reset."), params={"user": user})
    devices.delete()
    _record_on_user(user, actor=actor, reason=_("Second factor reset. Reason: %(reason)s") % {"reason": reason})
    return user
