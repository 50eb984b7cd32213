"""Overdue action items (issue 6 item 5): the body's supporters, and for a commitment the board, are told once."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from councils.meetings import services
from councils.meetings.notices import ACTION_ITEM_OVERDUE, action_item_reminders_send
from councils.models import ActionItem, ActionItemKind
from incluzio_mz.models import Notification
from tests.conftest import Cast


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


DUE = datetime.date(2026, 6, 1)


def _reminders(item: ActionItem) -> list[Notification]:
    return list(Notification.objects.filter(kind=ACTION_ITEM_OVERDUE, subject_id=item.pk).order_by("recipient_id"))


def test_an_overdue_action_is_reminded_once_to_the_supporters(cast: Cast) -> None:
    item = services.action_item_create(
        body=cast.chamber,
        kind=ActionItemKind.ACTION,
        title="Flyer maken",
        owner=cast.member_person,
        due_on=DUE,
        actor=cast.supporter,
    )
    # Before 09:00 on the day after the due date: nothing.
    assert action_item_reminders_send(now=_at(DUE + datetime.timedelta(days=1), 8)) == 0
    assert _reminders(item) == []

    at = _at(DUE + datetime.timedelta(days=1), 10)
    assert action_item_reminders_send(now=at) == 1
    (reminder,) = _reminders(item)
    assert reminder.recipient == cast.supporter
    assert "Flyer maken" in reminder.title
    assert reminder.url == f"/raden/{cast.chamber.slug}/"

    # A second run (or a later one) reminds nobody again.
    assert action_item_reminders_send(now=at) == 0
    assert action_item_reminders_send(now=at + datetime.timedelta(days=3)) == 0
    assert len(_reminders(item)) == 1


def test_a_board_commitment_reminds_the_board_members_too(cast: Cast) -> None:
    item = services.action_item_create(
        body=cast.chamber, kind=ActionItemKind.COMMITMENT, title="Antwoord over wachttijden", due_on=DUE, actor=None
    )
    assert action_item_reminders_send(now=_at(DUE + datetime.timedelta(days=2), 9)) == 2
    assert {n.recipient for n in _reminders(item)} == {cast.supporter, cast.board}


def test_done_items_are_not_reminded(cast: Cast) -> None:
    with time_machine.travel(_at(DUE, 12), tick=False):
        item = services.action_item_create(
            body=cast.chamber, kind=ActionItemKind.COMMITMENT, title="Klaar", due_on=DUE, actor=None
        )
        services.action_item_complete(item=item, done_on=DUE, actor=None)
    assert action_item_reminders_send(now=_at(DUE + datetime.timedelta(days=2), 9)) == 0
    assert _reminders(item) == []


def test_the_reminder_task_runs_the_sweep(cast: Cast) -> None:
    from councils.meetings.tasks import action_item_reminders_send_task

    yesterday = timezone.localdate() - datetime.timedelta(days=2)
    item = services.action_item_create(
        body=cast.chamber, kind=ActionItemKind.COMMITMENT, title="Reactie", due_on=yesterday, actor=None
    )
    assert action_item_reminders_send_task.delay().get() == 2
    assert len(_reminders(item)) == 2


def test_w_mem_4_a_worker_dying_between_claim_and_send_loses_no_reminder(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never lost, never twice: the claim and the notifications share one transaction, so a crash rolls the claim
    back and the next run reminds (once). An item entered after its due date is reminded at the next run too."""
    from councils.meetings import notices

    with time_machine.travel(_at(DUE + datetime.timedelta(days=5), 12), tick=False):
        item = services.action_item_create(
            body=cast.chamber,
            kind=ActionItemKind.ACTION,
            title="Flyer maken",
            owner=cast.member_person,
            due_on=DUE,
            actor=cast.supporter,
        )

    def crash(**kwargs: object) -> None:
        raise RuntimeError("worker killed")

    at = _at(DUE + datetime.timedelta(days=5), 13)
    with monkeypatch.context() as patch:
        patch.setattr(notices, "notification_send", crash)
        with pytest.raises(RuntimeError):
            action_item_reminders_send(now=at)
    assert _reminders(item) == []
    assert action_item_reminders_send(now=at + datetime.timedelta(hours=1)) == 1
    assert action_item_reminders_send(now=at + datetime.timedelta(hours=1)) == 0
    assert len(_reminders(item)) == 1
