"""The decision and action list ("besluiten- en actielijst") and the board's commitments ("toezeggingen").

An open item with a due date gets `next_reminder_at`: 09:00 (Europe/Amsterdam) on the day after it is due. The
beat sweep claims due rows with action_item_claim_overdue (compare-and-set, DESIGN.md convention 9), which clears
the moment before the reminder is sent: each overdue item is reminded once. Changing the due date sets it again.
"""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from councils.meetings.services._common import require_reason, save_fields, save_new
from councils.models import ActionItem, ActionItemKind, ActionItemStatus, Body, Meeting
from incluzio_mz.lib.dates import require_plausible_date

REMINDER_TIME = time(9, 0)
ITEM_FIELDS = ("title", "description", "owner", "owner_is_board", "due_on")


def reminder_moment(due_on: date | None) -> datetime | None:
    """When an item due on due_on is overdue and reminded: 09:00 local time the next day."""
    if due_on is None:
        return None
    return datetime.combine(due_on + timedelta(days=1), REMINDER_TIME, tzinfo=timezone.get_current_timezone())


def _check_owner(item: ActionItem) -> None:
    if item.kind == ActionItemKind.COMMITMENT:
        if not item.owner_is_board or item.owner_id is not None:
            raise ValidationError({"owner": _("A commitment is made by the board, so the board is its owner.")})
    elif item.kind == ActionItemKind.ACTION and item.owner_id is None and not item.owner_is_board:
        raise ValidationError({"owner": _("Say who does this: a person or the board.")}, code="owner")


def _locked(item: ActionItem) -> ActionItem:
    return ActionItem.objects.select_for_update().get(pk=item.pk)


@transaction.atomic
def action_item_create(
    *,
    body: Body,
    kind: str,
    title: str,
    description: str = "",
    meeting: Meeting | None = None,
    owner: Any = None,
    owner_is_board: bool = False,
    due_on: date | None = None,
    actor: User | None,
) -> ActionItem:
    """Add a decision, an action (owner: a person or the board) or a board commitment (owner: the board)."""
    if meeting is not None and meeting.body_id != body.pk:
        raise ValidationError({"meeting": _("The item and the meeting must belong to the same body.")})
    require_plausible_date(due_on, field="due_on")
    if kind == ActionItemKind.COMMITMENT:
        owner_is_board = True
    item = ActionItem(
        body=body,
        meeting=meeting,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        owner=owner,
        owner_is_board=owner_is_board,
        due_on=due_on,
    )
    _check_owner(item)
    item.next_reminder_at = reminder_moment(due_on)
    save_new(item, actor=actor, reason=_("Added to the action list"))
    return item


@transaction.atomic
def action_item_update(*, item: ActionItem, data: dict[str, Any], actor: User | None) -> ActionItem:
    """Change an open item's title, description, owner or due date (a new due date means a new reminder)."""
    unknown = set(data) - set(ITEM_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s."), params={"fields": ", ".join(sorted(unknown))}
        )
    item = _locked(item)
    if item.status != ActionItemStatus.OPEN:
        raise ValidationError(_("Only an open item can be changed."), code="status")
    require_plausible_date(data.get("due_on"), field="due_on")
    changed = [field for field in ITEM_FIELDS if field in data and getattr(item, field) != data[field]]
    if not changed:
        return item
    for field in changed:
        setattr(item, field, data[field])
    _check_owner(item)
    if "due_on" in changed:
        item.next_reminder_at = reminder_moment(item.due_on)
        changed.append("next_reminder_at")
    save_fields(item, changed, actor=actor, reason=_("Action item changed"))
    return item


@transaction.atomic
def action_item_complete(*, item: ActionItem, done_on: date, actor: User | None) -> ActionItem:
    """Mark an open item as done on a day (not in the future); no reminder follows."""
    item = _locked(item)
    if item.status != ActionItemStatus.OPEN:
        raise ValidationError(_("Only an open item can be marked as done."), code="status")
    if done_on > timezone.localdate():
        raise ValidationError({"done_on": _("The date it was done cannot be in the future.")})
    require_plausible_date(done_on, field="done_on")
    item.status = ActionItemStatus.DONE
    item.done_on = done_on
    item.next_reminder_at = None
    save_fields(item, ["status", "done_on", "next_reminder_at"], actor=actor, reason=_("Done"))
    return item


@transaction.atomic
def action_item_drop(*, item: ActionItem, reason: str, actor: User | None) -> ActionItem:
    """Drop an open item, with a reason (it stays on the list as dropped)."""
    reason = require_reason(reason)
    item = _locked(item)
    if item.status != ActionItemStatus.OPEN:
        raise ValidationError(_("Only an open item can be dropped."), code="status")
    item.status = ActionItemStatus.DROPPED
    item.dropped_reason = reason
    item.next_reminder_at = None
    save_fields(item, ["status", "dropped_reason", "next_reminder_at"], actor=actor, reason=reason)
    return item


def action_item_claim_overdue(*, now: datetime) -> ActionItem | None:
    """Claim one open item whose overdue reminder is due, for the sweep's `..._handle_one(now)`; None when none.

    Compare-and-set on `next_reminder_at` (DESIGN.md convention 9): the moment is cleared before the caller sends,
    so the reminder goes out once even with two workers; 0 rows updated means another worker took it.
    Items that are no longer open are cleared on the way without a reminder.
    """
    while True:
        item = ActionItem.objects.reminder_due(now).order_by("next_reminder_at", "pk").first()
        if item is None:
            return None
        claimed = ActionItem.objects.filter(pk=item.pk, next_reminder_at=item.next_reminder_at).update(
            next_reminder_at=None
        )
        if claimed and item.status == ActionItemStatus.OPEN:
            item.next_reminder_at = None
            return item
