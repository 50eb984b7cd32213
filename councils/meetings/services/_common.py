"""Helpers shared by the meetings services: saving with history, reasons, locking the meeting row."""

from councils.models import Meeting

# The shared save-with-history helpers, imported here for this package's services.
from incluzio_mz.lib.services import record_on, require_reason, save_fields, save_new  # noqa: F401


def locked_meeting(meeting: Meeting) -> Meeting:
    """The meeting again, locked (PostgreSQL), with its body: serialises agenda and status changes per meeting."""
    return Meeting.objects.select_for_update(of=("self",)).select_related("body").get(pk=meeting.pk)
