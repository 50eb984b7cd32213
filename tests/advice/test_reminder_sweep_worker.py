"""The request reminder sweep on a real Celery worker process against Redis and PostgreSQL, with the real clock."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from advice.reminders import ReminderKind, moment_on
from advice.tasks import request_reminders_send_task
from incluzio_mz.models import Notification
from tests.conftest import Cast, WorkerProcess
from tests.factories import make_advice_request


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_real_worker_catches_up_and_sends_the_latest_due_request_reminder(
    cast: Cast, real_worker: WorkerProcess
) -> None:
    """Received 40 days ago with six weeks to answer: due in 2 days. Submitting schedules the "14 days before"
    moment (long past); the worker's sweep skips it for the later "3 days before" (yesterday), which it sends once,
    counting the days from today ("due in 2 days", W-ADV-3), and schedules "due today"."""
    received = timezone.localdate() - timedelta(days=40)
    request = make_advice_request(council=cast.council, responsible=cast.board, submitted_on=received, topic_code=None)
    assert request.due_on == received + timedelta(weeks=6)
    three_days_before = moment_on(request.due_on - timedelta(days=3))
    assert request.next_reminder_at == moment_on(request.due_on - timedelta(days=14))

    request_reminders_send_task.delay()

    deadline = time.monotonic() + 20
    while not Notification.objects.filter(kind=ReminderKind.DUE_SOON).exists():
        if time.monotonic() > deadline:
            pytest.fail("No notification. Worker log:\n" + (real_worker.var_dir / "worker.log").read_text())
        time.sleep(0.1)  # polling another process's work; not a stand-in for time travel
    notification = Notification.objects.get(kind=ReminderKind.DUE_SOON)
    assert notification.recipient == cast.supporter
    assert notification.due_at == three_days_before
    # The worker renders the title in the recipient's language: the portal's default, Dutch ("due in 2 days": the
    # days left on the day it goes out).
    assert "over 2 dagen" in notification.title
    request.refresh_from_db()
    assert request.next_reminder_at == moment_on(request.due_on)
    assert "request_reminders_send_task" in (real_worker.var_dir / "worker.log").read_text()
