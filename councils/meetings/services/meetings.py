"""Meetings: create, change, publish the agenda, cancel, mark as held; who is invited.

Notifications (the e-mail with the .ics) are not sent here: a service sets `pending_notice` (bookkeeping, see
docs/MEETINGS.md) and returns what changed, so the notification task can claim the meeting and send once.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from councils.meetings.services._common import locked_meeting, require_reason, save_fields, save_new
from councils.models import Body, BodyKind, Meeting, MeetingKind, MeetingNotice, MeetingStatus
from councils.services import body_supporters
from incluzio_mz.lib.dates import require_plausible_date

# Changing these means the attendees' calendars are out of date: the .ics SEQUENCE goes up.
SCHEDULE_FIELDS = ("starts_at", "ends_at", "place", "online_link")
EDITABLE_FIELDS = ("title", *SCHEDULE_FIELDS)


@transaction.atomic
def meeting_create(
    *,
    body: Body,
    kind: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str = "",
    online_link: str = "",
    actor: User | None,
) -> Meeting:
    """Plan a meeting of body. The kind must fit the body (a joint meeting with the board is the council's)."""
    if not body.active:
        raise ValidationError(_("%(body)s is not active."), params={"body": body.name})
    _check_schedule_dates(starts_at, ends_at)
    meeting = Meeting(
        body=body,
        kind=kind,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        online_link=online_link.strip(),
    )
    save_new(meeting, actor=actor, reason=_("Meeting planned"))
    return meeting


def _check_schedule_dates(starts_at: datetime | None, ends_at: datetime | None) -> None:
    """A meeting's start and end lie in the plausible window (incluzio_mz.lib.dates): no year 1900 or 2200."""
    require_plausible_date(starts_at, field="starts_at")
    require_plausible_date(ends_at, field="ends_at")


def has_started(meeting: Meeting, *, now: datetime | None = None) -> bool:
    """W-OVL-1: a meeting whose start has passed gets no invitation or update any more."""
    return meeting.starts_at <= (now or timezone.now())


@dataclass(frozen=True)
class MeetingUpdate:
    """What meeting_update did: whether the time or place changed, and whether invitees must get an update."""

    meeting: Meeting
    schedule_changed: bool
    attendees_need_update: bool


@transaction.atomic
def meeting_update(*, meeting: Meeting, data: dict[str, Any], actor: User | None, reason: str = "") -> MeetingUpdate:
    """Change a meeting's title, time, place or online link.

    A change of time or place raises `ics_sequence`; when the agenda was already published (invitations went out),
    `pending_notice` becomes "update" so the invitees get the new .ics with the same UID. A cancelled meeting
    cannot change; a held meeting keeps its time and place.
    """
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s."), params={"fields": ", ".join(sorted(unknown))}
        )
    meeting = locked_meeting(meeting)
    if meeting.is_cancelled:
        raise ValidationError(_("A cancelled meeting cannot be changed."), code="cancelled")
    changed = [field for field in EDITABLE_FIELDS if field in data and getattr(meeting, field) != data[field]]
    schedule_changed = any(field in SCHEDULE_FIELDS for field in changed)
    if schedule_changed and not meeting.agenda_is_open:
        raise ValidationError(_("The time and place of a meeting that was held cannot change."), code="held")
    _check_schedule_dates(data.get("starts_at"), data.get("ends_at"))
    if not changed:
        return MeetingUpdate(meeting=meeting, schedule_changed=False, attendees_need_update=False)
    for field in changed:
        setattr(meeting, field, data[field])
    fields = list(changed)
    notify = False
    if schedule_changed:
        meeting.ics_sequence += 1
        fields.append("ics_sequence")
        if meeting.status == MeetingStatus.AGENDA_PUBLISHED and not has_started(meeting):
            notify = True
            # An invitation not sent yet stays an invitation (it will carry the new time anyway).
            if meeting.pending_notice != MeetingNotice.INVITATION:
                meeting.pending_notice = MeetingNotice.UPDATE
                fields.append("pending_notice")
    default_reason = _("Time or place changed") if schedule_changed else _("Meeting changed")
    save_fields(meeting, fields, actor=actor, reason=reason.strip() or default_reason)
    return MeetingUpdate(meeting=meeting, schedule_changed=schedule_changed, attendees_need_update=notify)


