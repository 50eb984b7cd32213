"""Celery tasks of the members app: adapters that call a service and own the retry policy (DESIGN.md convention 8).

All run from the beat schedule in incluzio_mz/settings.py. They take no ids: each sweeps whatever is due at the
moment it runs, so a retry or a second run is harmless (the reminder sweep claims rows by compare-and-set and a
Notification is unique per due moment; the e-mail sweep claims notifications by compare-and-set on
email_claimed_at; the retention sweep skips people already anonymised).

notification_emails_send_task sends the e-mails of every app's notifications; it lives here, next to the reminder
sweep that writes most of them, until the project app gets a tasks module of its own.
"""

from celery import shared_task
from django.db import DatabaseError
from django.utils import timezone

from incluzio_mz.services import notification_emails_send
from members.services.reminders import membership_reminders_send


@shared_task(autoretry_for=(DatabaseError, OSError), retry_backoff=True, max_retries=3)
def membership_reminders_send_task() -> int:
    """Send the membership reminders that are due (W-MEM-4, W-MEM-5); returns how many memberships it handled."""
    return membership_reminders_send(now=timezone.now())


@shared_task(autoretry_for=(DatabaseError,), retry_backoff=True, max_retries=3)
def notification_emails_send_task() -> int:
    """Send the e-mails of queued notifications; returns how many went. A failing mail server is not retried here:
    the service records the failure per notification and a later run tries again (EMAIL_RETRY_AFTER)."""
    return notification_emails_send(now=timezone.now())


@shared_task(autoretry_for=(DatabaseError, OSError), retry_backoff=True, max_retries=3)
def people_retention_sweep_task() -> int:
    """Remove the contact details of people who left longer ago than the retention period (W-MEM-10)."""
    from members.services.people import people_retention_sweep  # written alongside; imported when it runs

    return people_retention_sweep(now=timezone.now(), actor=None)
