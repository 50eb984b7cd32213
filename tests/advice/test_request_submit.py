"""advice.services.requests: create, submit, withdraw; references; the open()/due_before()/overdue() reads and their
model twins (W-ADV-1, W-ADV-2, W-ADV-3, W-CON-6)."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError

from advice.models import ReferenceCounter, Request, RequestKind, RequestStatus, Topic
from advice.services import requests
from councils.models import BodyKind
from tests.factories import make_advice_request, make_body

pytestmark = pytest.mark.django_db


def test_request_create_is_a_draft_with_a_reference(cast) -> None:
    request = make_advice_request(council=cast.council, responsible=cast.board)
    assert request.status == RequestStatus.DRAFT
    assert re.fullmatch(r"MZ-\d{4}-\d{3}", request.reference)
    assert request.history.get().history_user == cast.board
    assert request.history.get().history_change_reason == "Request drafted"


def test_reference_numbers_are_unique_and_count_per_year(db: None) -> None:
    assert requests.allocate_reference(year=2026) == "MZ-2026-001"
    assert requests.allocate_reference(year=2026) == "MZ-2026-002"
    assert requests.allocate_reference(year=2027) == "MZ-2027-001"
    assert ReferenceCounter.objects.get(year=2026).last == 2


def test_references_of_requests_differ(cast) -> None:
    first = make_advice_request(council=cast.council, responsible=cast.board)
    second = make_advice_request(council=cast.council, responsible=cast.board)
    assert first.reference != second.reference
    assert int(second.reference[-3:]) == int(first.reference[-3:]) + 1


def test_w_adv_1_other_topic_needs_a_title(cast) -> None:
    request = make_advice_request(council=cast.council, responsible=cast.board, topic_code=None, title="Nieuw")
    assert request.topic is None
    with pytest.raises(ValidationError) as error:
        make_advice_request(council=cast.council, responsible=cast.board, topic_code=None, title="  ")
    assert "title" in error.value.message_dict


def test_w_con_1_consent_request_needs_a_consent_topic(cast) -> None:
    with pytest.raises(ValidationError) as error:
        make_advice_request(council=cast.council, responsible=cast.board, kind=RequestKind.CONSENT, topic_code=None)
    assert error.value.message_dict["topic"] == ["A consent request needs one of the consent topics."]
    with pytest.raises(ValidationError):
        make_advice_request(council=cast.council, responsible=cast.board, topic_code="CON-a")


def test_request_goes_to_a_council_only(cast) -> None:
    with pytest.raises(ValidationError) as error:
        make_advice_request(council=cast.chamber, responsible=cast.board)
    assert "council" in error.value.message_dict
    panel = make_body(kind=BodyKind.PANEL)
    with pytest.raises(ValidationError):
        make_advice_request(council=panel, responsible=cast.board)


def test_responsible_must_be_a_board_member(cast) -> None:
    with pytest.raises(ValidationError) as error:
        make_advice_request(council=cast.council, responsible=cast.supporter)
    assert error.value.message_dict["responsible"] == ["The responsible person must be a board member."]


def test_w_adv_3_submit_sets_received_and_due_from_the_regulation(cast) -> None:
    request = make_advice_request(council=cast.council, responsible=cast.board)
    result = requests.request_submit(request=request, on=date(2026, 3, 2), actor=cast.board)
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED
    assert request.received_on == date(2026, 3, 2)
    assert request.due_on == date(2026, 4, 13)
    assert result.warnings == []
    assert request.next_reminder_at is not None


def test_w_con_6_consent_period_comes_from_the_regulation(cast) -> None:
    regulation = cast.council.regulation
    regulation.consent_response_weeks = 8
    regulation.save(update_fields=["consent_response_weeks"])
    request = make_advice_request(
        council=cast.council, responsible=cast.board, kind=RequestKind.CONSENT, submitted_on=date(2026, 3, 2)
    )
    assert request.due_on == date(2026, 4, 27)


def test_w_adv_2_due_date_after_planned_decision_warns(cast) -> None:
    request = make_advice_request(council=cast.council, responsible=cast.board, planned_decision_on=date(2026, 4, 1))
    result = requests.request_submit(request=request, on=date(2026, 3, 2), actor=cast.board)
    assert result.request.due_after_planned_decision()
    assert result.warnings == [
        "The response period ends on 13 April 2026, after the planned decision date 1 April 2026: "
        "the advice could come too late to influence the decision."
    ]


def test_w_adv_2_submit_needs_a_planned_decision_date(cast) -> None:
    request = make_advice_request(council=cast.council, responsible=cast.board, planned_decision_on=None)
    with pytest.raises(ValidationError) as error:
        requests.request_submit(request=request, on=date(2026, 3, 2), actor=cast.board)
    assert error.value.message_dict["planned_decision_on"] == ["Give the planned decision date."]


def test_submit_only_once(cast) -> None:
    request = make_advice_request(council=cast.council, responsible=cast.board, submitted_on=date(2026, 3, 2))
    with pytest.raises(ValidationError) as error:
        requests.request_submit(request=request, on=date(2026, 3, 3), actor=cast.board)
    assert error.value.messages == ["This step is not possible while the request is waiting for the council."]


def test_withdraw_needs_a_reason_and_keeps_it(cast) -> None:
    request = make_advice_request(council=cast.council, responsible=cast.board, submitted_on=date(2026, 3, 2))
    with pytest.raises(ValidationError):
        requests.request_withdraw(request=request, reason=" ", actor=cast.board)
    requests.request_withdraw(request=request, reason="Plan gaat niet door.", actor=cast.board)
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN
    assert request.next_reminder_at is None
    assert request.history.first().history_change_reason == "Plan gaat niet door."
    with pytest.raises(ValidationError):
        requests.request_withdraw(request=request, reason="Nog eens.", actor=cast.board)


def test_w_adv_3_open_due_before_and_overdue_with_their_twins(cast) -> None:
    draft = make_advice_request(council=cast.council, responsible=cast.board)
    running = make_advice_request(council=cast.council, responsible=cast.board, submitted_on=date(2026, 3, 2))
    later = make_advice_request(council=cast.council, responsible=cast.board, submitted_on=date(2026, 4, 1))
    day = date(2026, 4, 20)
    rows = Request.objects.all()
    assert set(rows.open()) == {running, later}
    assert set(rows.open().due_before(day)) == {running}
    assert set(rows.overdue(day)) == {running}
    for request in (draft, running, later):
        assert request.is_open() == (request in rows.open())
        assert request.is_due_before(day) == (request in rows.due_before(day))
        assert request.is_overdue(day) == (request in rows.overdue(day))


def test_topic_catalogue_rows_are_used(cast) -> None:
    request = make_advice_request(council=cast.council, responsible=cast.board, topic_code="ADV-g")
    assert request.topic == Topic.objects.get(code="ADV-g")
