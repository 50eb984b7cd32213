"""signals.signal_create: the service the supporters' form and the public form both use (W-PAN-2)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from incluzio_mz.models import Notification
from panels.models import SignalSource, SignalStatus
from panels.services import signals
from tests.conftest import Cast


def test_signal_create_gives_an_unguessable_reference_and_notifies_the_supporters(cast: Cast) -> None:
    signal = signals.signal_create(
        body=cast.chamber,
        title="Lange wachttijd",
        description="Ik wacht al drie maanden.",
        source=SignalSource.PUBLIC_FORM,
        theme="waiting",
        sender_name="Kim",
        sender_contact="kim@example.org",
        actor=None,
    )
    assert signal.status == SignalStatus.RECEIVED
    assert signal.received_on == timezone.localdate()
    assert signal.reference.startswith("S-")
    assert len(signal.reference) == 10
    assert not set(signal.reference[2:]) & set("0O1IL")
    notification = Notification.objects.get(recipient=cast.supporter, kind=signals.SIGNAL_RECEIVED)
    assert notification.url == f"/signalen/{signal.uuid}/"
    assert signal.reference in notification.title
    assert "kim@example.org" not in str(notification.email_context)
    # Sender details stay out of the history (privacy).
    assert not hasattr(signal.history.first(), "sender_contact")


def test_references_differ(cast: Cast) -> None:
    refs = {
        signals.signal_create(body=cast.chamber, title="t", description="d", source="member", actor=None).reference
        for _i in range(20)
    }
    assert len(refs) == 20


def test_signal_create_rejects_a_future_date_and_another_bodys_activity(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        signals.signal_create(
            body=cast.chamber,
            title="t",
            description="d",
            source="member",
            received_on=timezone.localdate() + datetime.timedelta(days=1),
            actor=None,
        )
