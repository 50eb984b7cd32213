"""notification_send and notification_mark_read: one notification per due moment; its e-mail is queued in the row and
sent by the e-mail task (notification_emails_send), so only a committed notification ever mails."""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from accounts.services import user_deactivate
from incluzio_mz.models import Notification
from incluzio_mz.services import notification_emails_send, notification_mark_read, notification_send
from tests.conftest import Cast
from tests.factories import make_user

DUE = datetime(2025, 3, 1, 6, 0, tzinfo=UTC)
# Any template of the notification kinds serves; the membership reminder is the first user.
TEMPLATE = "membership_trial_ends_today"


def _context(cast: Cast) -> dict[str, Any]:
    return {
        "body": {"name": cast.chamber.name},
        "person": {"display_name": "Noor"},
        "membership": None,
        "for_member": False,
    }


def _emails() -> int:
    return notification_emails_send(now=timezone.now())


def _send(cast: Cast, **overrides: Any) -> Notification | None:
    arguments: dict[str, Any] = {
        "recipient": cast.supporter,
        "subject": cast.chamber,
        "kind": "test_kind",
        "due_at": DUE,
        "title": "Something is due",
        "url": "/raden/cast-youth/",
        "email_template": TEMPLATE,
        "context": _context(cast),
        **overrides,
    }
    return notification_send(**arguments)


def test_a_notification_is_created_once_per_due_moment(cast: Cast, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = _send(cast)
        second = _send(cast)
    assert first is not None
    assert second is None
    assert Notification.objects.filter(recipient=cast.supporter).count() == 1
    assert _emails() == 1
    assert len(mail.outbox) == 1


def test_another_due_moment_kind_or_recipient_is_a_new_notification(cast: Cast) -> None:
    assert _send(cast) is not None
    assert _send(cast, due_at=datetime(2025, 3, 2, 6, 0, tzinfo=UTC)) is not None
    assert _send(cast, kind="other_kind") is not None
    assert _send(cast, recipient=cast.board) is not None
    assert _send(cast, subject=cast.council) is not None
    assert Notification.objects.count() == 5


def test_the_duplicate_does_not_break_the_surrounding_transaction(cast: Cast) -> None:
    """The IntegrityError stays inside notification_send's savepoint: the caller's transaction goes on."""
    with transaction.atomic():
        _send(cast)
        assert _send(cast) is None
        assert _send(cast, recipient=cast.board) is not None
    assert Notification.objects.count() == 2


def test_the_email_is_queued_and_sent_by_the_email_task_which_sets_emailed_at(cast: Cast) -> None:
    notification = _send(cast)
    assert notification is not None
    assert mail.outbox == []
    queued = Notification.objects.get(pk=notification.pk)
    assert queued.emailed_at is None
    assert queued.email_template == TEMPLATE
    assert queued.email_context["person"] == {"display_name": "Noor"}

    assert _emails() == 1
    assert _emails() == 0  # sent once

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [cast.supporter.email]
    assert message.subject == "Something is due"
    assert "/raden/cast-youth/" in str(message.body)
    assert "Noor" in str(message.body)
    sent = Notification.objects.get(pk=notification.pk)
    assert sent.emailed_at is not None
    assert sent.email_context == {}


def test_dates_in_the_context_come_back_as_dates_and_objects_are_refused(cast: Cast) -> None:
    context = {**_context(cast), "membership": {"trial_end": DUE.date(), "term_end": None}}
    notification = _send(cast, email_template="membership_trial_ends_soon", context={**context, "days": 14})
    assert notification is not None
    assert _emails() == 1
    assert "1 maart 2025" in str(mail.outbox[0].body)  # |date:"j F Y" needs a date, not its text
    with pytest.raises(TypeError):
        _send(cast, kind="other_kind", context={"body": cast.chamber})


def test_a_rolled_back_notification_sends_no_email(
    cast: Cast, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    def fail_after_sending() -> None:
        with transaction.atomic():
            _send(cast)
            raise RuntimeError("the caller fails after the notification")

    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        fail_after_sending()
    assert callbacks == []
    assert _emails() == 0
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_a_recipient_deactivated_before_the_email_task_gets_no_email(cast: Cast) -> None:
    recipient = make_user(username="leaving", email="leaving@example.org")
    notification = _send(cast, recipient=recipient)
    assert notification is not None
    user_deactivate(user=recipient, actor=None, reason="test")
    assert _emails() == 0
    assert mail.outbox == []
    left = Notification.objects.get(pk=notification.pk)
    assert (left.emailed_at, left.email_template, left.email_context) == (None, "", {})  # out of the queue


@pytest.mark.parametrize("case", ["no_template", "no_address", "inactive"])
def test_no_email_without_template_address_or_active_account(cast: Cast, case: str) -> None:
    recipient = make_user(username=f"recipient-{case}", email="" if case == "no_address" else "r@example.org")
    if case == "inactive":
        recipient = user_deactivate(user=recipient, actor=None, reason="test")
    notification = _send(cast, recipient=recipient, email_template=None if case == "no_template" else TEMPLATE)
    assert notification is not None  # still listed in the portal
    assert _emails() == 0
    assert mail.outbox == []
    stored = Notification.objects.get(pk=notification.pk)
    assert (stored.emailed_at, stored.email_template, stored.email_context) == (None, "", {})


def test_the_title_is_stored_in_the_recipients_language(cast: Cast) -> None:
    """Users have no language of their own yet: the portal default (Dutch), whatever the sweep's language."""
    with translation.override("en"):
        notification = _send(cast, title=gettext_lazy("Dutch"))
    assert notification is not None
    assert Notification.objects.get(pk=notification.pk).title == "Nederlands"


def test_only_the_recipient_marks_a_notification_read(cast: Cast) -> None:
    notification = _send(cast, email_template=None)
    assert notification is not None
    with pytest.raises(PermissionDenied):
        notification_mark_read(notification=notification, actor=cast.board)
    assert Notification.objects.get(pk=notification.pk).read_at is None

    notification_mark_read(notification=notification, actor=cast.supporter)
    read_at = Notification.objects.get(pk=notification.pk).read_at
    assert read_at is not None
    notification_mark_read(notification=notification, actor=cast.supporter)  # twice changes nothing
    assert Notification.objects.get(pk=notification.pk).read_at == read_at
    assert Notification.objects.unread().for_user(cast.supporter).count() == 0
