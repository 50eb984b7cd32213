"""Deactivating and reactivating an account: never deleted, roles kept, every gate ignores the inactive user."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts import services
from accounts.models import User
from accounts.roles import is_board_member
from councils.permissions import supported_body_ids
from councils.services import body_supporters
from tests.accounts.helpers import english, last_history
from tests.conftest import Cast
from tests.factories import TEST_PASSWORD


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def test_deactivate_keeps_the_row_and_the_grants_but_ends_access(cast: Cast) -> None:
    with translation.override("en"):
        services.user_deactivate(user=cast.supporter, actor=cast.administrator, reason="left the organisation")
    supporter = _fresh(cast.supporter)
    assert not supporter.is_active
    cast.chamber.refresh_from_db()
    assert supporter.groups.filter(pk=cast.chamber.supporters_group_id).exists()  # the grant is kept ...
    assert supported_body_ids(supporter) == frozenset()  # ... and ignored by the gate
    assert supporter not in body_supporters(cast.chamber)
    record = last_history(supporter)
    assert record.history_user == cast.administrator
    assert record.history_change_reason == "Deactivated. Reason: left the organisation"
    assert record.is_active is False


def test_a_deactivated_user_cannot_log_in(cast: Cast) -> None:
    services.user_deactivate(user=cast.member, actor=cast.administrator, reason="left")
    response = Client().post(reverse("accounts:login"), {"username": cast.member.username, "password": TEST_PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in response.wsgi_request.session


def test_a_running_session_ends(cast: Cast) -> None:
    client = cast.client("member")
    services.user_deactivate(user=cast.member, actor=cast.administrator, reason="left")
    assert client.get(reverse("home")).status_code == 302


def test_an_administrator_cannot_deactivate_themselves(cast: Cast) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as info:
        services.user_deactivate(user=cast.administrator, actor=cast.administrator, reason="x")
    assert info.value.messages == ["You cannot deactivate your own account. Ask another administrator to do this."]
    assert _fresh(cast.administrator).is_active


def test_deactivating_twice_is_refused(cast: Cast) -> None:
    services.user_deactivate(user=cast.member, actor=cast.administrator, reason="left")
    with translation.override("en"), pytest.raises(ValidationError) as info:
        services.user_deactivate(user=cast.member, actor=cast.administrator, reason="left")
    assert info.value.messages == [f"{cast.member} is already deactivated."]


def test_reactivate_gives_the_roles_back(cast: Cast) -> None:
    services.user_deactivate(user=cast.board, actor=cast.administrator, reason="on leave")
    assert not is_board_member(_fresh(cast.board))
    with translation.override("en"):
        services.user_reactivate(user=cast.board, actor=cast.administrator, reason="back from leave")
    board = _fresh(cast.board)
    assert board.is_active
    assert is_board_member(board)
    assert last_history(board).history_change_reason == "Reactivated. Reason: back from leave"


def test_reactivating_an_active_user_is_refused(cast: Cast) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as info:
        services.user_reactivate(user=cast.member, actor=cast.administrator, reason="x")
    assert info.value.messages == [f"{cast.member} is already active."]


def test_a_reason_is_required(cast: Cast) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as info:
        services.user_deactivate(user=cast.member, actor=cast.administrator, reason="")
    assert info.value.messages == ["Give a reason for this change."]


# The views.


def _url(name: str, pk: int) -> str:
    return reverse(f"accounts:{name}", kwargs={"pk": pk})


def test_views_deactivate_and_reactivate(cast: Cast) -> None:
    admin = english(cast.client("administrator"))
    response = admin.post(_url("user_deactivate", cast.member.pk), {"reason": "left"}, follow=True)
    assert response.status_code == 200
    assert "The account has been deactivated." in response.text
    assert not _fresh(cast.member).is_active
    assert 'action="{}"'.format(_url("user_reactivate", cast.member.pk)) in response.text
    response = admin.post(_url("user_reactivate", cast.member.pk), {"reason": "back"}, follow=True)
    assert "The account is active again." in response.text
    assert _fresh(cast.member).is_active


def test_view_re_renders_the_own_account_refusal(cast: Cast) -> None:
    response = english(cast.client("administrator")).post(
        _url("user_deactivate", cast.administrator.pk), {"reason": "x"}
    )
    assert response.status_code == 200
    assert "You cannot deactivate your own account." in response.text
    assert 'id="id_deactivate_reason"' in response.text


def test_view_re_renders_a_missing_reason_in_dutch(cast: Cast) -> None:
    response = cast.client("administrator").post(_url("user_deactivate", cast.member.pk), {"reason": " "})
    assert response.status_code == 200
    assert "Dit veld is verplicht." in response.text
    assert _fresh(cast.member).is_active


@pytest.mark.parametrize("name", ["user_deactivate", "user_reactivate"])
@pytest.mark.parametrize("role", ["outsider", "other_member", "member", "supporter", "board"])
def test_views_are_403_for_everyone_but_administrators(cast: Cast, role: str, name: str) -> None:
    assert cast.client(role).post(_url(name, cast.outsider.pk), {"reason": "x"}).status_code == 403
    assert _fresh(cast.outsider).is_active


@pytest.mark.parametrize("name", ["user_deactivate", "user_reactivate"])
def test_views_404_405_and_anonymous(cast: Cast, name: str) -> None:
    admin = cast.client("administrator")
    assert admin.post(_url(name, 999_999), {"reason": "x"}).status_code == 404
    assert admin.get(_url(name, cast.member.pk)).status_code == 405
    assert cast.client("anonymous").post(_url(name, cast.member.pk), {"reason": "x"}).status_code == 302
