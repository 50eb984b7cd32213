"""The board's attendance at a meeting (issue 14 point 1): recorded by the meeting's supporter, through the service
and the attendance page; a consultation with the council counts only with a board member present (W-ADV-4)."""

import html5lib
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from councils import services as council_services
from councils.meetings import services
from councils.models import AttendanceStatus, BoardAttendance, Meeting
from tests.conftest import Cast
from tests.councils.meetings.conftest import hours_from_now
from tests.factories import make_meeting


def _url(meeting: Meeting) -> str:
    return reverse("meetings:attendance_record", kwargs={"uuid": meeting.uuid})


@pytest.fixture
def past_joint_meeting(cast: Cast) -> Meeting:
    return make_meeting(body=cast.council, title="Overleg met de bestuurder", starts_at=hours_from_now(-3))


def test_w_adv_4_board_attendance_is_recorded_and_changed(cast: Cast, past_joint_meeting: Meeting) -> None:
    row = services.board_attendance_record(
        meeting=past_joint_meeting, user=cast.board, status=AttendanceStatus.PRESENT, actor=cast.supporter
    )
    assert services.board_was_present(past_joint_meeting)
    services.board_attendance_record(
        meeting=past_joint_meeting, user=cast.board, status=AttendanceStatus.EXCUSED, actor=cast.supporter
    )
    row.refresh_from_db()
    assert row.status == AttendanceStatus.EXCUSED
    assert not services.board_was_present(past_joint_meeting)
    assert row.history.count() == 2
    assert row.history.first().history_user == cast.supporter


def test_w_adv_4_board_attendance_only_for_a_board_member_at_a_started_meeting(
    cast: Cast, past_joint_meeting: Meeting
) -> None:
    with pytest.raises(ValidationError) as error:
        services.board_attendance_record(
            meeting=past_joint_meeting, user=cast.member, status=AttendanceStatus.PRESENT, actor=None
        )
    assert error.value.code == "not_board"
    future = make_meeting(body=cast.council, starts_at=hours_from_now(24))
    with pytest.raises(ValidationError) as error:
        services.board_attendance_record(meeting=future, user=cast.board, status=AttendanceStatus.PRESENT, actor=None)
    assert error.value.code == "future"
    with pytest.raises(ValidationError):
        services.board_attendance_record(meeting=past_joint_meeting, user=cast.board, status="maybe", actor=None)
    assert not BoardAttendance.objects.exists()


def test_w_adv_4_supporter_records_the_board_on_the_attendance_page(cast: Cast, past_joint_meeting: Meeting) -> None:
    # The council's own supporter manages its joint meetings (W-BODY-6).
    council_services.body_supporter_add(body=cast.council, user=cast.supporter, actor=None, reason="test data")
    client = cast.client("supporter")
    response = client.get(_url(past_joint_meeting))
    assert response.status_code == 200
    assert cast.board in response.context["form"].board
    html5lib.HTMLParser(strict=True).parse(response.content)
    field = f"board_{cast.board.pk}"
    assert client.post(_url(past_joint_meeting), {field: AttendanceStatus.PRESENT}).status_code == 302
    row = BoardAttendance.objects.get()
    assert (row.user, row.status, row.meeting) == (cast.board, AttendanceStatus.PRESENT, past_joint_meeting)
    assert client.get(_url(past_joint_meeting)).context["form"].initial[field] == AttendanceStatus.PRESENT
    detail = client.get(reverse("meetings:meeting_detail", kwargs={"uuid": past_joint_meeting.uuid}))
    assert detail.context["board_attendance"] == [row]
    assert 'data-testid="board-attendance"' in detail.content.decode()
    # A member neither records nor sees it; the page is the meeting's gate (MANAGE).
    assert cast.client("member").post(_url(past_joint_meeting), {field: AttendanceStatus.ABSENT}).status_code == 403
    member_detail = cast.client("member").get(
        reverse("meetings:meeting_detail", kwargs={"uuid": past_joint_meeting.uuid})
    )
    assert member_detail.context["board_attendance"] == []
    row.refresh_from_db()
    assert row.status == AttendanceStatus.PRESENT
