"""Helpers for the account-management tests."""

from django.conf import settings
from django.test import Client

from accounts.models import User


def english(client: Client) -> Client:
    """Let the client's requests run in English, so tests can assert on the source messages."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def last_history(user: User):
    """The newest history row of user."""
    return user.history.order_by("-history_date", "-history_id").first()
