"""Celery tasks of the meetings: adapters that call a service and own the retry policy (DESIGN.md convention 8).

meeting_notices_send_task and action_item_reminders_send_task run from the beat schedule (incluzio_mz/settings.py)
and take no ids: each sweeps what is due when it runs, claiming rows by compare-and-set, so a retry or a second
run sends nothing twice. meeting_agenda_pdf_render_task is queued (delay_on_commit) by meeting_agenda_pdf_request;
after its last retry the failure is recorded on the meeting's AgendaPdf row.

This module is not found by autodiscover_tasks (it looks for <app>.tasks only); CELERY_IMPORTS in settings loads it.
"""

from typing import Any

from celery import shared_task
from celery.contrib.django.task import DjangoTask
from django.db import DatabaseError
from django.utils import timezone

from councils.meetings.notices import action_item_reminders_send, meeting_notices_send
from councils.meetings.services.agenda_pdf import meeting_agenda_pdf_record_failure, meeting_agenda_pdf_render


@shared_task(autoretry_for=(DatabaseError, OSError), retry_backoff=True, max_retries=3)
def meeting_notices_send_task() -> int:
    """E-mail the pending meeting invitations, updates and cancellations (with .ics); returns how many e-mails."""
    return meeting_notices_send(now=timezone.now())


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=3)
def action_item_reminders_send_task() -> int:
    """Remind the supporters (and the board, for commitments) of overdue action items, once per item."""
    return action_item_reminders_send(now=timezone.now())


class _AgendaPdfTask(DjangoTask):
    def on_failure(self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        """The last retry failed: record it (the page can say the PDF is not up to date)."""
        meeting_id = kwargs.get("meeting_id", args[0] if args else None)
        if meeting_id is not None:
            meeting_agenda_pdf_record_failure(meeting_id=meeting_id, now=timezone.now())


@shared_task(base=_AgendaPdfTask, autoretry_for=(DatabaseError, OSError), retry_backoff=True, max_retries=3)
def meeting_agenda_pdf_render_task(meeting_id: int) -> bool:
    """Render a meeting's agenda as PDF and store it; False when its agenda is not published (any more)."""
    return meeting_agenda_pdf_render(meeting_id=meeting_id, now=timezone.now()) is not None
