"""The account gate (accounts/permissions.py): administrators only, for every role in the cast (convention 11a)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.permissions import role_grants, user_for_user, users_for_user
from accounts.roles import Role
from councils import services as council_services
from tests.conftest import ROLES, Cast
from tests.factories import make_user, totp_device_for

NON_ADMINISTRATORS = [role for role in ROLES if role != "administrator"]


def _actor(cast: Cast, role: str):
    return cast.user(role) or AnonymousUser()


@pytest.mark.parametrize("role", NON_ADMINISTRATORS)
def test_only_administrators_get_the_users(cast: Cast, role: str) -> None:
    with pytest.raises(PermissionDenied):
        users_for_user(_actor(cast, role))


@pytest.mark.parametrize("role", NON_ADMINISTRATORS)
def test_one_user_is_403_for_others_also_when_unknown(cast: Cast, role: str) -> None:
    for pk in (cast.member.pk, 999_999):
        with pytest.raises(PermissionDenied):
            user_for_user(_actor(cast, role), pk)


def test_administrator_gets_every_user_and_404_for_an_unknown_one(cast: Cast) -> None:
    users = users_for_user(cast.administrator)
    assert set(users) == {cast.outsider, cast.other_member, cast.member, cast.supporter, cast.board, cast.administrator}
    assert user_for_user(cast.administrator, cast.member.pk) == cast.member
    with pytest.raises(Http404):
        user_for_user(cast.administrator, 999_999)


def test_a_deactivated_administrator_is_refused(cast: Cast) -> None:
    cast.administrator.is_active = False  # in memory only: has_role ignores inactive users
    with pytest.raises(PermissionDenied):
        users_for_user(cast.administrator)


def test_rows_carry_roles_bodies_and_second_factor(cast: Cast) -> None:
    both = make_user(username="both", roles=[Role.ADMINISTRATOR, Role.BOARD])
    council_services.body_supporter_add(body=cast.council, user=both, actor=None, reason="test")
    council_services.body_supporter_add(body=cast.chamber, user=both, actor=None, reason="test")
    totp_device_for(both)
    row = user_for_user(cast.administrator, both.pk)
    assert row.has_second_factor is True  # type: ignore[attr-defined]
    assert [grant.value for grant in role_grants(row)] == [
        "administrators",
        "board",
        f"body-{cast.council.pk}",
        f"body-{cast.chamber.pk}",
    ]
    assert [grant.body for grant in role_grants(row)][2:] == [cast.council, cast.chamber]
    member = user_for_user(cast.administrator, cast.member.pk)
    assert member.has_second_factor is False  # type: ignore[attr-defined]
    assert role_grants(member) == []
