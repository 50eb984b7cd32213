"""Celery tasks of the members app: adapters that call a service and own the retry policy (DESIGN.md convention 8).

Both run from the beat schedule in incluzio_mz/settings.py. They take no ids: each sweeps whatever is due at the
moment it runs, so a retry or a second run is harmless (the reminder sweep claims rows by compare-and-set and a
Notification is unique per due moment; the retention sweep skips people already anonymised).
"""

from celery import shared_task
from django.db import DatabaseError
from django.utils import timezone

from members.services.reminders import membership_reminders_send


@shared_task(autoretry_for=(DatabaseError, OSError), retry_backoff=True, max_retries=3)
def membership_reminders_send_task() -> int:
    """Send the membership reminders that are due (W-MEM-4, W-MEM-5); returns how many memberships it handled."""
    return membership_reminders_send(now=timezone.now())


@shared_task(autoretry_for=(DatabaseError, OSError), retry_backoff=True, max_retries=3)
def people_retention_sweep_task() -> int:
    """Remove the contact details of people who left longer ago than the retention period (W-MEM-10)."""
    from members.services.people import people_retention_sweep  # written alongside; imported when it runs

    return people_retention_sweep(now=timezone.now(), actor=None)
