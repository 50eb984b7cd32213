"""Receivers: the account owner hears of a lockout; the session remembers when the user logged in."""

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language

from accounts.models import User
from accounts.tasks import lockout_email_send_task

LOGGED_IN_AT_SESSION_KEY = "accounts_logged_in_at"
LAST_SEEN_SESSION_KEY = "accounts_last_seen"
LOCKOUT_NOTICE_INTERVAL_SECONDS = 60 * 60


@receiver(user_locked_out, dispatch_uid="accounts_lockout_notice")
def lockout_notice(
    sender: Any, request: HttpRequest, username: str | None, ip_address: str | None, **kwargs: Any
) -> None:
    """Tell the owner of the account (if the user name exists and has an e-mail address); nothing for unknown names."""
    if not username:
        return
    user = User.objects.filter(username=username, is_active=True).exclude(email="").first()
    if user is None:
        return
    # At most one notice an hour per account, however many addresses an attacker uses (counted in the shared cache).
    if not cache.add(f"accounts:lockout-notice:{user.pk}", 1, timeout=LOCKOUT_NOTICE_INTERVAL_SECONDS):
        return
    # celery-types does not know delay_on_commit (Celery 5.4+) yet.
    lockout_email_send_task.delay_on_commit(  # type: ignore[attr-defined]
        user_id=user.pk, address=ip_address or "", language=get_language()
    )


@receiver(user_logged_in, dispatch_uid="accounts_session_start")
def session_start(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = timezone.now().timestamp()
        request.session[LOGGED_IN_AT_SESSION_KEY] = now
        request.session[LAST_SEEN_SESSION_KEY] = now
