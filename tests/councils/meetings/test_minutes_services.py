"""minutes_save_draft / minutes_share / minutes_approve / minutes_correct: immutable after approval."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from councils.meetings import services
from councils.models import AgendaItemKind, Meeting, MeetingStatus, Minutes, MinutesStatus
from members.models import Role as MemberRole
from tests.conftest import Cast
from tests.councils.meetings.conftest import hours_from_now
from tests.factories import make_meeting, make_membership, make_person


@pytest.fixture
def held_meeting(past_chamber_meeting: Meeting) -> Meeting:
    services.agenda_item_add(meeting=past_chamber_meeting, title="Opening", kind=AgendaItemKind.INFORMATION, actor=None)
    services.meeting_publish_agenda(meeting=past_chamber_meeting, actor=None)
    return services.meeting_mark_held(meeting=past_chamber_meeting, actor=None)


@pytest.fixture
def shared_minutes(held_meeting: Meeting, cast: Cast) -> Minutes:
    minutes = services.minutes_save_draft(meeting=held_meeting, text="Wij spraken over de zorg.", actor=cast.supporter)
    return services.minutes_share(minutes=minutes, actor=cast.supporter)


def test_minutes_save_draft_creates_then_edits_version_1(held_meeting: Meeting, cast: Cast) -> None:
    minutes = services.minutes_save_draft(meeting=held_meeting, text="Eerste versie", actor=cast.supporter)
    again = services.minutes_save_draft(meeting=held_meeting, text="Tweede tekst", actor=cast.supporter)
    assert again.pk == minutes.pk
    assert again.version == 1
    assert again.text == "Tweede tekst"
    assert [h.text for h in again.history.order_by("history_date")] == ["Eerste versie", "Tweede tekst"]
    assert again.history.first().history_user == cast.supporter


def test_minutes_save_draft_refuses_planned_and_cancelled_meetings(chamber_meeting: Meeting) -> None:
    with pytest.raises(ValidationError, match="once the agenda is published"):
        services.minutes_save_draft(meeting=chamber_meeting, text="x", actor=None)
    services.meeting_cancel(meeting=chamber_meeting, reason="Vervalt", actor=None)
    with pytest.raises(ValidationError, match="cancelled meeting has no minutes"):
        services.minutes_save_draft(meeting=chamber_meeting, text="x", actor=None)


def test_minutes_share(held_meeting: Meeting) -> None:
    minutes = services.minutes_save_draft(meeting=held_meeting, text="Tekst", actor=None)
    minutes = services.minutes_share(minutes=minutes, actor=None)
    assert minutes.status == MinutesStatus.SHARED
    assert minutes.shared_at is not None
    with pytest.raises(ValidationError, match="Only draft minutes"):
        services.minutes_share(minutes=minutes, actor=None)


def test_minutes_approve_at_a_later_meeting_makes_them_immutable(
    shared_minutes: Minutes, held_meeting: Meeting, cast: Cast
) -> None:
    later = make_meeting(body=cast.chamber, starts_at=hours_from_now(-1))
    minutes = services.minutes_approve(
        minutes=shared_minutes, approved_on=timezone.localdate(), at_meeting=later, actor=cast.supporter
    )
    assert minutes.status == MinutesStatus.APPROVED
    assert (minutes.approved_at_meeting, minutes.approved_by) == (later, cast.supporter)
    held_meeting.refresh_from_db()
    assert held_meeting.status == MeetingStatus.MINUTES_APPROVED
    with pytest.raises(ValidationError, match="Approved minutes cannot be changed"):
        services.minutes_save_draft(meeting=held_meeting, text="Stiekem anders", actor=None)
    with pytest.raises(ValidationError):
        services.minutes_share(minutes=minutes, actor=None)
    with pytest.raises(ValidationError):
        services.minutes_approve(minutes=minutes, approved_on=timezone.localdate(), at_meeting=later, actor=None)
    minutes.refresh_from_db()
    assert minutes.text == "Wij spraken over de zorg."


def test_minutes_approve_by_the_chair(shared_minutes: Minutes, cast: Cast) -> None:
    with pytest.raises(ValidationError, match="is not the chair"):
        services.minutes_approve(
            minutes=shared_minutes, approved_on=timezone.localdate(), by_chair=cast.member_person, actor=None
        )
    chair = make_person(display_name="Voorzitter")
    make_membership(body=cast.chamber, person=chair, role=MemberRole.CHAIR)
    minutes = services.minutes_approve(
        minutes=shared_minutes, approved_on=timezone.localdate(), by_chair=chair, actor=cast.supporter
    )
    assert minutes.approved_by_chair == chair


def test_minutes_approve_needs_exactly_one_way_and_a_later_meeting(
    shared_minutes: Minutes, held_meeting: Meeting, cast: Cast
) -> None:
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="at a meeting or by the chair"):
        services.minutes_approve(minutes=shared_minutes, approved_on=today, actor=None)
    earlier = make_meeting(body=cast.chamber, starts_at=held_meeting.starts_at - datetime.timedelta(days=30))
    other_body = make_meeting(body=cast.other_chamber, starts_at=hours_from_now(-1))
    for meeting in (earlier, other_body, held_meeting):
        with pytest.raises(ValidationError, match="later meeting"):
            services.minutes_approve(minutes=shared_minutes, approved_on=today, at_meeting=meeting, actor=None)
    with pytest.raises(ValidationError, match="future"):
        services.minutes_approve(
            minutes=shared_minutes, approved_on=today + datetime.timedelta(days=1), at_meeting=earlier, actor=None
        )


def test_minutes_approve_needs_shared_minutes(held_meeting: Meeting, cast: Cast) -> None:
    draft = services.minutes_save_draft(meeting=held_meeting, text="Concept", actor=None)
    later = make_meeting(body=cast.chamber, starts_at=hours_from_now(-1))
    with pytest.raises(ValidationError, match="after they were shared"):
        services.minutes_approve(minutes=draft, approved_on=timezone.localdate(), at_meeting=later, actor=None)


def test_minutes_correct_is_a_new_version(shared_minutes: Minutes, held_meeting: Meeting, cast: Cast) -> None:
    later = make_meeting(body=cast.chamber, starts_at=hours_from_now(-1))
    approved = services.minutes_approve(
        minutes=shared_minutes, approved_on=timezone.localdate(), at_meeting=later, actor=None
    )
    with pytest.raises(ValidationError, match="Give a reason"):
        services.minutes_correct(minutes=approved, text="Verbeterd", reason="", actor=None)
    correction = services.minutes_correct(
        minutes=approved, text="Verbeterd", reason="Naam verkeerd gespeld", actor=cast.supporter
    )
    assert (correction.version, correction.status, correction.corrects) == (2, MinutesStatus.DRAFT, approved)
    approved.refresh_from_db()
    assert approved.status == MinutesStatus.APPROVED
    assert approved.text == "Wij spraken over de zorg."
    # The correction is a draft: it is edited through minutes_save_draft, then shared and approved.
    services.minutes_save_draft(meeting=held_meeting, text="Verbeterd, met de juiste naam", actor=None)
    correction.refresh_from_db()
    assert correction.text == "Verbeterd, met de juiste naam"
    with pytest.raises(ValidationError, match="newer version"):
        services.minutes_correct(minutes=approved, text="Nog eens", reason="x", actor=None)
    assert list(Minutes.objects.filter(meeting=held_meeting).approved()) == [approved]
