"""The meeting notice sweep (issue 6 item 7): e-mails with an .ics invitation, update and cancellation, once."""

import datetime
import smtplib
from typing import Any

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from councils.meetings import services
from councils.meetings.notices import meeting_notices_send
from councils.models import AgendaItemKind, Meeting, MeetingNotice
from tests.conftest import Cast


def _publish(meeting: Meeting, cast: Cast) -> Meeting:
    services.agenda_item_add(meeting=meeting, title="Opening", kind=AgendaItemKind.INFORMATION, actor=cast.supporter)
    return services.meeting_publish_agenda(meeting=meeting, actor=cast.supporter)


def _ics(message: Any) -> icalendar.Calendar:
    attachments = [a for a in message.attachments if a.filename.endswith(".ics")]
    assert len(attachments) == 1
    assert attachments[0].mimetype == "text/calendar"
    content = attachments[0].content
    return icalendar.Calendar.from_ical(content.encode() if isinstance(content, str) else content)


def _event(calendar: icalendar.Calendar) -> icalendar.Event:
    events = [event for event in calendar.walk("VEVENT") if isinstance(event, icalendar.Event)]
    assert len(events) == 1
    return events[0]


def _to(address: str) -> list[Any]:
    return [message for message in mail.outbox if message.to == [address]]


def test_publishing_sends_an_invitation_with_an_ics_to_each_invitee(
    cast: Cast, chamber_meeting: Meeting, mailoutbox: list[Any]
) -> None:
    meeting = _publish(chamber_meeting, cast)
    assert meeting.pending_notice == MeetingNotice.INVITATION

    sent = meeting_notices_send(now=timezone.now())

    # The member (Mia) and the chamber's supporter; not the other chamber's member, not the board.
    assert sent == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["mia@example.org", "sam-supporter@example.org"]
    (message,) = _to("mia@example.org")
    assert "Jongerenraad november" in message.subject
    assert "Hello Mia" in message.body or "Hallo Mia" in message.body
    calendar = _ics(message)
    assert calendar["METHOD"] == "REQUEST"
    event = _event(calendar)
    assert str(event["UID"]) == meeting.ics_uid
    assert event.decoded("SEQUENCE") == meeting.ics_sequence == 0
    assert str(event["SUMMARY"]) == "Jongerenraad november"
    assert str(event["LOCATION"]) == "Kantoor Den Haag"
    assert event.decoded("DTSTART") == meeting.starts_at
    assert event.decoded("DTEND") == meeting.ends_at
    # Only the recipient is an attendee: the other invitees' addresses are not in anyone's .ics.
    assert str(event["ATTENDEE"]).lower() == "mailto:mia@example.org"
    assert "sam-supporter@example.org" not in calendar.to_ical().decode()
    meeting.refresh_from_db()
    assert meeting.pending_notice == MeetingNotice.NONE


def test_running_the_sweep_twice_sends_once(cast: Cast, chamber_meeting: Meeting, mailoutbox: list[Any]) -> None:
    _publish(chamber_meeting, cast)
    now = timezone.now()
    assert meeting_notices_send(now=now) == 2  # the member and the supporter
    assert meeting_notices_send(now=now) == 0
    assert len(mailoutbox) == 2


def test_a_time_change_sends_an_update_with_the_same_uid_and_a_higher_sequence(
    cast: Cast, chamber_meeting: Meeting, mailoutbox: list[Any]
) -> None:
    meeting = _publish(chamber_meeting, cast)
    meeting_notices_send(now=timezone.now())
    first = _event(_ics(_to("mia@example.org")[0]))

    later = meeting.starts_at + datetime.timedelta(hours=2)
    services.meeting_update(
        meeting=meeting, data={"starts_at": later, "ends_at": later + datetime.timedelta(hours=1)}, actor=None
    )
    assert meeting_notices_send(now=timezone.now()) == 2

    update = _ics(_to("mia@example.org")[1])
    assert update["METHOD"] == "REQUEST"
    event = _event(update)
    assert str(event["UID"]) == str(first["UID"])
    assert event.decoded("SEQUENCE") > first.decoded("SEQUENCE")
    assert event.decoded("DTSTART") == later


def test_cancelling_sends_a_cancellation(cast: Cast, chamber_meeting: Meeting, mailoutbox: list[Any]) -> None:
    meeting = _publish(chamber_meeting, cast)
    meeting_notices_send(now=timezone.now())
    services.meeting_cancel(meeting=meeting, reason="Te weinig aanmeldingen", actor=cast.supporter)

    assert meeting_notices_send(now=timezone.now()) == 2
    calendar = _ics(_to("mia@example.org")[1])
    assert calendar["METHOD"] == "CANCEL"
    event = _event(calendar)
    assert str(event["UID"]) == meeting.ics_uid
    assert str(event["STATUS"]) == "CANCELLED"
    assert event.decoded("SEQUENCE") == 1
    # The reason stays in the portal: nothing beyond title, time and place in the .ics.
    assert "aanmeldingen" not in calendar.to_ical().decode()


def test_a_joint_meeting_invites_both_chambers_and_the_board(
    cast: Cast, joint_meeting: Meeting, mailoutbox: list[Any]
) -> None:
    cast.board.email = "bob@example.org"
    cast.board.save()
    cast.other_member_person.email = "olga@example.org"
    cast.other_member_person.save()
    _publish(joint_meeting, cast)
    meeting_notices_send(now=timezone.now())
    assert sorted(m.to[0] for m in mailoutbox) == [
        "bob@example.org",
        "mia@example.org",
        "olga@example.org",
        "sam-supporter@example.org",
    ]


def test_a_failing_mail_server_puts_the_notice_back(
    cast: Cast, chamber_meeting: Meeting, monkeypatch: pytest.MonkeyPatch
) -> None:
    meeting = _publish(chamber_meeting, cast)

    def fail(*args: Any, **kwargs: Any) -> None:
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr("councils.meetings.notices.send_templated_email", fail)
    with pytest.raises(smtplib.SMTPException):
        meeting_notices_send(now=timezone.now())
    meeting.refresh_from_db()
    assert meeting.pending_notice == MeetingNotice.INVITATION


def test_a_meeting_taken_by_another_worker_is_not_sent(
    cast: Cast, chamber_meeting: Meeting, mailoutbox: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Compare-and-set: when the claim updates no row (another worker was first), nothing is sent here."""
    _publish(chamber_meeting, cast)
    original = Meeting.objects.filter

    def filter_taken(*args: Any, **kwargs: Any) -> Any:
        if "pending_notice" in kwargs and "pk" in kwargs:
            Meeting.objects.exclude(pending_notice="").update(pending_notice="")  # the other worker's claim
        return original(*args, **kwargs)

    monkeypatch.setattr(Meeting.objects, "filter", filter_taken)
    assert meeting_notices_send(now=timezone.now()) == 0
    assert mailoutbox == []


def test_the_notices_task_runs_the_sweep(cast: Cast, chamber_meeting: Meeting, mailoutbox: list[Any]) -> None:
    from councils.meetings.tasks import meeting_notices_send_task

    _publish(chamber_meeting, cast)
    assert meeting_notices_send_task.delay().get() == 2
    assert len(mailoutbox) == 2
