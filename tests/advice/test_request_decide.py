"""advice.services.decisions.request_decide (W-ADV-4, W-ADV-5, W-CON-4)."""

import datetime
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from advice.models import ConsentAnswer, DecisionOutcome, RequestKind, RequestStatus
from advice.services import answers, decisions
from tests.factories import make_advice_request, make_consultation

pytestmark = pytest.mark.django_db

# The advice is given ten days ago; consultations an hour ago count, those a month ago do not.
ADVICE_DAY = timezone.localdate() - datetime.timedelta(days=10)


def _answered(cast, kind: str = RequestKind.REQUESTED_ADVICE, **respond):
    request = make_advice_request(
        council=cast.council, responsible=cast.board, kind=kind, submitted_on=ADVICE_DAY - datetime.timedelta(days=20)
    )
    if kind == RequestKind.CONSENT:
        make_consultation(request=request, starts_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=12))
    answers.request_respond(
        request=request, on=ADVICE_DAY, actor=cast.supporter, **(respond or {"advice": "Niet doen."})
    )
    request.refresh_from_db()
    return request


def test_decision_that_follows_the_advice(cast) -> None:
    request = _answered(cast)
    decision = decisions.request_decide(
        request=request, outcome=DecisionOutcome.FOLLOWS, text="We doen het niet.", on=ADVICE_DAY,
        effective_on=ADVICE_DAY + datetime.timedelta(days=30), actor=cast.board,
    )  # fmt: skip
    request.refresh_from_db()
    assert request.status == RequestStatus.DECIDED
    assert decision.decided_by == cast.board
    assert decision.consultation is None
    assert not decision.deviates
    assert decision.history.get().history_user == cast.board


def test_w_adv_4_deviation_needs_consultation(cast) -> None:
    request = _answered(cast)
    with pytest.raises(ValidationError) as error:
        decisions.request_decide(request=request, outcome=DecisionOutcome.DEVIATES, text="We doen het toch.",
                                 reasons="Nodig voor de begroting.", actor=cast.board)  # fmt: skip
    assert error.value.code == "consultation"
    assert "can only be recorded after the board has discussed it with the council" in error.value.messages[0]
    # A meeting before the advice, one not held, one without minutes: none counts.
    make_consultation(request=request, starts_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=30))
    make_consultation(request=request, held=False, starts_at=datetime.datetime.now(datetime.UTC))
    make_consultation(request=request, minuted=False)
    with pytest.raises(ValidationError):
        decisions.request_decide(request=request, outcome=DecisionOutcome.PARTLY_FOLLOWS, text="Deels.",
                                 reasons="Deels nodig.", actor=cast.board)  # fmt: skip
    counted = make_consultation(request=request)
    decision = decisions.request_decide(request=request, outcome=DecisionOutcome.DEVIATES, text="We doen het toch.",
                                        reasons="Nodig voor de begroting.", actor=cast.board)  # fmt: skip
    assert decision.consultation == counted
    assert decision.deviates


def test_w_adv_5_deviation_needs_reasons(cast) -> None:
    request = _answered(cast)
    make_consultation(request=request)
    with pytest.raises(ValidationError) as error:
        decisions.request_decide(request=request, outcome=DecisionOutcome.DEVIATES, text="Toch.", reasons=" ",
                                 actor=cast.board)  # fmt: skip
    assert error.value.message_dict["reasons"] == ["A decision that deviates from the advice must state its reasons."]
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED


def test_w_con_4_decision_only_after_consent(cast) -> None:
    refused = _answered(cast, RequestKind.CONSENT, consent=ConsentAnswer.REFUSED, reasons="Onvoldoende uitgewerkt.")
    with pytest.raises(ValidationError) as error:
        decisions.request_decide(request=refused, outcome=DecisionOutcome.FOLLOWS, text="Besluit.", actor=cast.board)
    assert error.value.code == "consent"
    assert not decisions.has_replacing_ruling(refused)

    granted = _answered(cast, RequestKind.CONSENT, consent=ConsentAnswer.GRANTED)
    with pytest.raises(ValidationError):
        decisions.request_decide(request=granted, outcome=DecisionOutcome.DEVIATES, text="Anders.", reasons="Zo.",
                                 actor=cast.board)  # fmt: skip
    decision = decisions.request_decide(request=granted, outcome=DecisionOutcome.FOLLOWS, text="Besluit.",
                                        actor=cast.board)  # fmt: skip
    assert decision.request.status == RequestStatus.DECIDED


def test_decision_only_on_an_answered_request(cast) -> None:
    request = make_advice_request(council=cast.council, responsible=cast.board, submitted_on=date(2026, 3, 2))
    with pytest.raises(ValidationError) as error:
        decisions.request_decide(request=request, outcome=DecisionOutcome.FOLLOWS, text="Besluit.", actor=cast.board)
    assert error.value.code == "status"
