"""attendance_record: present / excused / absent, and the meeting allowance it feeds (W-MEM-9)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from councils import services as council_services
from councils.meetings import services
from councils.models import Attendance, AttendanceStatus, Meeting, Regulation
from members.models import AllowancePayment
from tests.conftest import Cast
from tests.councils.meetings.conftest import hours_from_now
from tests.factories import make_meeting, make_person


def _allowance(cast: Cast, amount: str) -> None:
    regulation = Regulation.objects.get(council=cast.council)
    council_services.regulation_update(
        regulation=regulation, data={"allowance_per_meeting": Decimal(amount)}, actor=None, reason="Vergoeding"
    )


def test_attendance_record_without_an_allowance(cast: Cast, past_chamber_meeting: Meeting) -> None:
    result = services.attendance_record(
        meeting=past_chamber_meeting, person=cast.member_person, status=AttendanceStatus.PRESENT, actor=cast.supporter
    )
    assert result.attendance.status == AttendanceStatus.PRESENT
    assert result.allowance is None
    assert result.warning is None
    assert not AllowancePayment.objects.exists()
    result = services.attendance_record(
        meeting=past_chamber_meeting, person=cast.member_person, status=AttendanceStatus.EXCUSED, actor=None
    )
    assert Attendance.objects.get().status == AttendanceStatus.EXCUSED
    assert result.attendance.history.count() == 2


def test_attendance_feeds_the_allowance_once(cast: Cast, past_chamber_meeting: Meeting) -> None:
    _allowance(cast, "5.00")  # for the one-hour meeting: within the 2026 hourly cap of € 5.75 (Mia is 21 or older)
    result = services.attendance_record(
        meeting=past_chamber_meeting, person=cast.member_person, status=AttendanceStatus.PRESENT, actor=cast.supporter
    )
    payment = result.allowance
    assert payment is not None
    assert payment.amount == Decimal("5.00")
    assert payment.hours == Decimal("1.00")  # the meeting's length
    assert payment.membership.person == cast.member_person
    assert payment.month == past_chamber_meeting.starts_at.date().replace(day=1)
    assert result.attendance.allowance == payment
    # Recording again does not pay twice; marking absent afterwards warns instead of deleting the payment.
    services.attendance_record(
        meeting=past_chamber_meeting, person=cast.member_person, status=AttendanceStatus.PRESENT, actor=None
    )
    later = services.attendance_record(
        meeting=past_chamber_meeting, person=cast.member_person, status=AttendanceStatus.ABSENT, actor=None
    )
    assert AllowancePayment.objects.count() == 1
    assert later.warning is not None
    assert "already recorded" in later.warning


@pytest.mark.parametrize("status", [AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT])
def test_no_allowance_when_not_present(cast: Cast, past_chamber_meeting: Meeting, status: str) -> None:
    _allowance(cast, "25.00")
    services.attendance_record(meeting=past_chamber_meeting, person=cast.member_person, status=status, actor=None)
    assert not AllowancePayment.objects.exists()


def test_over_the_cap_the_attendance_is_saved_and_the_warning_returned(
    cast: Cast, past_chamber_meeting: Meeting
) -> None:
    _allowance(cast, "250.00")  # above the 2026 monthly cap of € 220
    result = services.attendance_record(
        meeting=past_chamber_meeting, person=cast.member_person, status=AttendanceStatus.PRESENT, actor=None
    )
    assert result.allowance is None
    assert result.warning is not None
    assert "monthly cap" in result.warning
    assert Attendance.objects.get().status == AttendanceStatus.PRESENT
    assert not AllowancePayment.objects.exists()
    confirmed = services.attendance_record(
        meeting=past_chamber_meeting,
        person=cast.member_person,
        status=AttendanceStatus.PRESENT,
        confirm_over_cap=True,
        actor=cast.supporter,
    )
    assert confirmed.allowance is not None
    assert AllowancePayment.objects.get() == confirmed.allowance


def test_a_joint_meeting_pays_members_of_both_chambers(cast: Cast) -> None:
    _allowance(cast, "5.00")
    meeting = make_meeting(body=cast.council, starts_at=hours_from_now(-3))
    for person in (cast.member_person, cast.other_member_person):
        services.attendance_record(meeting=meeting, person=person, status=AttendanceStatus.PRESENT, actor=None)
    assert {p.membership.body for p in AllowancePayment.objects.all()} == {cast.chamber, cast.other_chamber}


def test_attendance_record_rules(cast: Cast, chamber_meeting: Meeting, past_chamber_meeting: Meeting) -> None:
    with pytest.raises(ValidationError, match="once the meeting has started"):
        services.attendance_record(
            meeting=chamber_meeting, person=cast.member_person, status=AttendanceStatus.PRESENT, actor=None
        )
    with pytest.raises(ValidationError, match="not a member of a body invited"):
        services.attendance_record(
            meeting=past_chamber_meeting, person=cast.other_member_person, status=AttendanceStatus.PRESENT, actor=None
        )
    with pytest.raises(ValidationError, match="not a member"):
        services.attendance_record(
            meeting=past_chamber_meeting, person=make_person(), status=AttendanceStatus.PRESENT, actor=None
        )
    with pytest.raises(ValidationError):
        services.attendance_record(meeting=past_chamber_meeting, person=cast.member_person, status="asleep", actor=None)
    services.meeting_cancel(meeting=past_chamber_meeting, reason="Vervallen", actor=None)
    with pytest.raises(ValidationError, match="cancelled"):
        services.attendance_record(
            meeting=past_chamber_meeting, person=cast.member_person, status=AttendanceStatus.PRESENT, actor=None
        )
    assert not Attendance.objects.exists()


def test_w_mem_9_a_meeting_allowance_above_the_hourly_cap_waits_for_confirmation(
    cast: Cast, past_chamber_meeting: Meeting
) -> None:
    """The meeting's length is the allowance's hours: € 25 for one hour passes the hourly cap of € 5.75."""
    _allowance(cast, "25.00")
    result = services.attendance_record(
        meeting=past_chamber_meeting, person=cast.member_person, status=AttendanceStatus.PRESENT, actor=None
    )
    assert result.allowance is None
    assert result.warning is not None
    assert "hourly cap of €\u00a05.75 for volunteers aged 21 or older" in result.warning
    assert "(€\u00a025.00 for 1 hour)" in result.warning
    assert not AllowancePayment.objects.exists()
