"""Agenda items: add, change, move up or down, reorder, link documents.

Positions are 1..n per meeting without gaps. A reorder changes several rows under a unique (meeting, position)
constraint that is not deferrable (SQLite cannot defer it): the rows that move are first parked above every used
position with one UPDATE of that transient value only, then saved one by one at their final place, each with a
history row. All of it runs in one transaction with the meeting row locked.
"""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from accounts.models import User
from councils.meetings.services._common import locked_meeting, record_on, save_fields, save_new
from councils.meetings.services.agenda_pdf import meeting_agenda_pdf_request
from councils.models import AgendaItem, Document, Meeting

ITEM_FIELDS = ("title", "description", "kind", "presenter", "duration_minutes")
PARKING_OFFSET = 1_000_000


def _require_open_agenda(meeting: Meeting) -> None:
    if not meeting.agenda_is_open:
        raise ValidationError(
            _("The agenda of a meeting that was held or cancelled cannot change."), code="agenda_closed"
        )


@transaction.atomic
def agenda_item_add(
    *,
    meeting: Meeting,
    title: str,
    kind: str,
    description: str = "",
    presenter: str = "",
    duration_minutes: int | None = None,
    actor: User | None,
) -> AgendaItem:
    """Add an item at the end of the agenda."""
    meeting = locked_meeting(meeting)
    _require_open_agenda(meeting)
    last = meeting.items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem(
        meeting=meeting,
        position=last + 1,
        title=title.strip(),
        kind=kind,
        description=description.strip(),
        presenter=presenter.strip(),
        duration_minutes=duration_minutes,
    )
    save_new(item, actor=actor, reason=_("Agenda item added"))
    meeting_agenda_pdf_request(meeting)
    return item


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, data: dict[str, Any], actor: User | None) -> AgendaItem:
    """Change an item's title, description, kind, presenter or duration (not its position: see move/reorder)."""
    unknown = set(data) - set(ITEM_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s."), params={"fields": ", ".join(sorted(unknown))}
        )
    meeting = locked_meeting(item.meeting)
    _require_open_agenda(meeting)
    item = AgendaItem.objects.get(pk=item.pk)
    changed = [field for field in ITEM_FIELDS if field in data and getattr(item, field) != data[field]]
    if not changed:
        return item
    for field in changed:
        setattr(item, field, data[field])
    save_fields(item, changed, actor=actor, reason=_("Agenda item changed"))
    meeting_agenda_pdf_request(meeting)
    return item


def _apply_order(meeting: Meeting, ordered: Sequence[AgendaItem], *, actor: User | None, reason: str) -> None:
    """Give ordered items positions 1..n; only the rows that move are written (see the module docstring)."""
    moving = [(item, number) for number, item in enumerate(ordered, start=1) if item.position != number]
    if not moving:
        return
    AgendaItem.objects.filter(pk__in=[item.pk for item, _number in moving]).update(
        position=F("position") + PARKING_OFFSET
    )
    for item, number in moving:
        item.position = number
        save_fields(item, ["position"], actor=actor, reason=reason)
    meeting_agenda_pdf_request(meeting)


def _items(meeting: Meeting) -> list[AgendaItem]:
    return list(AgendaItem.objects.filter(meeting=meeting).order_by("position", "pk"))


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: str, actor: User | None) -> AgendaItem:
    """Move an item one place "up" or "down" (the keyboard alternative to dragging). At the edge nothing changes."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Move an item up or down."), code="direction")
    meeting = locked_meeting(item.meeting)
    _require_open_agenda(meeting)
    items = _items(meeting)
    index = next(i for i, candidate in enumerate(items) if candidate.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
        _apply_order(meeting, items, actor=actor, reason=_("Agenda reordered"))
    return next(candidate for candidate in items if candidate.pk == item.pk)


@transaction.atomic
def agenda_item_reorder(*, meeting: Meeting, ordered_ids: Sequence[int], actor: User | None) -> list[AgendaItem]:
    """Put the meeting's items in the given order (all of its item ids, each once); positions become 1..n."""
    meeting = locked_meeting(meeting)
    _require_open_agenda(meeting)
    items = {item.pk: item for item in _items(meeting)}
    ids = [int(pk) for pk in ordered_ids]
    if len(ids) != len(set(ids)) or set(ids) != set(items):
        raise ValidationError(_("The new order must list every item of this agenda once."), code="order")
    ordered = [items[pk] for pk in ids]
    _apply_order(meeting, ordered, actor=actor, reason=_("Agenda reordered"))
    return ordered


def _check_document_fits(item: AgendaItem, document: Document) -> None:
    if document.body_id != item.meeting.body_id:
        raise ValidationError(
            _("Only documents of %(body)s can be linked to this agenda."),
            params={"body": item.meeting.body.name},
            code="body",
        )


@transaction.atomic
def agenda_item_link_document(*, item: AgendaItem, document: Document, actor: User | None) -> AgendaItem:
    """Link a document of the meeting's body to an item (recorded as a history row on the item)."""
    meeting = locked_meeting(item.meeting)
    _require_open_agenda(meeting)
    item = AgendaItem.objects.select_related("meeting__body").get(pk=item.pk)
    _check_document_fits(item, document)
    if item.documents.filter(pk=document.pk).exists():
        raise ValidationError(_("This document is already linked to this item."), code="linked")
    item.documents.add(document)
    record_on(item, actor=actor, reason=_("Document linked: %(title)s") % {"title": document.title})
    meeting_agenda_pdf_request(meeting)
    return item


@transaction.atomic
def agenda_item_unlink_document(*, item: AgendaItem, document: Document, actor: User | None) -> AgendaItem:
    """Remove the link (the document itself stays)."""
    meeting = locked_meeting(item.meeting)
    _require_open_agenda(meeting)
    item = AgendaItem.objects.get(pk=item.pk)
    if not item.documents.filter(pk=document.pk).exists():
        raise ValidationError(_("This document is not linked to this item."), code="not_linked")
    item.documents.remove(document)
    record_on(item, actor=actor, reason=_("Document unlinked: %(title)s") % {"title": document.title})
    meeting_agenda_pdf_request(meeting)
    return item
