"""What counts as a consultation with the council (issue 14 point 1; W-ADV-4, W-CON-2, W-UNS-1).

A consultation counts only when it is a meeting of the council itself (for a council with chambers: not a chamber's
meeting), with a board member recorded as present, held on or after the day the advice was given (for consent:
after the request was received and no later than the council's answer), with the request on its agenda (the linked
agenda item) and with shared or approved minutes. A refusal says in Dutch, with Dutch dates, what is missing.
"""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from advice.models import ConsentAnswer, DecisionOutcome, RequestKind, RequestStatus
from advice.services import answers, decisions
from tests.factories import make_advice_request, make_consultation

pytestmark = pytest.mark.django_db

ADVICE_DAY = timezone.localdate() - datetime.timedelta(days=10)
DUTCH_MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"


def _dutch(day: datetime.date) -> str:
    months = DUTCH_MONTHS.split("|")
    return f"{day.day} {months[day.month - 1]} {day.year}"


def _answered(cast, kind: str = RequestKind.REQUESTED_ADVICE):
    request = make_advice_request(
        council=cast.council, responsible=cast.board, kind=kind, submitted_on=ADVICE_DAY - datetime.timedelta(days=20)
    )
    answers.request_respond(request=request, advice="Niet doen.", on=ADVICE_DAY, actor=cast.supporter)
    request.refresh_from_db()
    return request


def _deviate(cast, request):
    return decisions.request_decide(
        request=request, outcome=DecisionOutcome.DEVIATES, text="We doen het toch.", reasons="Nodig.", actor=cast.board
    )


def _refused(cast, request) -> str:
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        _deviate(cast, request)
    assert error.value.code == "consultation"
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED
    assert not hasattr(request, "decision")
    return error.value.messages[0]


def test_w_adv_4_chamber_meeting_does_not_count(cast) -> None:
    request = _answered(cast)
    make_consultation(request=request, body=cast.chamber)
    message = _refused(cast, request)
    assert "vergadering van een kamer" in message
    assert f"de {cast.council.name} zelf" in message


def test_w_adv_4_meeting_without_the_board_does_not_count(cast) -> None:
    request = _answered(cast)
    make_consultation(request=request, board_present=False)
    message = _refused(cast, request)
    assert "geen bestuurder als aanwezig genoteerd" in message


def test_w_adv_4_meeting_before_the_advice_does_not_count(cast) -> None:
    request = _answered(cast)
    before = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=30)
    make_consultation(request=request, starts_at=before)
    message = _refused(cast, request)
    assert f"gehouden vóór {_dutch(ADVICE_DAY)}" in message
    assert _dutch(timezone.localdate(before)) in message  # which meeting: its title and Dutch date


def test_w_adv_4_refusal_names_the_meeting_that_would_count_in_dutch(cast) -> None:
    request = _answered(cast)
    message = _refused(cast, request)
    assert message.startswith("Een besluit dat afwijkt van het advies")
    assert f"op of na {_dutch(ADVICE_DAY)}" in message
    assert "een bestuurder als aanwezig genoteerd" in message
    assert "Nog geen vergadering heeft dit verzoek op de agenda" in message
    assert not re.search(r"\d{4}-\d{2}-\d{2}", message), message
    assert "W-ADV" not in message


def test_w_adv_4_meeting_of_the_council_with_the_board_after_the_advice_counts(cast) -> None:
    request = _answered(cast)
    make_consultation(request=request, body=cast.chamber)
    make_consultation(request=request, board_present=False)
    counted = make_consultation(request=request)
    decision = _deviate(cast, request)
    assert decision.consultation == counted


def test_w_uns_1_meeting_without_the_board_does_not_count(cast) -> None:
    request = answers.unsolicited_advice_submit(
        council=cast.council, topic=None, title="Betere bereikbaarheid", advice="Neem sneller op.",
        on=ADVICE_DAY, actor=cast.supporter,
    )  # fmt: skip
    make_consultation(request=request, board_present=False)
    message = _refused(cast, request)
    assert "geen bestuurder als aanwezig genoteerd" in message
    counted = make_consultation(request=request)
    assert _deviate(cast, request).consultation == counted


def _consent_request(cast):
    return make_advice_request(
        council=cast.council, responsible=cast.board, kind=RequestKind.CONSENT,
        submitted_on=timezone.localdate() - datetime.timedelta(days=20),
    )  # fmt: skip


def _respond_refused(request, on: datetime.date | None = None) -> str:
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        answers.request_respond(request=request, consent=ConsentAnswer.GRANTED, on=on, actor=None)
    assert error.value.code == "consultation"
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED
    return error.value.messages[0]


def test_w_con_2_chamber_meeting_does_not_count(cast) -> None:
    request = _consent_request(cast)
    make_consultation(request=request, body=cast.chamber)
    assert "vergadering van een kamer" in _respond_refused(request)


def test_w_con_2_meeting_without_the_board_does_not_count(cast) -> None:
    request = _consent_request(cast)
    make_consultation(request=request, board_present=False)
    assert "geen bestuurder als aanwezig genoteerd" in _respond_refused(request)


def test_w_con_2_meeting_before_the_request_was_received_does_not_count(cast) -> None:
    request = _consent_request(cast)
    make_consultation(request=request, starts_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=25))
    message = _respond_refused(request)
    assert f"gehouden vóór {_dutch(request.received_on)}" in message


def test_w_con_2_meeting_after_the_council_answers_does_not_count(cast) -> None:
    request = _consent_request(cast)
    make_consultation(request=request)  # held today
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    message = _respond_refused(request, on=yesterday)
    assert f"na het antwoord van de raad op {_dutch(yesterday)}" in message


def test_w_con_2_meeting_of_the_council_with_the_board_counts(cast) -> None:
    request = _consent_request(cast)
    make_consultation(request=request)
    answers.request_respond(request=request, consent=ConsentAnswer.GRANTED, actor=None)
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED
