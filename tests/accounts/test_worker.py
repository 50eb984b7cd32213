"""A task queued with delay_on_commit is executed by a real Celery worker process on the throwaway Redis."""

import time
from email import message_from_bytes, policy

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import WorkerProcess
from tests.factories import make_user
from tests.helpers import nl


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_password_reset_mail_is_sent_by_the_real_worker(real_worker: WorkerProcess) -> None:
    make_user(username="worker-test", email="worker-test@example.org")
    response = Client().post(reverse("accounts:password_reset"), {"email": "worker-test@example.org"})
    assert response.status_code == 302

    deadline = time.monotonic() + 20
    files: list = []
    while not files and time.monotonic() < deadline:
        files = sorted(real_worker.mail_dir.glob("*.log")) if real_worker.mail_dir.exists() else []
        time.sleep(0.1)  # polling another process's output; not a stand-in for time travel
    assert files, "The worker did not write the mail. Worker log:\n" + (real_worker.var_dir / "worker.log").read_text()
    # The file backend writes each message followed by a line of dashes.
    message = message_from_bytes(files[-1].read_bytes().split(b"\n" + b"-" * 79)[0], policy=policy.default)
    assert message["To"] == "worker-test@example.org"
    assert message["Subject"] == nl("Choose a new password for the participation portal")
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    assert "/wachtwoord-herstellen/" in body.get_content()
    assert "password_reset_email_send_task" in (real_worker.var_dir / "worker.log").read_text()
