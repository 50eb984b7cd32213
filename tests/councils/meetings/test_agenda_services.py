"""agenda_item_add / _update / _move / _reorder / _link_document, and W-INF-1's agenda item kind."""

import pytest
from django.core.exceptions import ValidationError

from councils.meetings import services
from councils.models import AgendaItem, AgendaItemKind, Confidentiality, Meeting
from tests.conftest import Cast
from tests.factories import make_document


def _agenda(meeting: Meeting, count: int = 4) -> list[AgendaItem]:
    return [
        services.agenda_item_add(meeting=meeting, title=f"Punt {n}", kind=AgendaItemKind.DISCUSSION, actor=None)
        for n in range(1, count + 1)
    ]


def _order(meeting: Meeting) -> list[tuple[int, str]]:
    return list(AgendaItem.objects.filter(meeting=meeting).order_by("position").values_list("position", "title"))


def test_agenda_item_add_appends_with_history(chamber_meeting: Meeting, cast: Cast) -> None:
    first = services.agenda_item_add(
        meeting=chamber_meeting,
        title="Opening",
        kind=AgendaItemKind.INFORMATION,
        presenter="Voorzitter",
        duration_minutes=5,
        actor=cast.supporter,
    )
    second = services.agenda_item_add(
        meeting=chamber_meeting, title="Besluit", kind=AgendaItemKind.DECISION, actor=None
    )
    assert (first.position, second.position) == (1, 2)
    assert first.history.get().history_user == cast.supporter


def test_agenda_item_add_refuses_an_unknown_kind(chamber_meeting: Meeting) -> None:
    with pytest.raises(ValidationError):
        services.agenda_item_add(meeting=chamber_meeting, title="x", kind="gossip", actor=None)


def test_w_inf_1_yearly_policy_information_is_an_agenda_item_kind(joint_meeting: Meeting) -> None:
    item = services.agenda_item_add(
        meeting=joint_meeting,
        title="Algemene beleidsinformatie 2026-2027",
        kind=AgendaItemKind.YEARLY_POLICY_INFORMATION,
        presenter="Bestuurder",
        actor=None,
    )
    assert AgendaItem.objects.filter(kind=AgendaItemKind.YEARLY_POLICY_INFORMATION).get() == item
    assert item.get_kind_display() == "Yearly policy information"


def test_agenda_item_update(chamber_meeting: Meeting) -> None:
    [item] = _agenda(chamber_meeting, 1)
    item = services.agenda_item_update(
        item=item, data={"title": "Nieuw", "kind": AgendaItemKind.ADVICE_REQUEST}, actor=None
    )
    assert (item.title, item.kind) == ("Nieuw", AgendaItemKind.ADVICE_REQUEST)
    assert item.history.count() == 2
    with pytest.raises(ValidationError, match="cannot be changed here"):
        services.agenda_item_update(item=item, data={"position": 3}, actor=None)


def test_agenda_item_move_up_and_down_keeps_dense_positions(chamber_meeting: Meeting) -> None:
    items = _agenda(chamber_meeting, 3)
    services.agenda_item_move(item=items[2], direction="up", actor=None)
    assert _order(chamber_meeting) == [(1, "Punt 1"), (2, "Punt 3"), (3, "Punt 2")]
    services.agenda_item_move(item=items[0], direction="down", actor=None)
    assert _order(chamber_meeting) == [(1, "Punt 3"), (2, "Punt 1"), (3, "Punt 2")]
    # At the edges nothing changes.
    services.agenda_item_move(item=items[2], direction="up", actor=None)
    services.agenda_item_move(item=items[1], direction="down", actor=None)
    assert _order(chamber_meeting) == [(1, "Punt 3"), (2, "Punt 1"), (3, "Punt 2")]
    with pytest.raises(ValidationError, match="up or down"):
        services.agenda_item_move(item=items[0], direction="left", actor=None)


def test_agenda_item_reorder_keeps_dense_positions_and_records_who(chamber_meeting: Meeting, cast: Cast) -> None:
    items = _agenda(chamber_meeting, 4)
    services.agenda_item_reorder(
        meeting=chamber_meeting, ordered_ids=[items[3].pk, items[1].pk, items[0].pk, items[2].pk], actor=cast.supporter
    )
    assert _order(chamber_meeting) == [(1, "Punt 4"), (2, "Punt 2"), (3, "Punt 1"), (4, "Punt 3")]
    # Punt 2 kept its place and got no history row; the others did, by the supporter.
    assert items[1].history.count() == 1
    last = items[3].history.first()
    assert (last.position, last.history_user, last.history_change_reason) == (1, cast.supporter, "Agenda reordered")


@pytest.mark.parametrize("ids", [[1], "duplicate", "foreign"])
def test_agenda_item_reorder_refuses_an_incomplete_order(
    chamber_meeting: Meeting, joint_meeting: Meeting, ids: object
) -> None:
    items = _agenda(chamber_meeting, 2)
    other = _agenda(joint_meeting, 1)
    order = {
        "duplicate": [items[0].pk, items[0].pk],
        "foreign": [items[0].pk, other[0].pk],
    }.get(str(ids), [items[0].pk])
    with pytest.raises(ValidationError, match="every item of this agenda once"):
        services.agenda_item_reorder(meeting=chamber_meeting, ordered_ids=order, actor=None)
    assert _order(chamber_meeting) == [(1, "Punt 1"), (2, "Punt 2")]


def test_agenda_item_link_document_of_the_same_body(chamber_meeting: Meeting, cast: Cast) -> None:
    [item] = _agenda(chamber_meeting, 1)
    document = make_document(body=cast.chamber, meeting=chamber_meeting, title="Jaarplan")
    services.agenda_item_link_document(item=item, document=document, actor=cast.supporter)
    assert list(item.documents.all()) == [document]
    assert item.history.first().history_change_reason == "Document linked: Jaarplan"
    with pytest.raises(ValidationError, match="already linked"):
        services.agenda_item_link_document(item=item, document=document, actor=None)
    foreign = make_document(body=cast.other_chamber, confidentiality=Confidentiality.CHAMBER)
    with pytest.raises(ValidationError, match="Only documents of"):
        services.agenda_item_link_document(item=item, document=foreign, actor=None)
    services.agenda_item_unlink_document(item=item, document=document, actor=None)
    assert not item.documents.exists()


def test_the_agenda_closes_when_the_meeting_is_cancelled(chamber_meeting: Meeting) -> None:
    [item] = _agenda(chamber_meeting, 1)
    services.meeting_cancel(meeting=chamber_meeting, reason="Vervalt", actor=None)
    with pytest.raises(ValidationError, match="cannot change"):
        services.agenda_item_add(meeting=chamber_meeting, title="x", kind=AgendaItemKind.INFORMATION, actor=None)
    with pytest.raises(ValidationError, match="cannot change"):
        services.agenda_item_move(item=item, direction="down", actor=None)
