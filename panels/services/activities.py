"""Participation activities (W-PAN-1): how a panel (or any body) collected experiences, and what came out."""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from councils.models import Body
from incluzio_mz.lib.dates import require_plausible_date
from incluzio_mz.lib.services import save_fields, save_new
from panels.models import Activity

EDITABLE_FIELDS = ("method", "title", "held_on", "participants", "youth", "parents", "summary", "follow_up")


def _check(activity: Activity) -> None:
    require_plausible_date(activity.held_on, field="held_on")
    if activity.held_on > timezone.localdate() and (activity.participants or activity.summary):
        raise ValidationError(
            {"held_on": _("An activity in the future cannot have participants or an outcome yet.")}, code="future"
        )


@transaction.atomic
def activity_create(
    *,
    body: Body,
    method: str,
    title: str,
    held_on: date,
    participants: int = 0,
    youth: bool = False,
    parents: bool = False,
    summary: str = "",
    follow_up: str = "",
    actor: User | None,
) -> Activity:
    """Record an activity of body: its method, date, number of participants, youth and/or parents, what came out
    and the follow-up. A planned activity (in the future) has no participants or outcome yet."""
    if not body.active:
        raise ValidationError(_("%(body)s is not active."), params={"body": body.name})
    activity = Activity(
        body=body,
        method=method,
        title=title.strip(),
        held_on=held_on,
        participants=participants,
        youth=youth,
        parents=parents,
        summary=summary.strip(),
        follow_up=follow_up.strip(),
        created_by=actor,
    )
    _check(activity)
    save_new(activity, actor=actor, reason=_("Activity recorded"))
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, data: dict[str, Any], actor: User | None) -> Activity:
    """Change an activity's facts (typically: add what came out and the follow-up after it was held)."""
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s."), params={"fields": ", ".join(sorted(unknown))}
        )
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    for key in ("title", "summary", "follow_up"):
        if key in data:
            data[key] = data[key].strip()
    changed = [field for field in EDITABLE_FIELDS if field in data and getattr(activity, field) != data[field]]
    if not changed:
        return activity
    for field in changed:
        setattr(activity, field, data[field])
    _check(activity)
    save_fields(activity, changed, actor=actor, reason=_("Activity changed"))
    return activity
