"""Minutes: a draft by the supporter, shared with the body, approved (at a later meeting or by the chair), then
immutable. A correction of approved minutes is a new version that goes through the same steps.
"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from councils.meetings.services._common import locked_meeting, require_reason, save_fields, save_new
from councils.models import Meeting, MeetingStatus, Minutes, MinutesStatus
from incluzio_mz.lib.dates import dutch_day, require_plausible_date


def _locked_minutes(minutes: Minutes) -> Minutes:
    return Minutes.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=minutes.pk)


def _require_not_approved(minutes: Minutes) -> None:
    if minutes.status == MinutesStatus.APPROVED:
        raise ValidationError(
            _("Approved minutes cannot be changed. Make a correction instead: that is a new version."),
            code="approved",
        )


@transaction.atomic
def minutes_save_draft(*, meeting: Meeting, text: str, actor: User | None) -> Minutes:
    """Write or rewrite the minutes of a meeting: the latest version while it is not approved, else refused.

    The first call creates version 1. A shared version may still be edited (the history keeps each text).
    """
    meeting = locked_meeting(meeting)
    if meeting.is_cancelled:
        raise ValidationError(_("A cancelled meeting has no minutes."), code="cancelled")
    if meeting.status == MeetingStatus.PLANNED:
        raise ValidationError(_("Minutes can be written once the agenda is published."), code="status")
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the minutes.")}, code="required")
    latest = Minutes.objects.select_for_update().filter(meeting=meeting).order_by("-version").first()
    if latest is None:
        minutes = Minutes(meeting=meeting, version=1, text=text)
        save_new(minutes, actor=actor, reason=_("Draft minutes written"))
        return minutes
    _require_not_approved(latest)
    if latest.text != text:
        latest.text = text
        save_fields(latest, ["text"], actor=actor, reason=_("Draft minutes changed"))
    return latest


@transaction.atomic
def minutes_share(*, minutes: Minutes, actor: User | None) -> Minutes:
    """Share a draft with the body: from now on its members can read it."""
    minutes = _locked_minutes(minutes)
    if minutes.status != MinutesStatus.DRAFT:
        raise ValidationError(_("Only draft minutes can be shared."), code="status")
    minutes.status = MinutesStatus.SHARED
    minutes.shared_at = timezone.now()
    save_fields(minutes, ["status", "shared_at"], actor=actor, reason=_("Minutes shared with the body"))
    return minutes


def _check_chair(minutes: Minutes, chair: Any, on: date) -> None:
    from members.models import Membership
    from members.models import Role as MemberRole

    is_chair = (
        Membership.objects.current(on=on)
        .filter(person=chair, body=minutes.meeting.body, role=MemberRole.CHAIR)
        .exists()
    )
    if not is_chair:
        raise ValidationError(
            _("%(name)s is not the chair of %(body)s."),
            params={"name": chair.display_name, "body": minutes.meeting.body.name},
            code="not_chair",
        )


def _check_approving_meeting(minutes: Minutes, at_meeting: Meeting) -> None:
    meeting = minutes.meeting
    if at_meeting.body_id != meeting.body_id or at_meeting.is_cancelled or at_meeting.starts_at <= meeting.starts_at:
        raise ValidationError(
            _("Minutes are approved at a later meeting of %(body)s that was not cancelled."),
            params={"body": meeting.body.name},
            code="meeting",
        )


@transaction.atomic
def minutes_approve(
    *,
    minutes: Minutes,
    approved_on: date,
    at_meeting: Meeting | None = None,
    by_chair: Any = None,
    actor: User | None,
) -> Minutes:
    """Approve shared minutes, either at a later meeting of the body (`at_meeting`) or by its chair (`by_chair`, a
    members.Person who chairs the body on `approved_on`). From then on this version is immutable; the meeting's
    status becomes "minutes approved".
    """
    minutes = _locked_minutes(minutes)
    if minutes.status != MinutesStatus.SHARED:
        raise ValidationError(_("Minutes are approved after they were shared with the body."), code="status")
    if (at_meeting is None) == (by_chair is None):
        raise ValidationError(_("Say whether the minutes were approved at a meeting or by the chair."), code="approval")
    if approved_on > timezone.localdate():
        raise ValidationError(_("The approval date cannot be in the future."), code="future")
    meeting = locked_meeting(minutes.meeting)
    if meeting.status not in (MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED):
        raise ValidationError(_("Minutes are approved after the meeting was held."), code="not_held")
    held_on = timezone.localtime(meeting.starts_at).date()
    require_plausible_date(
        approved_on,
        field="approved_on",
        earliest=held_on,
        too_early=_("Minutes cannot be approved before the meeting took place (%(day)s).")
        % {"day": dutch_day(held_on)},
    )
    if at_meeting is not None:
        _check_approving_meeting(minutes, at_meeting)
    else:
        _check_chair(minutes, by_chair, approved_on)
    minutes.status = MinutesStatus.APPROVED
    minutes.approved_on = approved_on
    minutes.approved_at_meeting = at_meeting
    minutes.approved_by_chair = by_chair
    minutes.approved_by = actor
    save_fields(
        minutes,
        ["status", "approved_on", "approved_at_meeting", "approved_by_chair", "approved_by"],
        actor=actor,
        reason=_("Minutes approved"),
    )
    if meeting.status != MeetingStatus.MINUTES_APPROVED:
        meeting.status = MeetingStatus.MINUTES_APPROVED
        save_fields(meeting, ["status"], actor=actor, reason=_("Minutes approved"))
    return minutes


@transaction.atomic
def minutes_correct(*, minutes: Minutes, text: str, reason: str, actor: User | None) -> Minutes:
    """Correct approved minutes: a new draft version (the approved one stays as it was) that is shared and approved
    like the first. Only the latest version can be corrected, and only once at a time."""
    reason = require_reason(reason)
    minutes = _locked_minutes(minutes)
    if minutes.status != MinutesStatus.APPROVED:
        raise ValidationError(_("Only approved minutes are corrected; change the draft instead."), code="status")
    latest = Minutes.objects.filter(meeting=minutes.meeting_id).aggregate(latest=Max("version"))["latest"]
    if latest != minutes.version:
        raise ValidationError(_("There is already a newer version of these minutes."), code="newer")
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the minutes.")}, code="required")
    correction = Minutes(
        meeting=minutes.meeting, version=minutes.version + 1, text=text, corrects=minutes, correction_reason=reason
    )
    save_new(correction, actor=actor, reason=reason)
    return correction
