"""Attendance page: present / excused / absent per invited member, and the allowance cap confirmation (W-MEM-9)."""

from decimal import Decimal

import html5lib
from django.urls import reverse

from councils import services as council_services
from councils.models import Attendance, AttendanceStatus, Meeting, Regulation
from members.models import AllowancePayment
from tests.conftest import Cast
from tests.councils.meetings.conftest import hours_from_now
from tests.factories import make_meeting


def _url(meeting: Meeting) -> str:
    return reverse("meetings:attendance_record", kwargs={"uuid": meeting.uuid})


def _field(cast: Cast, person: object) -> str:
    return f"person_{person.uuid.hex}"  # type: ignore[attr-defined]


def _allowance(cast: Cast, amount: str) -> None:
    regulation = Regulation.objects.get(council=cast.council)
    council_services.regulation_update(
        regulation=regulation, data={"allowance_per_meeting": Decimal(amount)}, actor=None, reason="Vergoeding"
    )


def test_the_form_lists_the_invited_members(cast: Cast, past_chamber_meeting: Meeting) -> None:
    response = cast.client("supporter").get(_url(past_chamber_meeting))
    assert response.status_code == 200
    assert response.context["form"].people == [cast.member_person]
    parser = html5lib.HTMLParser(strict=True)
    parser.parse(response.content)
    # A joint meeting invites both chambers.
    joint = make_meeting(body=cast.council, starts_at=hours_from_now(-24))
    people = cast.client("administrator").get(_url(joint)).context["form"].people
    assert set(people) == {cast.member_person, cast.other_member_person}


def test_supporter_records_attendance(cast: Cast, past_chamber_meeting: Meeting) -> None:
    url = _url(past_chamber_meeting)
    client = cast.client("supporter")
    assert client.post(url, {_field(cast, cast.member_person): AttendanceStatus.EXCUSED}).status_code == 302
    attendance = Attendance.objects.get()
    assert (attendance.person, attendance.status) == (cast.member_person, AttendanceStatus.EXCUSED)
    assert client.get(url).context["form"].initial[_field(cast, cast.member_person)] == AttendanceStatus.EXCUSED
    detail = client.get(reverse("meetings:meeting_detail", kwargs={"uuid": past_chamber_meeting.uuid}))
    assert detail.context["attendance"] == [attendance]
    assert (
        cast.client("member")
        .get(reverse("meetings:meeting_detail", kwargs={"uuid": past_chamber_meeting.uuid}))
        .context["attendance"]
        == []
    )


def test_bad_input_is_re_rendered_and_saves_nothing(cast: Cast, past_chamber_meeting: Meeting) -> None:
    response = cast.client("supporter").post(_url(past_chamber_meeting), {_field(cast, cast.member_person): "late"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Attendance.objects.exists()


def test_a_future_meeting_has_no_attendance_yet(cast: Cast, chamber_meeting: Meeting) -> None:
    response = cast.client("supporter").post(
        _url(chamber_meeting), {_field(cast, cast.member_person): AttendanceStatus.PRESENT}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Attendance.objects.exists()


def test_over_the_cap_the_supporter_confirms_the_allowance(cast: Cast, past_chamber_meeting: Meeting) -> None:
    _allowance(cast, "250.00")  # above the 2026 monthly cap of € 220
    url = _url(past_chamber_meeting)
    client = cast.client("supporter")
    present = {_field(cast, cast.member_person): AttendanceStatus.PRESENT}
    response = client.post(url, present)
    assert response.status_code == 200
    assert response.context["cap_warnings"]
    assert b'data-testid="cap-warning"' in response.content
    assert "confirm_over_cap" in response.context["form"].fields
    assert Attendance.objects.get().status == AttendanceStatus.PRESENT  # the attendance is saved
    assert not AllowancePayment.objects.exists()  # the allowance waits for the confirmation
    assert client.post(url, {**present, "confirm_over_cap": "on"}).status_code == 302
    payment = AllowancePayment.objects.get()
    assert payment.amount == Decimal("250.00")
    assert Attendance.objects.get().allowance == payment


def test_attendance_is_404_for_an_outsider_and_403_for_a_member(cast: Cast, past_chamber_meeting: Meeting) -> None:
    data = {_field(cast, cast.member_person): AttendanceStatus.PRESENT}
    assert cast.client("outsider").get(_url(past_chamber_meeting)).status_code == 404
    assert cast.client("member").post(_url(past_chamber_meeting), data).status_code == 403
    assert cast.client("board").get(_url(past_chamber_meeting)).status_code == 403
    assert not Attendance.objects.exists()
