"""The access gate for people and their memberships (DESIGN.md convention 4, §7 privacy). Views read rows only here.

Where access comes from (docs/MEMBERS.md, "Access"):
- administrators (role): every person, with contact details, and every lifecycle step;
- supporters: the people with a membership (any status: candidate, trial, active, ended) of a body they MANAGE
  (councils.permissions.bodies_for_user(user, BodyAction.MANAGE): the body they support and its children). They
  see those people's contact details and take the lifecycle steps, but only on the memberships of those bodies;
- board members: no personal data. The members overview is 403 for them and a person page 404; they see the
  representation overview (counts only) and the retirement schedule of every body (names and term dates);
- members: only themselves (their own page and "Mijn lidmaatschap"), with their own contact details. A member
  never sees another member's contact details, not even of their own body.

A person the user may not see is 404 (existence is not revealed); one they may see but not act on is 403.
Notifications are personal: a user reaches only their own (404 otherwise).
"""

from enum import StrEnum
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from accounts.roles import is_administrator, is_board_member
from councils.models import Body
from councils.permissions import AnyUser, BodyAction, bodies_for_user, body_allows, body_for_user, is_supporter
from incluzio_mz.models import Notification, NotificationQuerySet
from members.models import Membership, MembershipQuerySet, Person, PersonQuerySet


class PersonAction(StrEnum):
    VIEW = "view"
    # Lifecycle steps, editing the person, allowances, anonymising.
    MANAGE = "manage"
    # Seeing e-mail and phone (DESIGN.md §7: the supporters of the person's bodies and administrators; oneself).
    CONTACT = "contact"


class BodyPeopleAction(StrEnum):
    """What a body's member pages show: counts (composition) or names and dates (retirement schedule)."""

    COMPOSITION = "composition"
    SCHEDULE = "schedule"


def _managed_body_ids(user: AnyUser) -> frozenset[int]:
    """The bodies whose people this supporter manages (cached on the user object per request)."""
    cached: frozenset[int] | None = getattr(user, "_people_body_ids", None)
    if cached is None:
        cached = frozenset(bodies_for_user(user, BodyAction.MANAGE).values_list("pk", flat=True))
        setattr(user, "_people_body_ids", cached)  # noqa: B010 - a per-request cache on the user object
    return cached


def may_manage_people(user: AnyUser) -> bool:
    """Whether the members overview and "register a person" are for this user: administrators and supporters."""
    return is_administrator(user) or is_supporter(user)


def people_for_user(user: AnyUser) -> PersonQuerySet:
    """The people user may see: all (administrators), those of the bodies they manage (supporters), oneself."""
    queryset = Person.objects.select_related("business_unit")
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if is_administrator(user):
        return queryset
    condition = Q(user_id=user.pk)
    if is_supporter(user):
        managed = Membership.objects.filter(body_id__in=_managed_body_ids(user)).values("person_id")
        condition |= Q(pk__in=managed)
    return queryset.filter(condition)


def _manages(user: AnyUser, person: Person) -> bool:
    if is_administrator(user):
        return True
    if not is_supporter(user):
        return False
    return person.memberships.filter(body_id__in=_managed_body_ids(user)).exists()


def person_allows(user: AnyUser, person: Person, action: PersonAction) -> bool:
    """Whether user may do action on a person they can see (for showing or hiding; views use person_for_user)."""
    if action == PersonAction.VIEW:
        return True
    if action == PersonAction.CONTACT and person.user_id is not None and person.user_id == user.pk:
        return True
    return _manages(user, person)


def person_for_user(user: AnyUser, uuid: UUID | str, action: PersonAction = PersonAction.VIEW) -> Person:
    """One person: 404 when user may not see them (or they do not exist), 403 when user may not do action."""
    try:
        person = people_for_user(user).get(uuid=uuid)
    except (Person.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None
    if not person_allows(user, person, action):
        raise PermissionDenied
    return person


def memberships_for_user(user: AnyUser) -> MembershipQuerySet:
    """The memberships user may see: all (administrators), of managed bodies (supporters), their own (members)."""
    queryset = Membership.objects.select_related("person", "body", "body__parent")
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if is_administrator(user):
        return queryset
    condition = Q(person__user_id=user.pk)
    if is_supporter(user):
        condition |= Q(body_id__in=_managed_body_ids(user))
    return queryset.filter(condition)


def overview_memberships_for_user(user: AnyUser) -> MembershipQuerySet:
    """The rows of the members overview (/leden/): every membership of the bodies user manages (all statuses)."""
    queryset = Membership.objects.select_related("person", "body", "body__parent")
    if is_administrator(user):
        return queryset
    if not is_supporter(user):
        return queryset.none()
    return queryset.filter(body_id__in=_managed_body_ids(user))


def membership_for_user(user: AnyUser, person: Person, uuid: UUID | str, action: PersonAction) -> Membership:
    """One membership of a person user can see: 404 when user may not see it, 403 when they may not act on it.

    A member sees their own memberships (403 for the steps); a supporter acts on the memberships of the bodies they
    manage. Memberships of other bodies are not shown to a supporter, so they are 404 like any unknown one.
    """
    try:
        membership = memberships_for_user(user).get(person=person, uuid=uuid)
    except (Membership.DoesNotExist, ValueError, ValidationError):
        raise Http404 from None
    if action == PersonAction.VIEW:
        return membership
    if is_administrator(user) or membership.body_id in _managed_body_ids(user):
        return membership
    raise PermissionDenied


def body_people_for_user(user: AnyUser, slug: str, action: BodyPeopleAction) -> Body:
    """A body for its composition (counts) or retirement schedule (names and dates).

    404 when user may not see the body. Composition: everyone who may see the body (members of the body and its
    chambers' members on the council, supporters, board, administrators). Schedule: administrators, the board,
    and the supporters who manage the body; 403 for the others who see it.
    """
    body = body_for_user(user, slug, BodyAction.VIEW)
    if action == BodyPeopleAction.SCHEDULE and not may_see_schedule(user, body):
        raise PermissionDenied
    return body


def may_see_schedule(user: AnyUser, body: Body) -> bool:
    return is_board_member(user) or body_allows(user, body, BodyAction.MANAGE)


# ---------------------------------------------------------------------------------------------------------------
# Notifications: each user reads their own only.


def notifications_for_user(user: AnyUser) -> NotificationQuerySet:
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.for_user(user)


def notification_for_user(user: AnyUser, pk: int) -> Notification:
    """One of user's own notifications; 404 for anyone else's (existence is not revealed)."""
    notification = notifications_for_user(user).filter(pk=pk).first()
    if notification is None:
        raise Http404
    return notification


def own_person(user: AnyUser) -> Person | None:
    """The person record of a logged-in user (for "Mijn lidmaatschap"), or None."""
    if not user.is_authenticated:
        return None
    return Person.objects.not_anonymised().filter(user_id=user.pk).first()


def nav_state(user: AnyUser) -> tuple[bool, int]:
    """(has a person record, number of unread notifications) for the navigation, in one query."""
    if not user.is_authenticated:
        return False, 0
    from accounts.models import User

    unread = (
        Notification.objects.filter(recipient=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(count=Count("pk"))
        .values("count")
    )
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            has_person=Exists(Person.objects.not_anonymised().filter(user=OuterRef("pk"))),
            unread=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0)),
        )
        .values_list("has_person", "unread")
        .first()
    )
    return (bool(row[0]), int(row[1])) if row else (False, 0)
