"""The personal iCal feed (issue 6 item 8): only the user's meetings, a token that can be renewed (old URL: 404)."""

from typing import Any
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from councils.meetings import services
from councils.meetings.services.calendar_feed import (
    calendar_feed_get_or_create,
    calendar_feed_renew,
    calendar_feed_token,
    calendar_feed_user,
)
from councils.models import Meeting
from councils.models.meetings import CalendarFeed
from tests.conftest import Cast
from tests.factories import make_meeting
from tests.helpers import login_verified


def _feed(token: str) -> Any:
    return Client().get(reverse("calendar:feed"), {"token": token})


def _uids(response: Any) -> set[str]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["UID"]) for event in calendar.walk("VEVENT")}


def test_the_feed_holds_only_the_meetings_the_user_may_see(
    cast: Cast, chamber_meeting: Meeting, joint_meeting: Meeting
) -> None:
    other = make_meeting(body=cast.other_chamber, title="Ouderraad")
    token = calendar_feed_token(calendar_feed_get_or_create(user=cast.member, actor=cast.member))

    assert _uids(_feed(token)) == {chamber_meeting.ics_uid, joint_meeting.ics_uid}
    board_token = calendar_feed_token(calendar_feed_get_or_create(user=cast.board, actor=None))
    assert _uids(_feed(board_token)) == {chamber_meeting.ics_uid, joint_meeting.ics_uid, other.ics_uid}
    outsider_token = calendar_feed_token(calendar_feed_get_or_create(user=cast.outsider, actor=None))
    assert _uids(_feed(outsider_token)) == set()


def test_the_feed_event_holds_title_time_place_and_link_only(cast: Cast) -> None:
    meeting = make_meeting(body=cast.chamber, title="Avondoverleg", online_link="https://meet.example.org/abc")
    services.meeting_cancel(meeting=meeting, reason="Geheime reden", actor=None)
    token = calendar_feed_token(calendar_feed_get_or_create(user=cast.member, actor=None))
    response = _feed(token)
    calendar = icalendar.Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Avondoverleg"
    assert str(event["STATUS"]) == "CANCELLED"  # cancelled meetings stay, marked as such
    assert event.decoded("SEQUENCE") == 1
    assert event.decoded("DTSTART") == meeting.starts_at
    assert "https://meet.example.org/abc" in str(event["DESCRIPTION"])
    assert b"Geheime reden" not in response.content
    assert b"ATTENDEE" not in response.content
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("token", ["", "nonsense", "abc:def"])
def test_a_missing_or_unknown_token_is_404(cast: Cast, token: str) -> None:
    calendar_feed_get_or_create(user=cast.member, actor=None)
    assert _feed(token).status_code == 404
    assert Client().get(reverse("calendar:feed")).status_code == 404


def test_a_forged_token_with_a_known_key_is_404(cast: Cast) -> None:
    feed = calendar_feed_get_or_create(user=cast.member, actor=None)
    assert _feed(f"{feed.key}:forged-signature").status_code == 404
    assert calendar_feed_user(feed.key) is None


def test_a_renewed_token_makes_the_old_url_404(cast: Cast, chamber_meeting: Meeting) -> None:
    old = calendar_feed_token(calendar_feed_get_or_create(user=cast.member, actor=cast.member))
    assert _feed(old).status_code == 200

    client = login_verified(Client(), cast.member)
    response = client.post(reverse("calendar:feed_token_renew"))
    assert response.status_code == 302
    assert response["Location"] == reverse("calendar:feed_settings")

    new = calendar_feed_token(CalendarFeed.objects.get(user=cast.member))
    assert new != old
    assert _feed(old).status_code == 404
    assert _uids(_feed(new)) == {chamber_meeting.ics_uid}
    feed = CalendarFeed.objects.get(user=cast.member)
    assert [h.history_change_reason for h in feed.history.order_by("history_id")] == [
        "Calendar link created",
        "Calendar link renewed",
    ]
    assert not hasattr(feed.history.first(), "key")  # the secret is not kept in history


def test_an_inactive_users_feed_is_404(cast: Cast) -> None:
    token = calendar_feed_token(calendar_feed_get_or_create(user=cast.member, actor=None))
    cast.member.is_active = False
    cast.member.save()
    assert _feed(token).status_code == 404


def test_the_settings_page_creates_the_feed_and_shows_its_url(cast: Cast, chamber_meeting: Meeting) -> None:
    client = login_verified(Client(), cast.member)
    response = client.get(reverse("calendar:feed_settings"))
    assert response.status_code == 200
    feed = CalendarFeed.objects.get(user=cast.member)
    url = response.context["feed_url"]
    assert url.startswith("http://testserver/agenda.ics?token=")
    assert parse_qs(urlsplit(url).query)["token"] == [calendar_feed_token(feed)]
    assert url in response.content.decode()
    # A second visit shows the same URL (no new token).
    assert client.get(reverse("calendar:feed_settings")).context["feed_url"] == url
    assert _uids(_feed(calendar_feed_token(feed))) == {chamber_meeting.ics_uid}


def test_renew_is_post_only_and_needs_a_login(cast: Cast) -> None:
    assert login_verified(Client(), cast.member).get(reverse("calendar:feed_token_renew")).status_code == 405
    response = Client().post(reverse("calendar:feed_token_renew"))
    assert response.status_code == 302
    assert "login" in response["Location"] or "inloggen" in response["Location"]
    assert not CalendarFeed.objects.exists()


def test_the_feed_renew_service_revokes(cast: Cast) -> None:
    first = calendar_feed_get_or_create(user=cast.member, actor=None)
    token = calendar_feed_token(first)
    assert calendar_feed_user(token) == cast.member
    calendar_feed_renew(user=cast.member, actor=None)
    assert calendar_feed_user(token) is None
    assert CalendarFeed.objects.filter(user=cast.member).count() == 1
    renewed_at = CalendarFeed.objects.get(user=cast.member).renewed_at
    assert renewed_at is not None
    assert renewed_at <= timezone.now()


def test_the_feed_writes_each_event_as_the_invitation_does(cast: Cast) -> None:
    """The feed's hand-written events (councils/meetings/calendar.py) say what notices.meeting_event says, also for
    a long title with accents and commas, which is escaped and folded at 75 octets."""
    from councils.meetings.notices import meeting_event

    meeting = make_meeting(
        body=cast.chamber,
        title="Overleg; jeugdzorg, wachtlijsten en „geïnformeerd” besluiten — een héél lange titel " * 2,
        place="Zaal 3, Laan van Meerdervoort 1\\2",
        online_link="https://meet.example.org/abc?x=1,2",
    )
    token = calendar_feed_token(calendar_feed_get_or_create(user=cast.member, actor=None))
    response = _feed(token)
    assert all(len(line) <= 75 for line in response.content.split(b"\r\n"))
    (feed_event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    expected = meeting_event(meeting, now=timezone.now())
    for name in ("UID", "SEQUENCE", "SUMMARY", "LOCATION", "DESCRIPTION", "STATUS", "DTSTART", "DTEND"):
        assert feed_event.decoded(name) == expected.decoded(name), name
    assert ("URL" in feed_event) == ("URL" in expected)
