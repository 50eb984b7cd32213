"""The people and membership gate (members/permissions.py) for every cast member and action (convention 11a)."""

from collections.abc import Callable
from functools import partial

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from members.permissions import (
    BodyPeopleAction,
    PersonAction,
    body_people_for_user,
    may_manage_people,
    membership_for_user,
    memberships_for_user,
    nav_state,
    notification_for_user,
    overview_memberships_for_user,
    people_for_user,
    person_for_user,
)
from tests.conftest import ROLES, Cast
from tests.factories import make_body, make_membership, make_person

ALLOWED, DENIED, HIDDEN = "ok", "403", "404"


def _outcome(call: Callable[[], object]) -> str:
    try:
        call()
    except Http404:
        return HIDDEN
    except PermissionDenied:
        return DENIED
    return ALLOWED


def _user(cast: Cast, role: str) -> User | AnonymousUser:
    return cast.user(role) or AnonymousUser()


# cast.member's person (a member of cast.chamber, which the supporter supports).
PERSON_EXPECTED = {
    PersonAction.VIEW: {"member": ALLOWED, "supporter": ALLOWED, "administrator": ALLOWED},
    PersonAction.CONTACT: {"member": ALLOWED, "supporter": ALLOWED, "administrator": ALLOWED},
    PersonAction.MANAGE: {"member": DENIED, "supporter": ALLOWED, "administrator": ALLOWED},
}
# cast.other_member's person (a member of cast.other_chamber, which the supporter only sees).
OTHER_PERSON_EXPECTED = {
    PersonAction.VIEW: {"other_member": ALLOWED, "administrator": ALLOWED},
    PersonAction.CONTACT: {"other_member": ALLOWED, "administrator": ALLOWED},
    PersonAction.MANAGE: {"other_member": DENIED, "administrator": ALLOWED},
}


@pytest.mark.parametrize("action", list(PersonAction))
def test_person_for_user_per_role(cast: Cast, action: PersonAction) -> None:
    for person, table in ((cast.member_person, PERSON_EXPECTED), (cast.other_member_person, OTHER_PERSON_EXPECTED)):
        actual = {role: _outcome(partial(person_for_user, _user(cast, role), person.uuid, action)) for role in ROLES}
        assert actual == {role: table[action].get(role, HIDDEN) for role in ROLES}, person


def test_people_for_user_lists_the_people_of_managed_bodies_in_every_status(cast: Cast) -> None:
    candidate = make_membership(body=cast.chamber, status="candidate").person
    left = make_membership(body=cast.chamber)
    from members.services.memberships import membership_end

    membership_end(membership=left, on=timezone.localdate(), reason="own_wish", actor=None)
    elsewhere = make_membership(body=make_body(kind="panel")).person
    visible = set(people_for_user(cast.supporter))
    assert visible == {cast.member_person, candidate, left.person}
    assert elsewhere not in visible
    assert set(people_for_user(cast.member)) == {cast.member_person}
    assert not people_for_user(cast.board).exists()
    assert not people_for_user(cast.outsider).exists()
    assert not people_for_user(AnonymousUser()).exists()
    assert elsewhere in set(people_for_user(cast.administrator))


def test_overview_is_for_supporters_and_administrators_only(cast: Cast) -> None:
    assert {role for role in ROLES if may_manage_people(_user(cast, role))} == {"supporter", "administrator"}
    assert [m.person for m in overview_memberships_for_user(cast.supporter)] == [cast.member_person]
    assert not overview_memberships_for_user(cast.member).exists()
    assert not overview_memberships_for_user(cast.board).exists()


def test_a_supporter_acts_only_on_memberships_of_bodies_they_manage(cast: Cast) -> None:
    """A person in the supporter's chamber and in a panel elsewhere: the panel membership is not theirs."""
    panel = make_body(kind="panel")
    outside = make_membership(body=panel, person=cast.member_person)
    own = cast.member_person.memberships.get(body=cast.chamber)
    assert membership_for_user(cast.supporter, cast.member_person, own.uuid, PersonAction.MANAGE) == own
    with pytest.raises(Http404):
        membership_for_user(cast.supporter, cast.member_person, outside.uuid, PersonAction.VIEW)
    assert set(memberships_for_user(cast.supporter)) == {own}
    # The member sees both of their own memberships and may act on neither.
    assert set(memberships_for_user(cast.member)) == {own, outside}
    with pytest.raises(PermissionDenied):
        membership_for_user(cast.member, cast.member_person, own.uuid, PersonAction.MANAGE)
    assert membership_for_user(cast.administrator, cast.member_person, outside.uuid, PersonAction.MANAGE) == outside


def test_a_membership_of_another_person_is_404(cast: Cast) -> None:
    own = cast.member_person.memberships.get(body=cast.chamber)
    other = make_person()
    with pytest.raises(Http404):
        membership_for_user(cast.administrator, other, own.uuid, PersonAction.VIEW)
    with pytest.raises(Http404):
        person_for_user(cast.administrator, "not-a-uuid")


SCHEDULE_EXPECTED = {"supporter": ALLOWED, "board": ALLOWED, "administrator": ALLOWED, "member": DENIED}
COMPOSITION_EXPECTED = {"supporter": ALLOWED, "board": ALLOWED, "administrator": ALLOWED, "member": ALLOWED}


@pytest.mark.parametrize(
    ("action", "expected"),
    [(BodyPeopleAction.SCHEDULE, SCHEDULE_EXPECTED), (BodyPeopleAction.COMPOSITION, COMPOSITION_EXPECTED)],
)
def test_body_people_pages_per_role(cast: Cast, action: BodyPeopleAction, expected: dict[str, str]) -> None:
    """lid-jongeren (member of the youth chamber) gets 404 on the ouderraad's member pages, and vice versa."""
    actual = {
        role: _outcome(partial(body_people_for_user, _user(cast, role), cast.chamber.slug, action)) for role in ROLES
    }
    assert actual == {role: expected.get(role, HIDDEN) for role in ROLES}
    with pytest.raises(Http404):
        body_people_for_user(cast.member, cast.other_chamber.slug, action)
    with pytest.raises(Http404):
        body_people_for_user(cast.other_member, cast.chamber.slug, action)


def test_the_supporter_sees_the_other_chambers_composition_but_not_its_schedule(cast: Cast) -> None:
    slug = cast.other_chamber.slug
    assert body_people_for_user(cast.supporter, slug, BodyPeopleAction.COMPOSITION) == cast.other_chamber
    with pytest.raises(PermissionDenied):
        body_people_for_user(cast.supporter, slug, BodyPeopleAction.SCHEDULE)


def test_notifications_are_personal(cast: Cast) -> None:
    from incluzio_mz.services import notification_send

    notification = notification_send(
        recipient=cast.member, subject=cast.chamber, kind="test", due_at=timezone.now(), title="Hallo"
    )
    assert notification is not None
    assert notification_for_user(cast.member, notification.pk) == notification
    with pytest.raises(Http404):
        notification_for_user(cast.other_member, notification.pk)
    assert nav_state(cast.member) == (True, 1)
    assert nav_state(cast.outsider) == (False, 0)
    assert nav_state(AnonymousUser()) == (False, 0)
