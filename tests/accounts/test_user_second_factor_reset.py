"""Resetting a user's second factor: their authenticator devices go, they set up a new one at the next login."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import services
from tests.accounts.helpers import english, last_history
from tests.conftest import Cast
from tests.factories import TEST_PASSWORD


def test_reset_removes_the_devices_and_records_who_and_why(cast: Cast) -> None:
    TOTPDevice.objects.create(user=cast.board, name="unconfirmed", confirmed=False)
    with translation.override("en"):
        services.user_second_factor_reset(user=cast.board, actor=cast.administrator, reason="lost phone")
    assert not TOTPDevice.objects.filter(user=cast.board).exists()
    assert TOTPDevice.objects.filter(user=cast.administrator).exists()
    record = last_history(cast.board)
    assert record.history_user == cast.administrator
    assert record.history_change_reason == "Second factor reset. Reason: lost phone"


def test_after_a_reset_the_next_login_sets_up_a_new_authenticator(cast: Cast) -> None:
    services.user_second_factor_reset(user=cast.board, actor=cast.administrator, reason="new phone")
    response = Client().post(reverse("accounts:login"), {"username": cast.board.username, "password": TEST_PASSWORD})
    assert response["Location"].startswith(reverse("accounts:otp_setup"))


def test_a_user_without_a_second_factor_is_refused(cast: Cast) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as info:
        services.user_second_factor_reset(user=cast.member, actor=cast.administrator, reason="x")
    assert info.value.messages == [f"{cast.member} has no second factor to reset."]


def test_a_reason_is_required(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        services.user_second_factor_reset(user=cast.board, actor=cast.administrator, reason=" ")
    assert TOTPDevice.objects.filter(user=cast.board).exists()


# The view.


def _url(pk: int) -> str:
    return reverse("accounts:user_second_factor_reset", kwargs={"pk": pk})


def test_view_resets_and_says_so(cast: Cast) -> None:
    response = english(cast.client("administrator")).post(_url(cast.board.pk), {"reason": "lost phone"}, follow=True)
    assert response.status_code == 200
    assert "The second factor has been reset." in response.text
    assert not TOTPDevice.objects.filter(user=cast.board).exists()


def test_view_re_renders_a_refusal(cast: Cast) -> None:
    response = english(cast.client("administrator")).post(_url(cast.member.pk), {"reason": "x"})
    assert response.status_code == 200
    assert "has no second factor to reset." in response.text


@pytest.mark.parametrize("role", ["outsider", "other_member", "member", "supporter", "board"])
def test_view_is_403_for_everyone_but_administrators(cast: Cast, role: str) -> None:
    assert cast.client(role).post(_url(cast.administrator.pk), {"reason": "x"}).status_code == 403
    assert TOTPDevice.objects.filter(user=cast.administrator).exists()


def test_view_404_405_and_anonymous(cast: Cast) -> None:
    admin = cast.client("administrator")
    assert admin.post(_url(999_999), {"reason": "x"}).status_code == 404
    assert admin.get(_url(cast.board.pk)).status_code == 405
    assert cast.client("anonymous").post(_url(cast.board.pk), {"reason": "x"}).status_code == 302
