"""The Body and business-unit gate (councils/permissions.py) for every cast member and action (convention 11a)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import User
from councils import services
from councils.models import BodyKind
from councils.permissions import (
    BodyAction,
    UnitAction,
    bodies_for_user,
    body_for_user,
    unit_for_user,
    units_for_user,
)
from tests.conftest import ROLES, Cast
from tests.factories import make_body

ALLOWED, DENIED, HIDDEN = "ok", "403", "404"


def _outcome(call: object) -> str:
    try:
        call()  # type: ignore[operator]
    except Http404:
        return HIDDEN
    except PermissionDenied:
        return DENIED
    return ALLOWED


def _user(cast: Cast, role: str) -> User | AnonymousUser:
    return cast.user(role) or AnonymousUser()


# Expected outcome per role for (body, action). The supporter supports cast.chamber; `member` is an active member
# of cast.chamber and sees it and its council, `other_member` of cast.other_chamber (members see no other chamber).
BODY_EXPECTED = {
    ("chamber", BodyAction.VIEW): {"member": ALLOWED, "supporter": ALLOWED, "board": ALLOWED, "administrator": ALLOWED},
    ("chamber", BodyAction.MANAGE): {"member": DENIED, "supporter": ALLOWED, "board": DENIED, "administrator": ALLOWED},
    ("chamber", BodyAction.STRUCTURE): {
        "member": DENIED,
        "supporter": DENIED,
        "board": DENIED,
        "administrator": ALLOWED,
    },
    ("other_chamber", BodyAction.VIEW): {
        "other_member": ALLOWED,
        "supporter": ALLOWED,
        "board": ALLOWED,
        "administrator": ALLOWED,
    },
    ("other_chamber", BodyAction.MANAGE): {
        "other_member": DENIED,
        "supporter": DENIED,
        "board": DENIED,
        "administrator": ALLOWED,
    },
    ("council", BodyAction.VIEW): {
        "member": ALLOWED,
        "other_member": ALLOWED,
        "supporter": ALLOWED,
        "board": ALLOWED,
        "administrator": ALLOWED,
    },
    ("council", BodyAction.MANAGE): {
        "member": DENIED,
        "other_member": DENIED,
        "supporter": DENIED,
        "board": DENIED,
        "administrator": ALLOWED,
    },
}


@pytest.mark.parametrize(("body_name", "action"), sorted(BODY_EXPECTED))
def test_body_for_user_per_role(cast: Cast, body_name: str, action: BodyAction) -> None:
    body = getattr(cast, body_name)
    actual = {role: _outcome(lambda role=role: body_for_user(_user(cast, role), body.slug, action)) for role in ROLES}
    # Everyone not named (anonymous, the outsider, the member of the other chamber) must not learn the body exists.
    expected = {role: BODY_EXPECTED[(body_name, action)].get(role, HIDDEN) for role in ROLES}
    assert actual == expected


def test_unknown_body_is_404_even_for_administrators(cast: Cast) -> None:
    with pytest.raises(Http404):
        body_for_user(cast.administrator, "does-not-exist")


def test_supporter_of_a_council_manages_its_chambers_but_not_another_council(cast: Cast) -> None:
    services.body_supporter_add(body=cast.council, user=cast.outsider, actor=None, reason="test")
    other = make_body(kind=BodyKind.COUNCIL)
    assert body_for_user(cast.outsider, cast.other_chamber.slug, BodyAction.MANAGE) == cast.other_chamber
    with pytest.raises(Http404):
        body_for_user(cast.outsider, other.slug)


def test_bodies_for_user_lists_only_the_family_of_supported_bodies(cast: Cast) -> None:
    make_body(kind=BodyKind.COUNCIL, name="Elsewhere")
    names = set(bodies_for_user(cast.supporter).values_list("slug", flat=True))
    assert names == {"cast-council", "cast-youth", "cast-parents"}
    assert set(bodies_for_user(cast.supporter, BodyAction.MANAGE).values_list("slug", flat=True)) == {"cast-youth"}
    assert not bodies_for_user(cast.outsider).exists()
    assert bodies_for_user(cast.board).count() == bodies_for_user(cast.administrator).count() == 4


def test_removing_a_supporter_ends_access_at_once(cast: Cast) -> None:
    services.body_supporter_remove(body=cast.chamber, user=cast.supporter, actor=cast.administrator, reason="left")
    cast.supporter.refresh_from_db()  # a new request: no cached grants
    with pytest.raises(Http404):
        body_for_user(cast.supporter, cast.chamber.slug)
    reasons = list(cast.chamber.history.values_list("history_change_reason", flat=True))
    assert reasons[0] == "left"


def test_units_gate_per_role(cast: Cast) -> None:
    expected_list = {"supporter": ALLOWED, "board": ALLOWED, "administrator": ALLOWED}
    actual = {role: _outcome(lambda role=role: units_for_user(_user(cast, role))) for role in ROLES}
    assert actual == {role: expected_list.get(role, DENIED) for role in ROLES}

    def detail(role: str, action: UnitAction) -> str:
        return _outcome(lambda: unit_for_user(_user(cast, role), cast.unit.slug, action))

    assert {role: detail(role, UnitAction.VIEW) for role in ROLES} == {
        role: expected_list.get(role, HIDDEN) for role in ROLES
    }
    assert {role: detail(role, UnitAction.STRUCTURE) for role in ROLES} == {
        role: {"supporter": DENIED, "board": DENIED, "administrator": ALLOWED}.get(role, HIDDEN) for role in ROLES
    }


def test_member_access_follows_the_current_membership(cast: Cast) -> None:
    """W-MEM-4/W-MEM-10 via DESIGN.md convention 4: access ends with the membership, without a revoke job."""
    import datetime

    from members.services.memberships import membership_end

    membership = cast.member_person.memberships.get(body=cast.chamber)
    assert body_for_user(cast.member, cast.chamber.slug) == cast.chamber
    with pytest.raises(Http404):
        body_for_user(cast.member, cast.other_chamber.slug)
    membership_end(membership=membership, on=datetime.date(2026, 2, 1), reason="own_wish", actor=None)
    member = User.objects.get(pk=cast.member.pk)  # a new request: no cached memberships
    for slug in (cast.chamber.slug, cast.council.slug):
        with pytest.raises(Http404):
            body_for_user(member, slug)
