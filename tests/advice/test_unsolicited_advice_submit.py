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


def test_w_uns_1_consent_topic_follows_the_consent_procedure(cast) -> None:
    with pytest.raises(ValidationError) as error:
        _submit(cast, topic=Topic.objects.get(code="CON-b"))
    assert "follows the consent procedure" in error.value.message_dict["topic"][0]
    assert _submit(cast, topic=Topic.objects.get(code="ADV-e")).topic.code == "ADV-e"


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
