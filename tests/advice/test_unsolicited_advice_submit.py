"""W-UNS-1: the council's unsolicited advice, submitted by its supporter; the board answers within the target; not
following it needs a consultation (or a recorded reason why one was not reasonably possible) and reasons."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from advice.models import DecisionOutcome, Request, RequestKind, RequestStatus, Topic
from advice.services import answers, decisions
from tests.factories import make_consultation

pytestmark = pytest.mark.django_db

GIVEN_ON = timezone.localdate() - datetime.timedelta(days=10)


def _submit(cast, **kwargs):
    values = {"council": cast.council, "topic": None, "title": "Wachttijden", "advice": "Kort de wachttijden in.",
              "on": GIVEN_ON, "actor": cast.supporter}  # fmt: skip
    values.update(kwargs)
    return answers.unsolicited_advice_submit(**values)


def test_w_uns_1_supporter_submits_and_the_board_has_an_answer_target(cast) -> None:
    request = _submit(cast)
    assert request.kind == RequestKind.UNSOLICITED_ADVICE
    assert request.status == RequestStatus.ANSWERED
    assert request.response.advice == "Kort de wachttijden in."
    assert request.due_on == GIVEN_ON + datetime.timedelta(weeks=6)
    assert request.is_overdue(request.due_on + datetime.timedelta(days=1))
    assert request in Request.objects.overdue(request.due_on + datetime.timedelta(days=1))
    assert not request.is_overdue(request.due_on)


def test_w_uns_1_only_the_councils_supporter_submits(cast) -> None:
    with pytest.raises(ValidationError) as error:
        _submit(cast, actor=cast.member)
    assert error.value.messages == ["Only a supporter of the council can submit its unsolicited advice."]


def test_w_uns_1_consent_topic_follows_the_consent_path(cast) -> None:
    """Advice on a consent topic is recorded; following it needs nothing more (it is the council's own proposal),
    but any other decision needs a granted consent request on that topic first (W-CON-1)."""
    from tests.factories import make_advice_request

    topic = Topic.objects.get(code="CON-b")
    request = _submit(cast, topic=topic)
    assert request.topic == topic
    with pytest.raises(ValidationError) as error:
        decisions.request_decide(request=request, outcome=DecisionOutcome.DEVIATES, text="Anders besloten.",
                                 reasons="Te duur.", actor=cast.board)  # fmt: skip
    assert error.value.code == "consent_path"

    consent = make_advice_request(
        council=cast.council, responsible=cast.board, kind=RequestKind.CONSENT, topic_code="CON-b",
        submitted_on=GIVEN_ON + datetime.timedelta(days=1),
    )  # fmt: skip
    make_consultation(request=consent)
    answers.request_respond(request=consent, consent="refused", reasons="Niet zo.", actor=cast.supporter)
    with pytest.raises(ValidationError) as error:  # a refusal is no consent
        decisions.request_decide(request=request, outcome=DecisionOutcome.DEVIATES, text="Anders besloten.",
                                 reasons="Te duur.", actor=cast.board)  # fmt: skip
    assert error.value.code == "consent_path"

    other = make_advice_request(
        council=cast.council, responsible=cast.board, kind=RequestKind.CONSENT, topic_code="CON-b",
        submitted_on=GIVEN_ON + datetime.timedelta(days=2),
    )  # fmt: skip
    make_consultation(request=other)
    answers.request_respond(request=other, consent="granted", actor=cast.supporter)
    decision = decisions.request_decide(request=request, outcome=DecisionOutcome.DEVIATES, text="Anders besloten.",
                                        reasons="Te duur.", actor=cast.board)  # fmt: skip
    assert decision.reasons == "Te duur."
    assert decisions.consent_path_request(request) == other


def test_w_uns_1_following_advice_on_a_consent_topic_needs_no_consent_request(cast) -> None:
    request = _submit(cast, topic=Topic.objects.get(code="CON-e"))
    decision = decisions.request_decide(request=request, outcome=DecisionOutcome.FOLLOWS, text="Overgenomen.",
                                        actor=cast.board)  # fmt: skip
    assert decision.outcome == DecisionOutcome.FOLLOWS


def test_w_uns_1_not_following_needs_consultation_or_a_reason_and_reasons(cast) -> None:
    request = _submit(cast)
    with pytest.raises(ValidationError) as error:
        decisions.request_decide(request=request, outcome=DecisionOutcome.DEVIATES, text="Niet overgenomen.",
                                 reasons="Geen budget.", actor=cast.board)  # fmt: skip
    assert error.value.code == "consultation"
    with pytest.raises(ValidationError):
        decisions.request_decide(request=request, outcome=DecisionOutcome.DEVIATES, text="Niet overgenomen.",
                                 no_consultation_reason="Raad op zomerreces.", actor=cast.board)  # fmt: skip
    decision = decisions.request_decide(
        request=request, outcome=DecisionOutcome.DEVIATES, text="Niet overgenomen.", reasons="Geen budget.",
        no_consultation_reason="De raad had voor de besluitdatum geen vergadering.", actor=cast.board,
    )  # fmt: skip
    assert decision.no_consultation_reason
    assert decision.consultation is None


def test_w_uns_1_with_a_consultation_the_exception_is_not_kept(cast) -> None:
    request = _submit(cast)
    consultation = make_consultation(request=request)
    decision = decisions.request_decide(
        request=request, outcome=DecisionOutcome.PARTLY_FOLLOWS, text="Deels.", reasons="Deels betaalbaar.",
        no_consultation_reason="Niet nodig.", actor=cast.board,
    )  # fmt: skip
    assert decision.consultation == consultation
    assert decision.no_consultation_reason == ""
