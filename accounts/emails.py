from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User
from incluzio_mz.lib.emails import send_templated_email


def password_reset_email_send(*, user_id: int, base_url: str, language: str) -> None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return
    with translation.override(language):
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        send_templated_email(
            template="password_reset",
            to=[user.email],
            context={"user": user, "reset_url": base_url.rstrip("/") + path},
        )
