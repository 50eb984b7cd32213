"""W-INF-1: the council asks for information; the clock pauses until the board answers and resumes with the days
that were left. Every pause is kept."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from advice.models import RequestStatus
from advice.services import answers, requests
from tests.factories import make_advice_request

pytestmark = pytest.mark.django_db


def test_w_inf_1_clock_pauses_while_waiting_for_information(cast) -> None:
    request = make_advice_request(council=cast.council, responsible=cast.board, submitted_on=date(2026, 3, 2))
    assert request.due_on == date(2026, 4, 13)
    info = requests.request_information_ask(
        request=request, question="Welke locaties?", on=date(2026, 3, 10), actor=cast.supporter
    )
    request.refresh_from_db()
    assert request.status == RequestStatus.INFORMATION_REQUESTED
    assert request.is_paused
    assert request.next_reminder_at is not None  # the board's late answer (tests/advice/test_reminders.py)
    assert not request.is_overdue(date(2026, 5, 1))  # a paused clock is never overdue

    requests.request_information_answer(info=info, answer="Den Haag en Delft.", on=date(2026, 3, 17), actor=cast.board)
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED
    assert request.due_on == date(2026, 4, 20)  # exactly the 7 paused days later

    second = requests.request_information_ask(request=request, question="En de kosten?", on=date(2026, 3, 20),
                                              actor=cast.supporter)  # fmt: skip
    requests.request_information_answer(info=second, answer="Zie bijlage.", on=date(2026, 3, 23), actor=cast.board)
    request.refresh_from_db()
    assert request.due_on == date(2026, 4, 23)
    assert [(p.asked_on, p.answered_on) for p in request.pauses()] == [
        (date(2026, 3, 10), date(2026, 3, 17)),
        (date(2026, 3, 20), date(2026, 3, 23)),
    ]


def test_w_inf_1_one_open_question_at_a_time_and_no_answer_while_paused(cast) -> None:
    request = make_advice_request(council=cast.council, responsible=cast.board, submitted_on=date(2026, 3, 2))
    info = requests.request_information_ask(request=request, question="Vraag", on=date(2026, 3, 10), actor=None)
    with pytest.raises(ValidationError):
        requests.request_information_ask(request=request, question="Nog een", on=date(2026, 3, 11), actor=None)
    with pytest.raises(ValidationError):
        answers.request_respond(request=request, advice="Positief.", on=date(2026, 3, 12), actor=None)
    with pytest.raises(ValidationError) as error:
        requests.request_information_answer(info=info, answer="Antwoord", on=date(2026, 3, 9), actor=None)
    assert error.value.message_dict["answered_on"] == ["The answer cannot come before the question."]
    requests.request_information_answer(info=info, answer="Antwoord", on=date(2026, 3, 10), actor=None)
    request.refresh_from_db()
    assert request.due_on == date(2026, 4, 13)  # answered the same day: no days lost


def test_w_inf_1_question_not_before_receipt(cast) -> None:
    request = make_advice_request(council=cast.council, responsible=cast.board, submitted_on=date(2026, 3, 2))
    with pytest.raises(ValidationError):
        requests.request_information_ask(request=request, question="Vraag", on=date(2026, 3, 1), actor=None)
    draft = make_advice_request(council=cast.council, responsible=cast.board)
    with pytest.raises(ValidationError):
        requests.request_information_ask(request=draft, question="Vraag", on=date(2026, 3, 3), actor=None)