@transaction.atomic
def meeting_publish_agenda(*, meeting: Meeting, actor: User | None) -> Meeting:
    """Publish the agenda (it needs at least one item): the invitees are then invited (pending_notice).

    W-OVL-1: a meeting that has already started is recorded with its agenda, but nobody is invited to it.
    """
    meeting = locked_meeting(meeting)
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(_("Only the agenda of a planned meeting can be published."), code="status")
    if not meeting.items.exists():
        raise ValidationError(_("Add at least one agenda item before publishing the agenda."), code="empty")
    meeting.status = MeetingStatus.AGENDA_PUBLISHED
    meeting.agenda_published_at = timezone.now()
    meeting.pending_notice = MeetingNotice.NONE if has_started(meeting) else MeetingNotice.INVITATION
    save_fields(meeting, ["status", "agenda_published_at", "pending_notice"], actor=actor, reason=_("Agenda published"))
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, reason: str, actor: User | None) -> Meeting:
    """Cancel a meeting that was not held yet, with a reason. Invitees who got an invitation get a cancellation."""
    reason = require_reason(reason)
    meeting = locked_meeting(meeting)
    if not meeting.agenda_is_open:
        raise ValidationError(_("Only a meeting that has not been held can be cancelled."), code="status")
    invited = meeting.status == MeetingStatus.AGENDA_PUBLISHED
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancelled_at = timezone.now()
    meeting.cancelled_reason = reason
    meeting.ics_sequence += 1
    meeting.pending_notice = MeetingNotice.CANCELLATION if invited else MeetingNotice.NONE
    save_fields(
        meeting,
        ["status", "cancelled_at", "cancelled_reason", "ics_sequence", "pending_notice"],
        actor=actor,
        reason=reason,
    )
    return meeting


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, actor: User | None) -> Meeting:
    """Record that a planned or published meeting took place; only once it has started."""
    meeting = locked_meeting(meeting)
    if not meeting.agenda_is_open:
        raise ValidationError(_("Only a planned meeting can be marked as held."), code="status")
    now = timezone.now()
    if meeting.starts_at > now:
        raise ValidationError(_("A meeting can only be marked as held once it has started."), code="future")
    meeting.status = MeetingStatus.HELD
    meeting.held_at = now
    save_fields(meeting, ["status", "held_at"], actor=actor, reason=_("Meeting held"))
    return meeting


# ---------------------------------------------------------------------------------------------------------------
# Invitees


@dataclass(frozen=True)
class Invitee:
    """Someone to invite: a member (person, maybe with an account), a supporter or a board member (accounts)."""

    name: str
    email: str
    role: str  # "member", "supporter" or "board"
    person: Any = None  # members.models.Person
    user: User | None = None


def invited_bodies(meeting: Meeting) -> list[Body]:
    """A joint meeting invites the council and all its chambers; any other meeting only its own body."""
    # Fresh rows: a Body instance held by the caller may predate its supporters group.
    own = Body.objects.get(pk=meeting.body_id)
    if meeting.kind == MeetingKind.JOINT:
        return [own, *Body.objects.filter(parent_id=meeting.body_id, kind=BodyKind.CHAMBER, active=True)]
    return [own]


def meeting_invitees(meeting: Meeting, *, on: date) -> list[Invitee]:
    """Who is invited to meeting on day `on`, each once, members first (by name), then supporters, then the board.

    Members: the current memberships (trial or active) of the invited bodies. Supporters: of the invited bodies.
    Board members (the accounts with Role.BOARD): joint meetings only. Anonymised people are never invited.
    """
    from members.models import Membership

    bodies = invited_bodies(meeting)
    memberships = (
        Membership.objects.current(on=on)
        .filter(body__in=bodies, person__anonymised_at__isnull=True)
        .select_related("person", "person__user")
        .order_by("person__display_name", "pk")
    )
    invitees: list[Invitee] = []
    seen_people: set[int] = set()
    seen_users: set[int] = set()
    for membership in memberships:
        person = membership.person
        if person.pk in seen_people:
            continue
        seen_people.add(person.pk)
        if person.user_id is not None:
            seen_users.add(person.user_id)
        invitees.append(
            Invitee(name=person.display_name, email=person.email, role="member", person=person, user=person.user)
        )
    others: list[tuple[str, User]] = [("supporter", user) for body in bodies for user in body_supporters(body)]
    if meeting.kind == MeetingKind.JOINT:
        board = User.objects.filter(groups__name=Role.BOARD.value, is_active=True).order_by("first_name", "username")
        others.extend(("board", user) for user in board)
    for role, user in others:
        if user.pk in seen_users:
            continue
        seen_users.add(user.pk)
        invitees.append(
            Invitee(name=user.get_full_name() or user.get_username(), email=user.email, role=role, user=user)
        )
    return invitees
