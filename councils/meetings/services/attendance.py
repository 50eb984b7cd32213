"""Attendance per meeting, and the meeting allowance it feeds (W-MEM-9, members.services.allowances).

When the council's regulation pays an allowance per meeting (`allowance_per_meeting` > 0) and a member is
present, recording the attendance also records the allowance for the meeting's month, once per attendance. Over a
tax-free cap the allowance is not recorded automatically: the attendance is saved, the warning is returned, and
calling again with `confirm_over_cap=True` records it (the same confirmation as on the allowances page). The
allowance's hours are the meeting's planned length (starts_at to ends_at), for the hourly cap.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import is_board_member
from councils.meetings.services._common import locked_meeting, save_fields, save_new
from councils.meetings.services.meetings import invited_bodies
from councils.models import Attendance, AttendanceStatus, BoardAttendance, Body, BodyKind, Meeting, Regulation


@dataclass(frozen=True)
class AttendanceResult:
    attendance: Attendance
    allowance: Any = None  # members.models.AllowancePayment recorded by this call, or None
    warning: str | None = None  # the cap warning, or a note that an allowance was already recorded


def _allowance_amount(body: Body) -> Decimal:
    """The council's allowance per meeting; chambers use their council's regulation, panels have none."""
    council_id = body.pk if body.kind == BodyKind.COUNCIL else body.parent_id if body.kind == BodyKind.CHAMBER else None
    if council_id is None:
        return Decimal(0)
    amount = Regulation.objects.filter(council_id=council_id).values_list("allowance_per_meeting", flat=True).first()
    return amount if amount is not None else Decimal(0)


def _meeting_hours(meeting: Meeting) -> Decimal:
    """The meeting's planned length in hours (two decimals, at least 0.01), the hours its allowance pays for."""
    seconds = Decimal((meeting.ends_at - meeting.starts_at).total_seconds())
    hours = (seconds / 3600).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return min(max(hours, Decimal("0.01")), Decimal("999.99"))


def _membership_for(meeting: Meeting, person: Any) -> Any:
    """The person's current membership on the meeting's day in an invited body (the meeting's own body first)."""
    from members.models import Membership

    day = timezone.localdate(meeting.starts_at)
    candidates = list(
        Membership.objects.current(on=day)
        .filter(person=person, body__in=invited_bodies(meeting))
        .select_related("body")
        .order_by("body__name", "pk")
    )
    candidates.sort(key=lambda membership: membership.body_id != meeting.body_id)
    return candidates[0] if candidates else None


@transaction.atomic
def attendance_record(
    *, meeting: Meeting, person: Any, status: str, confirm_over_cap: bool = False, actor: User | None
) -> AttendanceResult:
    """Record whether a member was present, excused or absent (again: the status is changed).

    Only for a meeting that has started and was not cancelled, and only for a person with a current membership of
    an invited body on the meeting's day. A present member gets the meeting allowance, see the module docstring.
    """
    from members.models import AllowanceKind
    from members.services.allowances import allowance_record

    meeting = locked_meeting(meeting)
    if meeting.is_cancelled:
        raise ValidationError(_("A cancelled meeting has no attendance."), code="cancelled")
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Attendance is recorded once the meeting has started."), code="future")
    if status not in AttendanceStatus.values:
        raise ValidationError({"status": _("Choose present, excused or absent.")}, code="invalid")
    membership = _membership_for(meeting, person)
    if membership is None:
        raise ValidationError(
            _("%(name)s was not a member of a body invited to this meeting."),
            params={"name": person.display_name},
            code="not_invited",
        )
    attendance = Attendance.objects.select_for_update().filter(meeting=meeting, person=person).first()
    if attendance is None:
        attendance = Attendance(meeting=meeting, person=person, status=status)
        save_new(attendance, actor=actor, reason=_("Attendance recorded"))
    elif attendance.status != status:
        attendance.status = status
        save_fields(attendance, ["status"], actor=actor, reason=_("Attendance changed"))

    if attendance.allowance_id is not None:
        warning = None
        if status != AttendanceStatus.PRESENT:
            warning = _("An allowance was already recorded for this meeting; correct it on the allowances page.")
        return AttendanceResult(attendance=attendance, warning=warning)
    amount = _allowance_amount(meeting.body)
    if status != AttendanceStatus.PRESENT or amount <= 0:
        return AttendanceResult(attendance=attendance)
    day = timezone.localdate(meeting.starts_at)
    try:
        payment = allowance_record(
            membership=membership,
            month=day,
            amount=amount,
            kind=AllowanceKind.MEETING,
            hours=_meeting_hours(meeting),
            description=f"{meeting.title} ({day:%d-%m-%Y})"[:200],
            confirm_over_cap=confirm_over_cap,
            actor=actor,
        )
    except ValidationError as error:
        if getattr(error, "code", None) != "over_cap":
            raise
        return AttendanceResult(attendance=attendance, warning=" ".join(error.messages))
    attendance.allowance = payment
    save_fields(attendance, ["allowance"], actor=actor, reason=_("Meeting allowance recorded"))
    return AttendanceResult(attendance=attendance, allowance=payment)


def board_was_present(meeting: Meeting) -> bool:
    """Whether a board member's presence at the meeting is recorded (a consultation with the council needs it)."""
    return BoardAttendance.objects.filter(meeting=meeting, status=AttendanceStatus.PRESENT).exists()


@transaction.atomic
def board_attendance_record(*, meeting: Meeting, user: User, status: str, actor: User | None) -> BoardAttendance:
    """Record whether a board member was present, excused or absent at a meeting (again: the status is changed).

    Only for a meeting that has started and was not cancelled, and only for an active user with the board role.
    The board's presence is what makes a meeting of the council a consultation (docs/ADVICE.md).
    """
    meeting = locked_meeting(meeting)
    if meeting.is_cancelled:
        raise ValidationError(_("A cancelled meeting has no attendance."), code="cancelled")
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Attendance is recorded once the meeting has started."), code="future")
    if status not in AttendanceStatus.values:
        raise ValidationError({"status": _("Choose present, excused or absent.")}, code="invalid")
    if not is_board_member(user):
        raise ValidationError(
            _("%(name)s is not a board member."), params={"name": user.display_name}, code="not_board"
        )
    attendance = BoardAttendance.objects.select_for_update().filter(meeting=meeting, user=user).first()
    if attendance is None:
        attendance = BoardAttendance(meeting=meeting, user=user, status=status)
        save_new(attendance, actor=actor, reason=_("Attendance of the board recorded"))
    elif attendance.status != status:
        attendance.status = status
        save_fields(attendance, ["status"], actor=actor, reason=_("Attendance of the board changed"))
    return attendance
