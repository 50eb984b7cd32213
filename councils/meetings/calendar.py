"""The personal iCal feed (issue 6 item 8): the meetings a user may see, as one calendar.

Rows come only from the meeting gate (councils.meetings.permissions.meetings_for_user), for the user whose token
it is. Each event holds the title, time, place and online link, with the same UID and SEQUENCE as the e-mailed
invitations (councils.meetings.notices.meeting_event), so a calendar that has both shows one event. Cancelled
meetings stay in the feed with STATUS:CANCELLED (calendars strike them through instead of silently dropping them);
meetings that ended more than FEED_PAST_DAYS ago are left out, so the feed does not grow for ever.

Why the events are written here line by line instead of with icalendar.Event: building and serialising 500
icalendar components took about 120 ms (scripts/bench_ical.py; most of it in icalendar's per-property objects and
line folding), over the issue's 100 ms for a user with 500 meetings. The feed holds few, fixed properties, so
escaping and folding them here (RFC 5545 §3.1, §3.3.11) is small; the e-mails keep using icalendar, the tests parse
the feed with icalendar and check that its events say what meeting_event says.
"""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from accounts.models import User
from councils.meetings.notices import PRODID
from councils.meetings.permissions import MeetingAction, meetings_for_user
from councils.models import Meeting, MeetingStatus
from incluzio_mz.models import OrganisationProfile

FEED_PAST_DAYS = 365
FEED_COLUMNS = (
    "uuid", "title", "starts_at", "ends_at", "place", "online_link", "status", "ics_sequence", "body_id",
)  # fmt: skip
_UTC_FORMAT = "%Y%m%dT%H%M%SZ"
_PLACEHOLDER = UUID(int=0)


def calendar_feed_meetings(user: User, *, now: datetime) -> list[Meeting]:
    """The meetings in user's feed: those user may see that ended at most FEED_PAST_DAYS ago, by start."""
    rows = meetings_for_user(user, MeetingAction.VIEW).filter(ends_at__gt=now - timedelta(days=FEED_PAST_DAYS))
    return list(rows.select_related(None).only(*FEED_COLUMNS).order_by("starts_at", "pk"))


def _text(value: str) -> str:
    """An iCalendar TEXT value (RFC 5545 §3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line: str) -> bytes:
    """One content line, folded at 75 octets without splitting a UTF-8 character (RFC 5545 §3.1)."""
    data = line.encode()
    if len(data) <= 75:
        return data
    parts = []
    start, limit = 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # a continuation byte: step back to the start
            end -= 1
        parts.append(data[start:end])
        start, limit = end, 74  # a folded line starts with a space
    return b"\r\n ".join(parts)


def _page_url_pattern() -> str:
    """The absolute URL of a meeting page with "{uuid}" in it, or "" while the pages are not there."""
    try:
        path = reverse("meetings:meeting_detail", kwargs={"uuid": _PLACEHOLDER})
    except NoReverseMatch:
        return ""
    return f"{settings.SITE_URL}{path}".replace(str(_PLACEHOLDER), "{uuid}")


def _event_lines(meeting: Meeting, *, dtstamp: str, page_url: str) -> Iterator[str]:
    """The VEVENT of meeting, as councils.meetings.notices.meeting_event writes it."""
    yield "BEGIN:VEVENT"
    yield f"SUMMARY:{_text(meeting.title)}"
    yield f"DTSTART:{meeting.starts_at.astimezone(UTC).strftime(_UTC_FORMAT)}"
    yield f"DTEND:{meeting.ends_at.astimezone(UTC).strftime(_UTC_FORMAT)}"
    yield f"DTSTAMP:{dtstamp}"
    yield f"UID:{_text(meeting.ics_uid)}"
    yield f"SEQUENCE:{meeting.ics_sequence}"
    if meeting.place or meeting.online_link:
        yield f"LOCATION:{_text(meeting.place or meeting.online_link)}"
    if meeting.online_link:
        yield f"DESCRIPTION:{_text(f'Online: {meeting.online_link}')}"
    if page_url:
        yield f"URL:{page_url.format(uuid=meeting.uuid)}"
    yield f"STATUS:{'CANCELLED' if meeting.status == MeetingStatus.CANCELLED else 'CONFIRMED'}"
    yield "END:VEVENT"


def calendar_feed_ics(user: User, *, now: datetime) -> bytes:
    """The feed as .ics bytes (CRLF line ends, folded lines)."""
    name = _("Meetings - %(portal)s") % {"portal": OrganisationProfile.current().portal_title}
    lines = [
        "BEGIN:VCALENDAR",
        f"PRODID:{PRODID}",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_text(name)}",
        "X-WR-TIMEZONE:Europe/Amsterdam",
    ]
    dtstamp = now.astimezone(UTC).strftime(_UTC_FORMAT)
    page_url = _page_url_pattern()
    for meeting in calendar_feed_meetings(user, now=now):
        lines.extend(_event_lines(meeting, dtstamp=dtstamp, page_url=page_url))
    lines.append("END:VCALENDAR")
    return b"\r\n".join(_fold(line) for line in lines) + b"\r\n"
