"""The agenda as PDF (issue 6 item 9): requested when the agenda is published or changed, rendered by a task.

`meeting_agenda_pdf_request(meeting)` is what the pages call after a change to a published agenda (items added,
changed, moved, documents linked); the notice sweep calls it after sending an invitation or an update. It queues
`meeting_agenda_pdf_render_task` after the commit. The task renders templates/meetings/pdf/agenda.html through
incluzio_mz.lib.pdf.render_pdf and stores the file in the meeting's AgendaPdf row (replacing the previous file).

Only a published agenda is rendered (not a planned meeting's draft): everyone who sees the meeting may download it
(calendar:agenda_pdf), so it lists only the linked documents that all of them may read (confidentiality public or
body) and says how many more are in the portal for who may read them.
"""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from councils.models import Confidentiality, Meeting, MeetingStatus
from councils.models.meetings import AgendaPdf
from incluzio_mz.lib.pdf import render_pdf
from incluzio_mz.models import OrganisationProfile

TEMPLATE = "meetings/pdf/agenda.html"
RENDERED_STATUSES = (MeetingStatus.AGENDA_PUBLISHED, MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED)
# Levels every viewer of a meeting may read (docs/MEETINGS.md "Confidentiality"): only these are listed by title.
LISTED_LEVELS = (Confidentiality.PUBLIC, Confidentiality.BODY)


def meeting_agenda_pdf_request(meeting: Meeting) -> bool:
    """Queue a new rendering of meeting's agenda after the commit; False (nothing queued) before it is published
    or when the meeting was cancelled."""
    if meeting.status not in RENDERED_STATUSES:
        return False
    from councils.meetings.tasks import meeting_agenda_pdf_render_task

    meeting_agenda_pdf_render_task.delay_on_commit(meeting.pk)
    return True


def agenda_pdf_context(meeting: Meeting) -> dict[str, Any]:
    """What the agenda template shows: the organisation's letterhead, the meeting and its numbered items."""
    items = list(meeting.items.order_by("position").prefetch_related("documents"))
    rows = []
    for item in items:
        documents = sorted(item.documents.all(), key=lambda document: (document.title, document.pk))
        listed = [document for document in documents if document.confidentiality in LISTED_LEVELS]
        rows.append({"item": item, "documents": listed, "unlisted": len(documents) - len(listed)})
    organisation = OrganisationProfile.current()
    return {
        "meeting": meeting,
        "body": meeting.body,
        "items": rows,
        "starts_at": timezone.localtime(meeting.starts_at),
        "ends_at": timezone.localtime(meeting.ends_at),
        "organisation": organisation,
        "letterhead_lines": [line for line in organisation.letterhead_lines.splitlines() if line.strip()],
        "address_lines": [line for line in organisation.address.splitlines() if line.strip()],
    }


def meeting_agenda_pdf_render(*, meeting_id: int, now: datetime) -> AgendaPdf | None:
    """Render the agenda and store it as the meeting's AgendaPdf; None when the agenda is not published (any more)."""
    meeting = Meeting.objects.select_related("body").get(pk=meeting_id)
    if meeting.status not in RENDERED_STATUSES:
        return None
    with translation.override(settings.LANGUAGE_CODE):  # one file for every reader: the portal's language
        pdf = render_pdf(template=TEMPLATE, context=agenda_pdf_context(meeting))
    with transaction.atomic():
        row, _created = AgendaPdf.objects.select_for_update().get_or_create(meeting=meeting)
        old_name = row.file.name
        row.file.save("agenda.pdf", ContentFile(pdf), save=False)
        row.rendered_at = now
        row.failed_at = None
        row.save(update_fields=["file", "rendered_at", "failed_at", "updated_at"])
        if old_name:
            storage = row.file.storage
            transaction.on_commit(lambda: storage.delete(old_name))
    return row


def meeting_agenda_pdf_record_failure(*, meeting_id: int, now: datetime) -> None:
    """The task's final failure: recorded on the row (the meeting page can say the PDF is not up to date)."""
    with transaction.atomic():
        row, _created = AgendaPdf.objects.select_for_update().get_or_create(meeting_id=meeting_id)
        row.failed_at = now
        row.save(update_fields=["failed_at", "updated_at"])
