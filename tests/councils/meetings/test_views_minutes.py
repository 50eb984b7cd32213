"""Minutes pages: the draft, sharing, the approval (at a later meeting or by the chair), corrections."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from councils.meetings import services
from councils.models import Meeting, MeetingStatus, Minutes, MinutesStatus
from members.models import Role
from members.services import memberships
from tests.conftest import Cast
from tests.factories import make_meeting


@pytest.fixture
def held_meeting(cast: Cast, past_chamber_meeting: Meeting) -> Meeting:
    services.agenda_item_add(meeting=past_chamber_meeting, title="Opening", kind="information", actor=None)
    services.meeting_publish_agenda(meeting=past_chamber_meeting, actor=None)
    services.meeting_mark_held(meeting=past_chamber_meeting, actor=None)
    return past_chamber_meeting


def _url(name: str, meeting: Meeting) -> str:
    return reverse(f"meetings:{name}", kwargs={"uuid": meeting.uuid})


def _shared(meeting: Meeting) -> Minutes:
    minutes = services.minutes_save_draft(meeting=meeting, text="We bespraken het jaarplan.", actor=None)
    return services.minutes_share(minutes=minutes, actor=None)


def test_supporter_writes_and_shares_the_draft(cast: Cast, held_meeting: Meeting) -> None:
    client = cast.client("supporter")
    assert client.get(_url("minutes_edit", held_meeting)).status_code == 200
    assert client.post(_url("minutes_edit", held_meeting), {"text": "Concept"}).status_code == 302
    minutes = Minutes.objects.get()
    assert (minutes.text, minutes.status) == ("Concept", MinutesStatus.DRAFT)
    assert client.get(_url("minutes_edit", held_meeting)).context["form"].initial == {"text": "Concept"}
    assert client.get(_url("minutes_share", held_meeting)).status_code == 405
    assert client.post(_url("minutes_share", held_meeting)).status_code == 302
    assert Minutes.objects.get().status == MinutesStatus.SHARED


def test_an_empty_draft_is_refused(cast: Cast, held_meeting: Meeting) -> None:
    response = cast.client("supporter").post(_url("minutes_edit", held_meeting), {"text": ""})
    assert response.status_code == 200
    assert "text" in response.context["form"].errors
    assert not Minutes.objects.exists()


def test_minutes_of_a_planned_meeting_are_refused_with_the_services_message(
    cast: Cast, chamber_meeting: Meeting
) -> None:
    response = cast.client("supporter").post(_url("minutes_edit", chamber_meeting), {"text": "Te vroeg"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Minutes.objects.exists()


def test_minutes_pages_are_404_for_an_outsider_and_403_for_a_member(cast: Cast, held_meeting: Meeting) -> None:
    _shared(held_meeting)
    for name in ("minutes_edit", "minutes_approve"):
        assert cast.client("outsider").get(_url(name, held_meeting)).status_code == 404
        assert cast.client("member").get(_url(name, held_meeting)).status_code == 403
    assert cast.client("member").post(_url("minutes_share", held_meeting)).status_code == 403
    assert cast.client("outsider").post(_url("minutes_share", held_meeting)).status_code == 404


def test_approve_at_a_later_meeting(cast: Cast, held_meeting: Meeting) -> None:
    minutes = _shared(held_meeting)
    later = make_meeting(body=cast.chamber, title="Volgende keer")
    make_meeting(body=cast.other_chamber, title="Ouderraad")  # not offered: another body
    client = cast.client("supporter")
    page = client.get(_url("minutes_approve", held_meeting))
    assert list(page.context["form"].fields["at_meeting"].queryset) == [later]
    today = timezone.localdate().isoformat()
    data = {"approved_on": today, "how": "meeting", "at_meeting": str(later.uuid)}
    assert client.post(_url("minutes_approve", held_meeting), data).status_code == 302
    minutes.refresh_from_db()
    assert (minutes.status, minutes.approved_at_meeting, minutes.approved_by) == (
        MinutesStatus.APPROVED,
        later,
        cast.supporter,
    )
    assert Meeting.objects.get(pk=held_meeting.pk).status == MeetingStatus.MINUTES_APPROVED
    # Nothing left to approve.
    assert client.get(_url("minutes_approve", held_meeting)).status_code == 404


def test_approve_by_the_chair(cast: Cast, held_meeting: Meeting) -> None:
    minutes = _shared(held_meeting)
    membership = cast.member_person.memberships.get(body=cast.chamber)
    memberships.membership_set_role(membership=membership, role=Role.CHAIR, actor=None, reason="Gekozen")
    client = cast.client("supporter")
    assert list(client.get(_url("minutes_approve", held_meeting)).context["form"].fields["chair"].queryset) == [
        cast.member_person
    ]
    data = {"approved_on": timezone.localdate().isoformat(), "how": "chair", "chair": str(cast.member_person.uuid)}
    assert client.post(_url("minutes_approve", held_meeting), data).status_code == 302
    minutes.refresh_from_db()
    assert minutes.approved_by_chair == cast.member_person


def test_approve_with_bad_input_is_re_rendered_and_saves_nothing(cast: Cast, held_meeting: Meeting) -> None:
    minutes = _shared(held_meeting)
    client = cast.client("supporter")
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    missing = client.post(_url("minutes_approve", held_meeting), {"approved_on": tomorrow, "how": "meeting"})
    assert missing.status_code == 200
    assert "at_meeting" in missing.context["form"].errors
    later = make_meeting(body=cast.chamber)
    future = client.post(
        _url("minutes_approve", held_meeting), {"approved_on": tomorrow, "how": "meeting", "at_meeting": later.uuid}
    )
    assert future.status_code == 200
    assert future.context["form"].non_field_errors()  # the service: not in the future
    assert Minutes.objects.get(pk=minutes.pk).status == MinutesStatus.SHARED


def test_correct_approved_minutes_makes_a_new_version(cast: Cast, held_meeting: Meeting) -> None:
    minutes = _shared(held_meeting)
    client = cast.client("supporter")
    assert client.get(_url("minutes_correct", held_meeting)).status_code == 404  # not approved yet
    later = make_meeting(body=cast.chamber)
    services.minutes_approve(minutes=minutes, approved_on=timezone.localdate(), at_meeting=later, actor=None)
    assert client.get(_url("minutes_correct", held_meeting)).context["form"].initial["text"] == minutes.text
    no_reason = client.post(_url("minutes_correct", held_meeting), {"text": "Verbeterd", "reason": ""})
    assert no_reason.status_code == 200
    assert Minutes.objects.count() == 1
    data = {"text": "Verbeterd", "reason": "Naam verkeerd gespeld"}
    assert client.post(_url("minutes_correct", held_meeting), data).status_code == 302
    correction = Minutes.objects.get(version=2)
    assert (correction.corrects, correction.status) == (minutes, MinutesStatus.DRAFT)
    assert Minutes.objects.get(pk=minutes.pk).text == "We bespraken het jaarplan."
    # Members still read the approved version until the correction is shared.
    member = cast.client("member").get(_url("meeting_detail", held_meeting))
    assert member.context["minutes"] == minutes
    assert cast.client("member").get(_url("minutes_correct", held_meeting)).status_code == 403
