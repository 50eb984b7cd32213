"""Meeting e-mails with an .ics invitation (issue 6 item 7) and the overdue action-item reminders (item 5).

Both are beat sweeps (DESIGN.md convention 9), run by councils/meetings/tasks.py:

- `meeting_notices_send(now=)`: the meeting services set `Meeting.pending_notice` (invitation on publishing the
  agenda, update on a change of time or place, cancellation); this claims one meeting at a time by compare-and-set
  on that column (`filter(pk=, pending_notice=old).update(pending_notice="")`) before sending, so two workers or
  two runs never send the same notice twice. Every invitee with an e-mail address (`meeting_invitees`) gets a
  personal e-mail with an .ics file: METHOD:REQUEST with the meeting's UID and SEQUENCE = `ics_sequence` for an
  invitation or update (a calendar replaces the event it already has), METHOD:CANCEL with STATUS:CANCELLED for a
  cancellation. The .ics holds only the title, time, place and online link, and only the recipient as ATTENDEE
  (never the other invitees' addresses: many are minors).
- `action_item_reminders_send(now=)`: claims overdue items with `action_item_claim_overdue` and notifies the body's
  supporters (for a board commitment also the board members) through `notification_send`, whose unique row per
  recipient, item, kind and due moment makes a second reminder impossible. Claim and notifications share one
  transaction per item, so a worker that dies between them rolls the claim back and the next run still reminds
  (never lost, never twice; an item entered after its due date is reminded at the next run, as its moment is set
  from the due date, not from now).

When the mail server fails while a meeting's notice is being sent, the claim is put back (only if no newer notice
replaced it) and the error raised, so the task's retries and the next beat run try again; invitees who got the
e-mail before the failure may then get it twice, which is better than nobody hearing of a cancellation.
"""

import logging
import smtplib
from datetime import UTC, datetime

import icalendar
from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from councils.meetings.services import Invitee, action_item_claim_overdue, has_started, meeting_invitees
from councils.meetings.services.action_items import reminder_moment
from councils.meetings.services.agenda_pdf import meeting_agenda_pdf_request
from councils.models import ActionItem, ActionItemKind, Meeting, MeetingNotice
from councils.services import body_supporters
from incluzio_mz.lib.emails import send_templated_email
from incluzio_mz.models import OrganisationProfile
from incluzio_mz.services import notification_send

logger = logging.getLogger(__name__)

PRODID = "-//incluzio_mz//Medezeggenschap//NL"
ICS_MIMETYPE = "text/calendar"

# The e-mail template per notice (templates/emails/meeting_<notice>_subject.txt, _body.txt, _body.html).
NOTICE_TEMPLATES = {
    MeetingNotice.INVITATION: "meeting_invitation",
    MeetingNotice.UPDATE: "meeting_update",
    MeetingNotice.CANCELLATION: "meeting_cancellation",
}

ACTION_ITEM_OVERDUE = "action_item_overdue"  # Notification.kind of the overdue reminder


# ---------------------------------------------------------------------------------------------------------------
# .ics


def meeting_page_url(meeting: Meeting) -> str:
    """The meeting's page in the portal (absolute), or "" while the pages are not there."""
    try:
        path = reverse("meetings:meeting_detail", kwargs={"uuid": meeting.uuid})
    except NoReverseMatch:
        return ""
    return f"{settings.SITE_URL}{path}"


def meeting_event(meeting: Meeting, *, now: datetime) -> icalendar.Event:
    """The VEVENT of a meeting: UID, SEQUENCE, time (UTC), title, place and online link; nothing else.

    A cancelled meeting gets STATUS:CANCELLED. Used by the e-mails and by the iCal feed (councils/meetings/calendar.py).
    """
    event = icalendar.Event()
    event.add("uid", meeting.ics_uid)
    event.add("sequence", meeting.ics_sequence)
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", meeting.starts_at.astimezone(UTC))
    event.add("dtend", meeting.ends_at.astimezone(UTC))
    event.add("summary", meeting.title)
    if meeting.place or meeting.online_link:
        event.add("location", meeting.place or meeting.online_link)
    if meeting.online_link:
        event.add("description", f"Online: {meeting.online_link}")
    page = meeting_page_url(meeting)
    if page:
        event.add("url", page)
    event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    return event


def _organiser(organisation: OrganisationProfile) -> icalendar.vCalAddress:
    address = icalendar.vCalAddress(f"mailto:{organisation.contact_email or settings.DEFAULT_FROM_EMAIL}")
    address.params["CN"] = organisation.portal_title
    return address


