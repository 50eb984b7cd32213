"""action_item_create / _update / _complete / _drop and the overdue reminder claim (once)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from councils.meetings import services
from councils.models import ActionItem, ActionItemKind, ActionItemStatus, Meeting
from tests.conftest import Cast
from tests.factories import make_meeting


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


def test_action_item_create_with_a_person_owner_and_a_reminder(cast: Cast, chamber_meeting: Meeting) -> None:
    due = datetime.date(2026, 12, 1)
    item = services.action_item_create(
        body=cast.chamber,
        meeting=chamber_meeting,
        kind=ActionItemKind.ACTION,
        title="Flyer maken",
        owner=cast.member_person,
        due_on=due,
        actor=cast.supporter,
    )
    assert item.status == ActionItemStatus.OPEN
    assert item.next_reminder_at == _at(due + datetime.timedelta(days=1), 9)
    assert item.history.get().history_user == cast.supporter
    assert not hasattr(item.history.get(), "next_reminder_at")  # bookkeeping is not history


def test_action_item_create_rules(cast: Cast) -> None:
    with pytest.raises(ValidationError, match="a person or the board"):
        services.action_item_create(body=cast.chamber, kind=ActionItemKind.ACTION, title="Niemand", actor=None)
    with pytest.raises(ValidationError, match="not both"):
        services.action_item_create(
            body=cast.chamber,
            kind=ActionItemKind.ACTION,
            title="Twee",
            owner=cast.member_person,
            owner_is_board=True,
            actor=None,
        )
    other = make_meeting(body=cast.other_chamber)
    with pytest.raises(ValidationError, match="same body"):
        services.action_item_create(
            body=cast.chamber, meeting=other, kind=ActionItemKind.DECISION, title="Besluit", actor=None
        )
    decision = services.action_item_create(body=cast.chamber, kind=ActionItemKind.DECISION, title="Besluit", actor=None)
    assert decision.owner is None
    assert decision.next_reminder_at is None


def test_a_board_commitment_is_owned_by_the_board(cast: Cast) -> None:
    commitment = services.action_item_create(
        body=cast.council, kind=ActionItemKind.COMMITMENT, title="Reactie op advies vóór 1 maart", actor=None
    )
    assert commitment.owner_is_board
    assert list(ActionItem.objects.for_body(cast.council).commitments().open()) == [commitment]
    with pytest.raises(ValidationError, match="board is its owner"):
        services.action_item_update(
            item=commitment, data={"owner": cast.member_person, "owner_is_board": False}, actor=None
        )


def test_action_item_update_moves_the_reminder(cast: Cast) -> None:
    item = services.action_item_create(
        body=cast.chamber, kind=ActionItemKind.ACTION, title="x", owner_is_board=True, actor=None
    )
    assert item.next_reminder_at is None
    due = datetime.date(2027, 1, 10)
    item = services.action_item_update(item=item, data={"due_on": due, "title": "y"}, actor=None)
    assert item.next_reminder_at == _at(datetime.date(2027, 1, 11), 9)
    assert item.history.first().title == "y"


def test_action_item_complete_and_drop(cast: Cast) -> None:
    today = timezone.localdate()
    make = lambda: services.action_item_create(  # noqa: E731
        body=cast.chamber, kind=ActionItemKind.ACTION, title="x", owner_is_board=True, due_on=today, actor=None
    )
    done = services.action_item_complete(item=make(), done_on=today, actor=cast.supporter)
    assert (done.status, done.done_on, done.next_reminder_at) == (ActionItemStatus.DONE, today, None)
    with pytest.raises(ValidationError, match="Only an open item"):
        services.action_item_complete(item=done, done_on=today, actor=None)
    with pytest.raises(ValidationError, match="future"):
        services.action_item_complete(item=make(), done_on=today + datetime.timedelta(days=1), actor=None)
    with pytest.raises(ValidationError, match="Give a reason"):
        services.action_item_drop(item=make(), reason="", actor=None)
    dropped = services.action_item_drop(item=make(), reason="Niet meer nodig", actor=None)
    assert (dropped.status, dropped.dropped_reason) == (ActionItemStatus.DROPPED, "Niet meer nodig")
    with pytest.raises(ValidationError, match="Only an open item"):
        services.action_item_update(item=dropped, data={"title": "z"}, actor=None)


def test_overdue_items_and_the_reminder_is_claimed_once(cast: Cast) -> None:
    due = datetime.date(2026, 11, 1)
    item = services.action_item_create(
        body=cast.chamber, kind=ActionItemKind.ACTION, title="Te laat", owner_is_board=True, due_on=due, actor=None
    )
    finished = services.action_item_create(
        body=cast.chamber, kind=ActionItemKind.ACTION, title="Klaar", owner_is_board=True, due_on=due, actor=None
    )
    services.action_item_complete(item=finished, done_on=due, actor=None)
    assert list(ActionItem.objects.overdue(datetime.date(2026, 11, 2))) == [item]
    assert item.is_overdue(datetime.date(2026, 11, 2))
    assert not item.is_overdue(due)
    assert services.action_item_claim_overdue(now=_at(due, 23)) is None  # not yet due
    assert services.action_item_claim_overdue(now=_at(datetime.date(2026, 11, 20), 9)) == item
    assert services.action_item_claim_overdue(now=_at(datetime.date(2026, 11, 20), 9)) is None  # once
    item.refresh_from_db()
    assert item.next_reminder_at is None
