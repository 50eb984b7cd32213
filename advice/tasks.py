"""Celery tasks of the advice app: adapters that call a service and own the retry policy (DESIGN.md convention 8).

- letter_render_task: renders one decision letter (queued by advice.services.letters when the board decides);
  the service claims the letter by compare-and-set, so a retry or a second delivery renders it once.
- letters_resume_task: the beat safety net for letters whose task was lost or whose worker died;
- request_reminders_send_task: the beat sweep over Request.next_reminder_at (advice.services.reminders).
"""

from celery import shared_task
from django.db import DatabaseError
from django.utils import timezone


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=3)
def letter_render_task(letter_id: int) -> str:
    """Render decision letter letter_id to PDF (W-LET-1); returns its status afterwards."""
    from advice.services.letters import letter_render

    return letter_render(letter_id=letter_id)


@shared_task(autoretry_for=(DatabaseError, OSError), retry_backoff=True, max_retries=3)
def request_reminders_send_task() -> int:
    """Send the request reminders that are due (issue 7 item 4); returns how many requests it handled."""
    from advice.services.reminders import request_reminders_send

    return request_reminders_send(now=timezone.now())


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=3)
def letters_resume_task() -> int:
    """Render decision letters whose task was lost or whose worker died (advice.services.letters.letters_resume)."""
    from advice.services.letters import letters_resume

    return letters_resume(now=timezone.now())