def meeting_ics(
    meeting: Meeting, *, notice: str, now: datetime, attendee: Invitee, organisation: OrganisationProfile
) -> bytes:
    """The .ics of one notice for one invitee: REQUEST (invitation, update) or CANCEL (cancellation)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if notice == MeetingNotice.CANCELLATION else "REQUEST")
    event = meeting_event(meeting, now=now)
    event.add("organizer", _organiser(organisation))
    address = icalendar.vCalAddress(f"mailto:{attendee.email}")
    address.params["CN"] = attendee.name
    address.params["ROLE"] = "REQ-PARTICIPANT"
    address.params["PARTSTAT"] = "NEEDS-ACTION"
    event.add("attendee", address)
    calendar.add_component(event)
    return calendar.to_ical()


# ---------------------------------------------------------------------------------------------------------------
# The notice sweep


def _language(invitee: Invitee) -> str:
    return getattr(invitee.user, "language", "") or settings.LANGUAGE_CODE


def _send_notice(meeting: Meeting, notice: str, *, now: datetime) -> int:
    organisation = OrganisationProfile.current()
    template = NOTICE_TEMPLATES[MeetingNotice(notice)]
    sent = 0
    for invitee in meeting_invitees(meeting, on=timezone.localdate(now)):
        if not invitee.email:
            continue
        ics = meeting_ics(meeting, notice=notice, now=now, attendee=invitee, organisation=organisation)
        context = {
            "meeting": meeting,
            "body": meeting.body,
            "invitee": invitee,
            "starts_at": timezone.localtime(meeting.starts_at),
            "ends_at": timezone.localtime(meeting.ends_at),
            "meeting_url": meeting_page_url(meeting),
            "organisation": organisation,
        }
        with translation.override(_language(invitee)):
            send_templated_email(
                template=template,
                to=[invitee.email],
                context=context,
                attachments=[("vergadering.ics", ics, ICS_MIMETYPE)],
            )
        sent += 1
    return sent


def meeting_notice_handle_one(*, now: datetime) -> int | None:
    """Claim one meeting with a pending notice and e-mail its invitees; None when no notice is pending, else the
    number of e-mails sent (0 also when another worker took the meeting first)."""
    row = Meeting.objects.exclude(pending_notice="").order_by("pk").values_list("pk", "pending_notice").first()
    if row is None:
        return None
    pk, notice = row
    if not Meeting.objects.filter(pk=pk, pending_notice=notice).update(pending_notice=MeetingNotice.NONE):
        return 0  # another worker claimed it
    meeting = Meeting.objects.select_related("body").get(pk=pk)
    if notice in (MeetingNotice.INVITATION, MeetingNotice.UPDATE) and has_started(meeting, now=now):
        # W-OVL-1: nobody is invited to (or told the new time of) a meeting that has already started.
        logger.info("Meeting %s: %s not sent, the meeting has already started", meeting.pk, notice)
        return 0
    try:
        sent = _send_notice(meeting, notice, now=now)
    except (OSError, smtplib.SMTPException):
        # Put the claim back unless a newer notice replaced it, so a later run sends it (see the module docstring).
        Meeting.objects.filter(pk=pk, pending_notice=MeetingNotice.NONE).update(pending_notice=notice)
        raise
    if notice in (MeetingNotice.INVITATION, MeetingNotice.UPDATE):
        # The agenda PDF follows a publication and a new time or place (the pages request it after agenda edits).
        meeting_agenda_pdf_request(meeting)
    logger.info("Meeting %s: %s sent to %d invitees", meeting.pk, notice, sent)
    return sent


def meeting_notices_send(*, now: datetime) -> int:
    """Send every pending meeting notice (invitation, update, cancellation); returns how many e-mails went."""
    total = 0
    while (sent := meeting_notice_handle_one(now=now)) is not None:
        total += sent
    return total


# ---------------------------------------------------------------------------------------------------------------
# Overdue action items


def action_item_reminder_recipients(item: ActionItem) -> list[User]:
    """The body's supporters (who follow the list up) and, for a board commitment, the active board members."""
    recipients = {user.pk: user for user in body_supporters(item.body)}
    if item.kind == ActionItemKind.COMMITMENT or item.owner_is_board:
        board = User.objects.filter(groups__name=Role.BOARD.value, is_active=True)
        recipients.update({user.pk: user for user in board})
    return list(recipients.values())


def _body_url(item: ActionItem) -> str:
    try:
        return reverse("councils:body_detail", kwargs={"slug": item.body.slug})
    except NoReverseMatch:
        return ""


@transaction.atomic
def action_item_reminder_handle_one(*, now: datetime) -> int | None:
    """Claim one overdue item (compare-and-set in action_item_claim_overdue) and notify; None when none is due."""
    item = action_item_claim_overdue(now=now)
    if item is None:
        return None
    due_at = reminder_moment(item.due_on) or now
    owner = _("the board") if item.owner_is_board else (item.owner.display_name if item.owner is not None else "")
    context = {
        "title": item.title,
        "kind": str(item.get_kind_display()),
        "body_name": item.body.name,
        "due_on": item.due_on,
        "owner": str(owner),
    }
    sent = 0
    for recipient in action_item_reminder_recipients(item):
        notification = notification_send(
            recipient=recipient,
            subject=item,
            kind=ACTION_ITEM_OVERDUE,
            due_at=due_at,
            title=format_lazy(_("Overdue: {title}"), title=item.title),
            url=_body_url(item),
            email_template="meeting_action_item_overdue",
            context=context,
        )
        sent += notification is not None
    return sent


def action_item_reminders_send(*, now: datetime) -> int:
    """Remind every overdue action item once; returns how many notifications were written."""
    total = 0
    while (sent := action_item_reminder_handle_one(now=now)) is not None:
        total += sent
    return total
