from celery import shared_task

from accounts import emails


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def password_reset_email_send_task(*, user_id: int, base_url: str, language: str) -> None:
    """Send the password-reset e-mail. Takes ids only; the token is made when the mail is sent."""
    emails.password_reset_email_send(user_id=user_id, base_url=base_url, language=language)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def user_invite_email_send_task(*, user_id: int, base_url: str, language: str) -> None:
    """Send the invitation e-mail with a link to choose a password (made when the mail is sent)."""
    emails.user_invite_email_send(user_id=user_id, base_url=base_url, language=language)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def lockout_email_send_task(*, user_id: int, address: str, language: str) -> None:
    """Tell the account owner that logins from an address were blocked after failed attempts."""
    emails.lockout_email_send(user_id=user_id, address=address, language=language)
