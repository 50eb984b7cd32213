"""Issue 15 point 9: lockout per account and address, notice by e-mail, reset-mail limits, session timeouts."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from tests.factories import TEST_PASSWORD, make_user, totp_device_for
from tests.helpers import login_verified, nl

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limits(settings) -> None:
    # The production defaults (the test settings raise them for the rest of the suite); counts start from zero.
    settings.LOGIN_ADDRESS_RATE = "30/15m"
    settings.PASSWORD_RESET_ADDRESS_RATE = "10/h"
    settings.PASSWORD_RESET_ACCOUNT_RATE = "3/h"
    cache.clear()


def _login(client: Client, username: str, password: str = TEST_PASSWORD, address: str = "10.0.0.1"):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def test_login_lockout_holds_only_against_the_failing_address(client: Client) -> None:
    board = make_user(roles=[Role.BOARD])
    for _ in range(5):
        _login(client, board.username, password="wrong", address="203.0.113.9")
    assert _login(Client(), board.username, address="203.0.113.9").status_code == 429
    # The real board member, elsewhere, still logs in: an attacker cannot lock them out.
    response = _login(Client(), board.username, address="198.51.100.7")
    assert response.status_code == 302


def test_login_lockout_tells_the_account_owner_by_email(client: Client, django_capture_on_commit_callbacks) -> None:
    member = make_user(email="mika@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            _login(client, member.username, password="wrong", address="203.0.113.9")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["mika@example.org"]
    assert message.subject == nl("Your account was blocked for a while after failed logins")
    assert "203.0.113.9" in str(message.body)


def test_login_lockout_notices_are_sent_at_most_once_an_hour_per_account(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    member = make_user(email="mika@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        for address in ("203.0.113.9", "203.0.113.10", "203.0.113.11"):
            for _ in range(5):
                _login(Client(), member.username, password="wrong", address=address)
    assert len(mail.outbox) == 1


def test_login_lockout_of_an_unknown_user_name_sends_no_email(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            _login(client, "niemand", password="wrong")
    assert mail.outbox == []


def test_login_attempts_from_one_address_are_limited_over_all_user_names(client: Client, settings) -> None:
    settings.LOGIN_ADDRESS_RATE = "3/h"
    for number in range(3):
        assert _login(client, f"gok{number}", password="wrong").status_code == 200
    response = _login(client, "gok9", password="wrong")
    assert response.status_code == 429
    assert nl("Too many login attempts from your address. Wait a while and try again.") in response.text
    # Another address is not affected.
    assert _login(Client(), make_user().username, address="198.51.100.7").status_code == 302


def test_password_reset_mails_are_limited_per_account(client: Client, django_capture_on_commit_callbacks) -> None:
    make_user(email="mika@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(6):
            response = client.post(
                reverse("accounts:password_reset"), {"email": "mika@example.org"}, REMOTE_ADDR=f"10.0.1.{number}"
            )
            # Always the same neutral page: nothing tells whether the address is known or limited.
            assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 3


def test_password_reset_mails_are_limited_per_address(client: Client, django_capture_on_commit_callbacks) -> None:
    for number in range(12):
        make_user(email=f"lid{number}@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(12):
            response = client.post(reverse("accounts:password_reset"), {"email": f"lid{number}@example.org"})
            assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 10


def test_session_of_a_board_member_ends_after_30_idle_minutes(client: Client) -> None:
    board = make_user(roles=[Role.BOARD])
    totp_device_for(board)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        login_verified(client, board)
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + timedelta(minutes=29 + 31), tick=False):
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
        assert "_auth_user_id" not in client.session
        page = client.get(response["Location"])
        assert nl("You were logged out because you were inactive for a while. Please log in again.") in page.text


def test_session_of_a_member_lasts_two_idle_hours(client: Client) -> None:
    member = make_user()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(member)
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + timedelta(minutes=90), tick=False):
        assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + timedelta(minutes=90 + 121), tick=False):
        assert client.get(reverse("home")).status_code == 302


def test_session_ends_12_hours_after_login_even_when_active(client: Client) -> None:
    member = make_user()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.force_login(member)
        assert client.get(reverse("home")).status_code == 200
    for hour in range(1, 12):
        with time_machine.travel(start + timedelta(hours=hour), tick=False):
            assert client.get(reverse("home")).status_code == 200
    with time_machine.travel(start + timedelta(hours=12, minutes=1), tick=False):
        response = client.get(reverse("home"))
        assert response.status_code == 302
        page = client.get(response["Location"])
        assert nl("You were logged out because you were logged in for too long. Please log in again.") in page.text
