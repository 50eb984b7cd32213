"""Logging in: password, the second factor for administrators and board members, lockout, logout."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import Role
from tests.factories import TEST_PASSWORD, make_user, totp_device_for
from tests.helpers import current_totp, login_verified, nl

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str = TEST_PASSWORD, next_url: str = ""):
    return client.post(reverse("accounts:login"), {"username": username, "password": password, "next": next_url})


def test_login_page_is_dutch_by_default(client: Client) -> None:
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert '<html lang="nl">' in response.text
    assert "Gebruikersnaam" in response.text
    assert "Wachtwoord" in response.text


def test_member_logs_in_with_password_only(client: Client) -> None:
    member = make_user()
    response = _login(client, member.username)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert member.display_name in home.text


def test_wrong_password_gives_a_dutch_message_and_keeps_the_user_name(client: Client) -> None:
    member = make_user()
    response = _login(client, member.username, password="wrong")
    assert response.status_code == 200
    assert nl("The user name or password is not correct. Check them and try again.") in response.text
    assert f'value="{member.username}"' in response.text
    assert "_auth_user_id" not in client.session


def test_board_member_must_enter_a_code_after_the_password(client: Client) -> None:
    board = make_user(roles=[Role.BOARD])
    device = totp_device_for(board)
    response = _login(client, board.username)
    assert response["Location"].startswith(reverse("accounts:otp_verify"))
    # Without the code, every portal page sends them back to the code page.
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:otp_verify"))

    wrong = client.post(reverse("accounts:otp_verify"), {"token": "000000", "next": "/"})
    assert wrong.status_code == 200
    assert client.get(reverse("home")).status_code == 302

    # django-otp throttles after a wrong code (1 s, then doubling): the right code works once that has passed.
    with time_machine.travel(timezone.now() + timedelta(seconds=3), tick=False):
        right = client.post(reverse("accounts:otp_verify"), {"token": current_totp(device), "next": "/"})
    assert right["Location"] == "/"
    assert client.get(reverse("home")).status_code == 200


def test_administrator_without_device_is_sent_to_set_up_a_second_factor(client: Client) -> None:
    admin = make_user(roles=[Role.ADMINISTRATOR])
    response = _login(client, admin.username)
    assert response["Location"].startswith(reverse("accounts:otp_setup"))
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:otp_setup"))
    page = client.get(reverse("accounts:otp_setup"))
    assert page.status_code == 200
    assert "<svg" in page.text  # the QR code, inline (no external image, allowed by the CSP)

    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    response = client.post(reverse("accounts:otp_setup"), {"token": current_totp(device), "next": "/"})
    assert response["Location"] == "/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("home")).status_code == 200


def test_set_up_page_cannot_replace_a_device_before_the_current_one_is_used(client: Client) -> None:
    """Otherwise a stolen password alone would be enough to register an attacker's authenticator."""
    board = make_user(roles=[Role.BOARD])
    totp_device_for(board)
    _login(client, board.username)
    response = client.get(reverse("accounts:otp_setup"))
    assert response["Location"].startswith(reverse("accounts:otp_verify"))
    assert not TOTPDevice.objects.filter(user=board, confirmed=False).exists()


def test_member_may_opt_in_to_a_second_factor(client: Client) -> None:
    member = make_user()
    client.force_login(member)
    client.get(reverse("accounts:otp_setup"))
    device = TOTPDevice.objects.get(user=member, confirmed=False)
    wrong = client.post(reverse("accounts:otp_setup"), {"token": "123456"})
    assert wrong.status_code == 200
    assert "utrecht-form-field--invalid" in wrong.text
    client.post(reverse("accounts:otp_setup"), {"token": current_totp(device)})
    device.refresh_from_db()
    assert device.confirmed


def test_account_is_locked_for_15_minutes_after_5_failed_logins(client: Client) -> None:
    member = make_user()
    for _ in range(4):
        assert _login(client, member.username, password="wrong").status_code == 200
    locked = _login(client, member.username, password="wrong")
    assert locked.status_code == 429
    assert "15 minuten" in locked.text
    # While locked, even the right password does not work.
    assert _login(client, member.username).status_code == 429
    assert "_auth_user_id" not in client.session


def test_account_lock_ends_after_the_cool_off(client: Client) -> None:
    member = make_user()
    with time_machine.travel("2026-11-23 10:00 +0100", tick=False):
        for _ in range(5):
            _login(client, member.username, password="wrong")
        assert _login(client, member.username).status_code == 429
    with time_machine.travel("2026-11-23 10:16 +0100", tick=False):
        assert _login(client, member.username).status_code == 302


def test_logout_is_post_only(client: Client) -> None:
    member = make_user()
    client.force_login(member)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_login_redirect_ignores_other_hosts(client: Client) -> None:
    member = make_user()
    response = _login(client, member.username, next_url="https://evil.example/")
    assert response["Location"] == reverse("home")


def test_admin_needs_the_role_and_a_verified_second_factor() -> None:
    admin = make_user(roles=[Role.ADMINISTRATOR])
    totp_device_for(admin)
    unverified = Client()
    unverified.force_login(admin)
    assert unverified.get("/admin/")["Location"].startswith(reverse("accounts:otp_verify"))
    assert login_verified(Client(), admin).get("/admin/").status_code == 200

    board = make_user(roles=[Role.BOARD])
    totp_device_for(board)
    assert login_verified(Client(), board).get("/admin/").status_code == 403
