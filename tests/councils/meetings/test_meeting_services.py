"""meeting_create / meeting_update / meeting_publish_agenda / meeting_cancel / meeting_mark_held, the meeting
QuerySet reads and W-OVL-1's count of joint meetings."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from councils import services as council_services
from councils.meetings import services
from councils.models import (
    AgendaItemKind,
    Meeting,
    MeetingKind,
    MeetingNotice,
    MeetingStatus,
    Regulation,
    joint_meeting_tally,
)
from tests.conftest import Cast
from tests.councils.meetings.conftest import hours_from_now
from tests.factories import make_meeting


def _published(meeting: Meeting) -> Meeting:
    services.agenda_item_add(meeting=meeting, title="Opening", kind=AgendaItemKind.INFORMATION, actor=None)
    return services.meeting_publish_agenda(meeting=meeting, actor=None)


def test_meeting_create_records_history_and_actor(cast: Cast) -> None:
    starts = hours_from_now(24)
    meeting = services.meeting_create(
        body=cast.chamber,
        kind=MeetingKind.CHAMBER,
        title="  Jongerenraad  ",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        online_link="https://meet.example.org/jr",
        actor=cast.supporter,
    )
    assert meeting.title == "Jongerenraad"
    assert meeting.status == MeetingStatus.PLANNED
    assert meeting.ics_sequence == 0
    record = meeting.history.get()
    assert record.history_user == cast.supporter
    assert record.history_change_reason == "Meeting planned"


@pytest.mark.parametrize(
    ("body_name", "kind"),
    [("chamber", MeetingKind.JOINT), ("council", MeetingKind.CHAMBER), ("council", MeetingKind.PANEL)],
)
def test_meeting_create_refuses_a_kind_that_does_not_fit_the_body(cast: Cast, body_name: str, kind: str) -> None:
    with pytest.raises(ValidationError) as error:
        make_meeting(body=getattr(cast, body_name), kind=kind)
    assert "kind" in error.value.message_dict


def test_meeting_create_refuses_an_end_before_the_start(cast: Cast) -> None:
    starts = hours_from_now(24)
    with pytest.raises(ValidationError, match="must end after it starts"):
        make_meeting(body=cast.chamber, starts_at=starts, ends_at=starts - datetime.timedelta(minutes=1))
    assert not Meeting.objects.exists()


def test_meeting_update_of_a_planned_meeting_bumps_the_sequence_without_notice(chamber_meeting: Meeting) -> None:
    later = chamber_meeting.starts_at + datetime.timedelta(hours=1)
    result = services.meeting_update(
        meeting=chamber_meeting, data={"starts_at": later, "ends_at": later + datetime.timedelta(hours=1)}, actor=None
    )
    assert result.schedule_changed
    assert not result.attendees_need_update  # no invitation went out yet
    assert result.meeting.ics_sequence == 1
    assert result.meeting.pending_notice == MeetingNotice.NONE


def test_meeting_update_of_a_published_meeting_records_an_update_for_the_attendees(chamber_meeting: Meeting) -> None:
    meeting = _published(chamber_meeting)
    Meeting.objects.filter(pk=meeting.pk).update(pending_notice=MeetingNotice.NONE)  # the invitation was sent
    result = services.meeting_update(
        meeting=meeting, data={"place": "Buurthuis", "title": "Nieuw"}, actor=None, reason="Andere zaal"
    )
    assert result.schedule_changed
    assert result.attendees_need_update
    meeting.refresh_from_db()
    assert (meeting.ics_sequence, meeting.pending_notice, meeting.title) == (1, MeetingNotice.UPDATE, "Nieuw")
    assert meeting.history.first().history_change_reason == "Andere zaal"


def test_meeting_update_of_the_title_only_keeps_the_sequence(chamber_meeting: Meeting) -> None:
    result = services.meeting_update(meeting=chamber_meeting, data={"title": "Anders"}, actor=None)
    assert not result.schedule_changed
    assert result.meeting.ics_sequence == 0


def test_meeting_update_refuses_unknown_fields_and_cancelled_meetings(chamber_meeting: Meeting) -> None:
    with pytest.raises(ValidationError, match="cannot be changed here"):
        services.meeting_update(meeting=chamber_meeting, data={"status": "held"}, actor=None)
    services.meeting_cancel(meeting=chamber_meeting, reason="Te weinig leden", actor=None)
    with pytest.raises(ValidationError, match="cancelled meeting cannot be changed"):
        services.meeting_update(meeting=chamber_meeting, data={"title": "x"}, actor=None)


def test_meeting_publish_agenda_needs_an_item(chamber_meeting: Meeting) -> None:
    with pytest.raises(ValidationError, match="at least one agenda item"):
        services.meeting_publish_agenda(meeting=chamber_meeting, actor=None)
    meeting = _published(chamber_meeting)
    assert meeting.status == MeetingStatus.AGENDA_PUBLISHED
    assert meeting.agenda_published_at is not None
    assert meeting.pending_notice == MeetingNotice.INVITATION
    with pytest.raises(ValidationError, match="Only the agenda of a planned meeting"):
        services.meeting_publish_agenda(meeting=meeting, actor=None)


def test_meeting_cancel_needs_a_reason_and_tells_who_was_invited(chamber_meeting: Meeting, cast: Cast) -> None:
    with pytest.raises(ValidationError, match="Give a reason"):
        services.meeting_cancel(meeting=chamber_meeting, reason=" ", actor=None)
    meeting = _published(chamber_meeting)
    meeting = services.meeting_cancel(meeting=meeting, reason="Ziekte", actor=cast.supporter)
    assert meeting.status == MeetingStatus.CANCELLED
    assert meeting.cancelled_reason == "Ziekte"
    assert meeting.ics_sequence == 1
    assert meeting.pending_notice == MeetingNotice.CANCELLATION
    with pytest.raises(ValidationError):
        services.meeting_cancel(meeting=meeting, reason="Nog eens", actor=None)


def test_meeting_cancel_before_publishing_sends_nothing(chamber_meeting: Meeting) -> None:
    meeting = services.meeting_cancel(meeting=chamber_meeting, reason="Vervalt", actor=None)
    assert meeting.pending_notice == MeetingNotice.NONE


def test_meeting_mark_held_only_once_started(chamber_meeting: Meeting, past_chamber_meeting: Meeting) -> None:
    with pytest.raises(ValidationError, match="once it has started"):
        services.meeting_mark_held(meeting=chamber_meeting, actor=None)
    meeting = services.meeting_mark_held(meeting=past_chamber_meeting, actor=None)
    assert meeting.status == MeetingStatus.HELD
    assert meeting.held_at is not None
    with pytest.raises(ValidationError, match="time and place of a meeting that was held"):
        services.meeting_update(meeting=meeting, data={"place": "Elders"}, actor=None)


def test_upcoming_and_past_take_the_moment(cast: Cast, chamber_meeting: Meeting, past_chamber_meeting: Meeting) -> None:
    now = timezone.now()
    assert list(Meeting.objects.upcoming(now)) == [chamber_meeting]
    assert list(Meeting.objects.past(now)) == [past_chamber_meeting]
    assert chamber_meeting.is_upcoming(now)
    assert past_chamber_meeting.is_past(now)
    later = chamber_meeting.ends_at
    assert set(Meeting.objects.past(later)) == {chamber_meeting, past_chamber_meeting}
    assert chamber_meeting.is_past(later)
    assert list(Meeting.objects.for_bodies([cast.other_chamber])) == []


def test_w_ovl_1_joint_meetings_this_year_are_counted_against_the_target(cast: Cast) -> None:
    tz = timezone.get_current_timezone()
    with time_machine.travel(datetime.datetime(2026, 6, 15, 12, tzinfo=tz), tick=False):
        now = timezone.now()
        held = [
            make_meeting(body=cast.council, starts_at=datetime.datetime(2026, month, 10, 19, tzinfo=tz))
            for month in (2, 4)
        ]
        make_meeting(body=cast.council, starts_at=datetime.datetime(2026, 9, 10, 19, tzinfo=tz))  # scheduled
        cancelled = make_meeting(body=cast.council, starts_at=datetime.datetime(2026, 10, 10, 19, tzinfo=tz))
        services.meeting_cancel(meeting=cancelled, reason="Vervalt", actor=None)
        make_meeting(body=cast.council, starts_at=datetime.datetime(2025, 12, 31, 22, tzinfo=tz))  # last year
        make_meeting(body=cast.chamber, starts_at=datetime.datetime(2026, 3, 1, 19, tzinfo=tz))  # not joint
        # New Year's Eve 23:30 in Amsterdam is 22:30 UTC: it counts for the local year.
        make_meeting(body=cast.council, starts_at=datetime.datetime(2026, 12, 31, 23, 30, tzinfo=tz))

        assert Meeting.objects.joint_in_year(cast.council, 2026).count() == 4
        tally = joint_meeting_tally(cast.council, year=2026, now=now)
    assert (tally.held, tally.scheduled, tally.target, tally.minimum) == (2, 4, 8, 1)
    assert tally.meets_minimum
    assert not tally.meets_target
    assert all(m.kind == MeetingKind.JOINT for m in held)
    regulation = Regulation.objects.get(council=cast.council)
    council_services.regulation_update(
        regulation=regulation, data={"joint_meetings_target": 10}, actor=None, reason="Nieuwe regeling"
    )
    assert joint_meeting_tally(cast.council, year=2026, now=now).target == 10
    assert not joint_meeting_tally(cast.council, year=2027, now=now).meets_minimum


def test_meeting_invitees_of_a_chamber_meeting(cast: Cast, chamber_meeting: Meeting) -> None:
    invitees = services.meeting_invitees(chamber_meeting, on=timezone.localdate())
    supporter_name = cast.supporter.get_full_name() or cast.supporter.get_username()
    assert [(i.role, i.name) for i in invitees] == [("member", "Mia"), ("supporter", supporter_name)]
    assert invitees[0].person == cast.member_person
    assert invitees[0].user == cast.member


def test_meeting_invitees_of_a_joint_meeting_are_both_chambers_supporters_and_the_board(
    cast: Cast, joint_meeting: Meeting
) -> None:
    invitees = services.meeting_invitees(joint_meeting, on=timezone.localdate())
    by_role = {(i.role, i.user.pk if i.user else None) for i in invitees}
    assert by_role == {
        ("member", cast.member.pk),
        ("member", cast.other_member.pk),
        ("supporter", cast.supporter.pk),
        ("board", cast.board.pk),
    }
    assert cast.administrator.pk not in {i.user.pk for i in invitees if i.user}


def test_meeting_invitees_leave_out_members_whose_membership_has_not_started(
    cast: Cast, chamber_meeting: Meeting
) -> None:
    assert services.meeting_invitees(chamber_meeting, on=datetime.date(2025, 12, 31)) == [
        i for i in services.meeting_invitees(chamber_meeting, on=timezone.localdate()) if i.role == "supporter"
    ]
