"""Adding a role: administrator (with Django's staff flags), board member, or supporter of a body; with history."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from accounts import services
from accounts.models import User
from accounts.roles import Role, is_administrator, is_board_member
from councils.permissions import supported_body_ids
from councils.services import body_supporters
from tests.accounts.helpers import english, last_history
from tests.conftest import Cast


def _fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)  # no per-object role caches


def test_administrator_role_sets_the_staff_flags_and_history(cast: Cast) -> None:
    with translation.override("en"):
        services.user_role_add(user=cast.member, role=Role.ADMINISTRATOR, actor=cast.administrator, reason=" new job ")
    member = _fresh(cast.member)
    assert is_administrator(member)
    assert member.is_staff
    assert member.is_superuser
    record = last_history(member)
    assert record.history_user == cast.administrator
    assert record.history_change_reason == "Role added: Administrator. Reason: new job"
    assert record.is_staff is True


def test_board_role(cast: Cast) -> None:
    services.user_role_add(user=cast.member, role=Role.BOARD, actor=cast.administrator, reason="appointed")
    member = _fresh(cast.member)
    assert is_board_member(member)
    assert not member.is_staff


def test_supporter_of_a_body_uses_the_councils_service(cast: Cast) -> None:
    with translation.override("en"):
        services.user_role_add(user=cast.member, role=cast.council, actor=cast.administrator, reason="helps out")
    assert supported_body_ids(_fresh(cast.member)) == {cast.council.pk}
    cast.council.refresh_from_db()  # the service gave it its supporters group
    assert cast.member in body_supporters(cast.council)
    body_record = cast.council.history.first()
    assert body_record.history_user == cast.administrator
    assert body_record.history_change_reason == "helps out"
    assert last_history(cast.member).history_change_reason == (
        "Role added: Supporter of Cast council. Reason: helps out"
    )


def test_a_role_held_already_is_refused(cast: Cast) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as info:
        services.user_role_add(user=cast.board, role=Role.BOARD, actor=cast.administrator, reason="again")
    assert info.value.messages == [f"{cast.board} already has the role Board member."]


def test_a_body_supported_already_is_refused(cast: Cast) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as info:
        services.user_role_add(user=cast.supporter, role=cast.chamber, actor=cast.administrator, reason="again")
    assert info.value.messages == [f"{cast.supporter} already has the role Supporter of Cast youth chamber."]


def test_a_reason_is_required(cast: Cast) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as info:
        services.user_role_add(user=cast.member, role=Role.BOARD, actor=cast.administrator, reason="  ")
    assert info.value.messages == ["Give a reason for this change."]
    assert not is_board_member(_fresh(cast.member))


def test_a_deactivated_user_gets_no_role(cast: Cast) -> None:
    services.user_deactivate(user=cast.member, actor=cast.administrator, reason="left")
    with translation.override("en"), pytest.raises(ValidationError) as info:
        services.user_role_add(user=cast.member, role=Role.BOARD, actor=cast.administrator, reason="x")
    assert "is deactivated. Reactivate the account first." in info.value.messages[0]


# The view.


def _url(pk: int) -> str:
    return reverse("accounts:user_role_add", kwargs={"pk": pk})


def test_view_adds_the_role_and_redirects(cast: Cast) -> None:
    admin = english(cast.client("administrator"))
    response = admin.post(_url(cast.member.pk), {"role": "board", "reason": "appointed"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:user_detail", kwargs={"pk": cast.member.pk})
    assert is_board_member(_fresh(cast.member))
    page = admin.get(response["Location"])
    assert "The role has been added." in page.text
    assert "Role added: Board member. Reason: appointed" in page.text


def test_view_adds_a_body(cast: Cast) -> None:
    cast.client("administrator").post(_url(cast.member.pk), {"role": f"body-{cast.other_chamber.pk}", "reason": "x"})
    assert supported_body_ids(_fresh(cast.member)) == {cast.other_chamber.pk}


def test_view_re_renders_a_refusal_without_a_500(cast: Cast) -> None:
    response = english(cast.client("administrator")).post(_url(cast.board.pk), {"role": "board", "reason": "x"})
    assert response.status_code == 200
    assert "already has the role Board member." in response.text
    assert 'id="id_role_add_role"' in response.text


def test_view_re_renders_a_missing_reason_in_dutch(cast: Cast) -> None:
    response = cast.client("administrator").post(_url(cast.member.pk), {"role": "board", "reason": ""})
    assert response.status_code == 200
    assert "Dit veld is verplicht." in response.text
    assert not is_board_member(_fresh(cast.member))


@pytest.mark.parametrize("role", ["outsider", "other_member", "member", "supporter", "board"])
def test_view_is_403_for_everyone_but_administrators(cast: Cast, role: str) -> None:
    response = cast.client(role).post(_url(cast.member.pk), {"role": "administrators", "reason": "x"})
    assert response.status_code == 403
    assert not is_administrator(_fresh(cast.member))


def test_view_404_405_and_anonymous(cast: Cast) -> None:
    admin = cast.client("administrator")
    assert admin.post(_url(999_999), {"role": "board", "reason": "x"}).status_code == 404
    assert admin.get(_url(cast.member.pk)).status_code == 405
    anonymous = cast.client("anonymous").post(_url(cast.member.pk), {"role": "board", "reason": "x"})
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))
