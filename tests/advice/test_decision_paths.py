"""Every decision path ends in a correct letter (issue 14 point 4; W-LET-1, W-ADV-5, W-CON-4, W-CON-3).

The letter is read as the council reads it: the Dutch HTML that the PDF is made from (letters.letter_context with
the letter's template, in Dutch); tests/advice/test_letters.py checks the PDF itself with pdftotext.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import strip_tags

from advice.models import ConsentAnswer, DecisionOutcome, RequestKind, RequestStatus, RulingEffect
from advice.services import answers, decisions, letters
from advice.services import requests as request_services
from tests.advice.dispute_helpers import answered_consent, ruled_dispute
from tests.conftest import Cast
from tests.factories import make_advice_request, make_consultation

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


def _dutch(day: datetime.date | None) -> str:
    assert day is not None
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _letter_text(request) -> str:
    letter = request.letters.get()
    with translation.override("nl"):
        html = render_to_string(letters.TEMPLATE, letters.letter_context(letter, issued_on=TODAY))
    return " ".join(strip_tags(html).split())


def _overdue(cast: Cast, kind: str = RequestKind.REQUESTED_ADVICE):
    request = make_advice_request(
        council=cast.council, responsible=cast.board, kind=kind, submitted_on=TODAY - datetime.timedelta(days=60)
    )
    assert request.due_on is not None
    assert request.due_on < TODAY
    return request


def test_w_let_1_letter_after_a_replacing_ruling_states_the_ruling(cast: Cast) -> None:
    request = answered_consent(council=cast.council, board=cast.board)
    ruling = ruled_dispute(council=cast.council, request=request, effect=RulingEffect.REPLACES_CONSENT)
    decision = decisions.request_decide(
        request=request, outcome=DecisionOutcome.FOLLOWS, text="Wij voeren de regeling in.",
        reasons="De commissie gaf ons gelijk; de regeling is nodig voor de veiligheid.", actor=cast.board,
    )  # fmt: skip
    assert decision.ruling == ruling
    assert decision.deviates
    text = _letter_text(request)
    assert "Uitspraak van de commissie van vertrouwenslieden" in text
    assert _dutch(ruling.ruled_on) in text
    with translation.override("nl"):
        assert f"{ruling.get_committee_display()} heeft op {_dutch(ruling.ruled_on)} uitgesproken" in text
    assert "staat het bestuur toe dit besluit te nemen" in text
    assert "Ja. De raad heeft zijn instemming geweigerd." in text
    assert "Nee." not in text
    assert "De commissie gaf ons gelijk; de regeling is nodig voor de veiligheid." in text


def test_w_con_4_decision_on_a_replacing_ruling_needs_reasons(cast: Cast) -> None:
    request = answered_consent(council=cast.council, board=cast.board)
    ruled_dispute(council=cast.council, request=request, effect=RulingEffect.REPLACES_CONSENT)
    with pytest.raises(ValidationError) as error:
        decisions.request_decide(request=request, outcome=DecisionOutcome.FOLLOWS, text="Toch.", actor=cast.board)
    assert "reasons" in error.value.message_dict
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED


def test_w_let_1_consent_granted_letter_says_no_difference_in_dutch(cast: Cast) -> None:
    request = answered_consent(council=cast.council, board=cast.board, consent=ConsentAnswer.GRANTED)
    decisions.request_decide(request=request, outcome=DecisionOutcome.FOLLOWS, text="Zo doen we het.", actor=cast.board)
    text = _letter_text(request)
    assert "Nee. De raad heeft ingestemd" in text
    assert "Volgt het advies" not in text


def test_w_let_1_outcome_is_a_plain_dutch_sentence_and_the_council_is_addressed_with_its_article(cast: Cast) -> None:
    request = make_advice_request(
        council=cast.council, responsible=cast.board, submitted_on=TODAY - datetime.timedelta(days=20)
    )
    answers.request_respond(request=request, advice="Niet doen.", on=TODAY - datetime.timedelta(days=5), actor=None)
    consultation = make_consultation(request=request)
    decisions.request_decide(
        request=request, outcome=DecisionOutcome.DEVIATES, text="Toch doen.", reasons="Het is nodig.", actor=cast.board
    )
    text = _letter_text(request)
    assert "Ja. Het besluit wijkt af van het advies van de raad." in text
    assert "Ja: " not in text
    assert "Wijkt af van het advies." not in text
    assert f"Aan: de {cast.council.name}" in text
    assert f"Geachte leden van de {cast.council.name}," in text
    assert consultation.meeting.title in text
    assert _dutch(consultation.meeting_day()) in text


def test_w_adv_5_no_advice_within_the_period_is_recorded_and_the_board_decides(cast: Cast) -> None:
    request = _overdue(cast)
    response = decisions.request_record_no_answer(request=request, actor=cast.board)
    assert response.no_answer
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED
    with pytest.raises(ValidationError) as error:
        decisions.request_decide(request=request, outcome=DecisionOutcome.FOLLOWS, text="X.", actor=cast.board)
    assert "outcome" in error.value.message_dict
    decision = decisions.request_decide(
        request=request, outcome=DecisionOutcome.NO_ADVICE, text="Wij voeren het plan uit.", actor=cast.board
    )
    assert decision.consultation is None
    assert not decision.deviates
    text = _letter_text(request)
    assert f"De raad heeft geen advies gegeven binnen de termijn, die eindigde op {_dutch(request.due_on)}" in text
    assert "geen advies waarvan het besluit kan afwijken" in text


def test_w_adv_5_no_answer_only_after_the_period(cast: Cast) -> None:
    request = make_advice_request(
        council=cast.council, responsible=cast.board, submitted_on=TODAY - datetime.timedelta(days=3)
    )
    with translation.override("nl"), pytest.raises(ValidationError) as error:
        decisions.request_record_no_answer(request=request, actor=cast.board)
    assert _dutch(request.due_on) in error.value.messages[0]
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED


def test_w_con_3_no_consent_within_the_period_blocks_the_decision_the_board_withdraws(cast: Cast) -> None:
    request = _overdue(cast, RequestKind.CONSENT)
    decisions.request_record_no_answer(request=request, actor=cast.board)
    request.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        decisions.request_decide(request=request, outcome=DecisionOutcome.FOLLOWS, text="X.", actor=cast.board)
    assert error.value.code == "no_consent"
    request_services.request_withdraw(request=request, reason="Wij vragen het opnieuw.", actor=cast.board)
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN


def test_w_adv_5_no_answer_on_the_page(cast: Cast) -> None:
    from django.urls import reverse

    request = _overdue(cast)
    detail = reverse("advice:request_detail", kwargs={"uuid": request.uuid})
    board = cast.client("board")
    assert 'data-testid="record-no-answer"' in board.get(detail).content.decode()
    url = reverse("advice:request_no_answer", kwargs={"uuid": request.uuid})
    assert cast.client("supporter").post(url).status_code == 403
    assert board.post(url).status_code == 302
    page = board.get(detail).content.decode()
    assert 'data-testid="no-answer"' in page
    form = board.get(reverse("advice:request_decide", kwargs={"uuid": request.uuid})).context["form"]
    assert [value for value, _label in form.fields["outcome"].choices] == [DecisionOutcome.NO_ADVICE]


def test_w_adv_3_list_and_dossier_say_no_answer_came_and_name_the_topic_by_its_article(cast: Cast) -> None:
    """After "no answer within the period" the list and the dossier say so (not "answered by the council"); the
    topic reads as its article, never as a catalogue code such as ADV-e."""
    from django.urls import reverse

    request = _overdue(cast)  # on topic ADV-e
    assert request.topic is not None
    decisions.request_record_no_answer(request=request, actor=cast.board)
    board = cast.client("board")
    with translation.override("en"):
        listing = board.get(reverse("advice:request_list") + "?status=all").content.decode()
        dossier = board.get(reverse("advice:request_detail", kwargs={"uuid": request.uuid})).content.decode()
    for page in (listing, dossier):
        assert "No answer from the council within the period" in page
        assert "Answered by the council</td>" not in page
        assert 'data-testid="request-status">Answered by the council' not in page
        assert request.topic.article in page
        assert "ADV-e" not in page
