"""Writes for meetings, agendas, documents, minutes, the action list and attendance (DESIGN.md convention 2).

One module per part; everything is importable from here. Services take keyword-only arguments and the acting user
(`actor`, None for the system) without a default, run in a transaction, validate, and record who and why in
simple-history. Decisions where the issue is silent: docs/MEETINGS.md.
"""

from councils.meetings.services.action_items import (
    action_item_claim_overdue,
    action_item_complete,
    action_item_create,
    action_item_drop,
    action_item_update,
)
from councils.meetings.services.agenda import (
    agenda_item_add,
    agenda_item_link_document,
    agenda_item_move,
    agenda_item_reorder,
    agenda_item_unlink_document,
    agenda_item_update,
)
from councils.meetings.services.attendance import (
    AttendanceResult,
    attendance_record,
    board_attendance_record,
    board_was_present,
)
from councils.meetings.services.documents import document_add_version, document_create, document_update
from councils.meetings.services.meetings import (
    Invitee,
    MeetingUpdate,
    has_started,
    meeting_cancel,
    meeting_create,
    meeting_invitees,
    meeting_mark_held,
    meeting_publish_agenda,
    meeting_update,
)
from councils.meetings.services.minutes import minutes_approve, minutes_correct, minutes_save_draft, minutes_share

__all__ = [
    "AttendanceResult",
    "Invitee",
    "MeetingUpdate",
    "action_item_claim_overdue",
    "action_item_complete",
    "action_item_create",
    "action_item_drop",
    "action_item_update",
    "agenda_item_add",
    "agenda_item_link_document",
    "agenda_item_move",
    "agenda_item_reorder",
    "agenda_item_unlink_document",
    "agenda_item_update",
    "attendance_record",
    "board_attendance_record",
    "board_was_present",
    "document_add_version",
    "document_create",
    "document_update",
    "has_started",
    "meeting_cancel",
    "meeting_create",
    "meeting_invitees",
    "meeting_mark_held",
    "meeting_publish_agenda",
    "meeting_update",
    "minutes_approve",
    "minutes_correct",
    "minutes_save_draft",
    "minutes_share",
]
