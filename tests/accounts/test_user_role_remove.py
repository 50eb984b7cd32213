"""Removing a role; an administrator cannot remove their own administrator role."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from accounts import services
from accounts.models import User
from accounts.roles import Role, is_administrator, is_board_member
from councils.permissions import supported_body_ids
from tests.accounts.helpers import english, last_history
from tests.conftest import Cast
from tests.factories import make_user


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def test_removing_the_administrator_role_clears_the_staff_flags(cast: Cast) -> None:
    other = make_user(username="other-admin", roles=[Role.ADMINISTRATOR])
    with translation.override("en"):
        services.user_role_remove(user=other, role=Role.ADMINISTRATOR, actor=cast.administrator, reason="left the job")
    other = _fresh(other)
    assert not is_administrator(other)
    assert not other.is_staff
    assert not other.is_superuser
    record = last_history(other)
    assert record.history_user == cast.administrator
    assert record.history_change_reason == "Role removed: Administrator. Reason: left the job"


def test_an_administrator_cannot_remove_their_own_administrator_role(cast: Cast) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as info:
        services.user_role_remove(
            user=cast.administrator, role=Role.ADMINISTRATOR, actor=cast.administrator, reason="oops"
        )
    assert info.value.messages == [
        "You cannot remove your own administrator role. Ask another administrator to do this."
    ]
    assert is_administrator(_fresh(cast.administrator))


def test_removing_the_board_role(cast: Cast) -> None:
    services.user_role_remove(user=cast.board, role=Role.BOARD, actor=cast.administrator, reason="term ended")
    assert not is_board_member(_fresh(cast.board))


def test_removing_a_body_uses_the_councils_service(cast: Cast) -> None:
    with translation.override("en"):
        services.user_role_remove(user=cast.supporter, role=cast.chamber, actor=cast.administrator, reason="moved")
    assert supported_body_ids(_fresh(cast.supporter)) == frozenset()
    assert cast.chamber.history.first().history_change_reason == "moved"
    assert last_history(cast.supporter).history_change_reason == (
        "Role removed: Supporter of Cast youth chamber. Reason: moved"
    )


def test_a_role_not_held_is_refused(cast: Cast) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as info:
        services.user_role_remove(user=cast.member, role=Role.BOARD, actor=cast.administrator, reason="x")
    assert info.value.messages == [f"{cast.member} does not have the role Board member."]


# The view.


def _url(pk: int) -> str:
    return reverse("accounts:user_role_remove", kwargs={"pk": pk})


def test_view_removes_the_role(cast: Cast) -> None:
    response = cast.client("administrator").post(
        _url(cast.supporter.pk), {"role": f"body-{cast.chamber.pk}", "reason": "moved"}
    )
    assert response.status_code == 302
    assert supported_body_ids(_fresh(cast.supporter)) == frozenset()


def test_view_offers_only_the_roles_held(cast: Cast) -> None:
    response = cast.client("administrator").post(_url(cast.supporter.pk), {"role": "board", "reason": "x"})
    assert response.status_code == 200
    assert 'id="id_role_remove_role"' in response.text
    assert 'aria-invalid="true"' in response.text


def test_view_re_renders_the_own_administrator_role_refusal(cast: Cast) -> None:
    admin = english(cast.client("administrator"))
    response = admin.post(_url(cast.administrator.pk), {"role": "administrators", "reason": "x"})
    assert response.status_code == 200
    assert "You cannot remove your own administrator role." in response.text


@pytest.mark.parametrize("role", ["outsider", "other_member", "member", "supporter", "board"])
def test_view_is_403_for_everyone_but_administrators(cast: Cast, role: str) -> None:
    response = cast.client(role).post(_url(cast.board.pk), {"role": "board", "reason": "x"})
    assert response.status_code == 403
    assert is_board_member(_fresh(cast.board))


def test_view_404_405_and_anonymous(cast: Cast) -> None:
    admin = cast.client("administrator")
    assert admin.post(_url(999_999), {"role": "board", "reason": "x"}).status_code == 404
    assert admin.get(_url(cast.board.pk)).status_code == 405
    assert cast.client("anonymous").post(_url(cast.board.pk), {"role": "board", "reason": "x"}).status_code == 302
