from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User
from accounts.roles import requires_second_factor
from incluzio_mz.lib.emails import send_templated_email


def _password_link(user: User, base_url: str) -> str:
    """An absolute link to choose a (new) password; one day valid, spent once the password changes."""
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return base_url.rstrip("/") + path


def password_reset_email_send(*, user_id: int, base_url: str, language: str) -> None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return
    with translation.override(language):
        send_templated_email(
            template="password_reset",
            to=[user.email],
            context={"user": user, "reset_url": _password_link(user, base_url)},
        )


def user_invite_email_send(*, user_id: int, base_url: str, language: str) -> None:
    """The invitation: the user name and a link to choose a password (the password-reset link)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or user.has_usable_password():
        return  # deactivated, or the password was chosen already: the invitation is no longer needed
    with translation.override(language):
        send_templated_email(
            template="user_invite",
            to=[user.email],
            context={
                "user": user,
                "invite_url": _password_link(user, base_url),
                "login_url": base_url.rstrip("/") + reverse("accounts:login"),
                "needs_second_factor": requires_second_factor(user),
            },
        )


def lockout_email_send(*, user_id: int, address: str, language: str) -> None:
    """After failed logins the account is blocked for a while, from that address only; the owner hears of it."""
    from django.conf import settings

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return
    with translation.override(language):
        send_templated_email(
            template="lockout",
            to=[user.email],
            context={
                "user": user,
                "address": address,
                "failure_limit": settings.AXES_FAILURE_LIMIT,
                "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
            },
        )
