"""advice.services.answers: chamber positions, consultations and the council's one answer (W-BODY-1, W-CON-2,
W-CON-3)."""

import datetime
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from advice.models import ConsentAnswer, RequestKind, RequestStatus, Response
from advice.services import answers
from councils.meetings import services as meeting_services
from councils.models import AgendaItemKind
from tests.factories import make_advice_request, make_body, make_consultation, make_meeting

pytestmark = pytest.mark.django_db


def _consent_request(cast):
    return make_advice_request(
        council=cast.council, responsible=cast.board, kind=RequestKind.CONSENT, submitted_on=date(2026, 3, 2)
    )


def test_w_body_1_each_chamber_position_and_one_answer(cast) -> None:
    request = make_advice_request(council=cast.council, responsible=cast.board, submitted_on=date(2026, 3, 2))
    answers.chamber_position_record(request=request, chamber=cast.chamber, position="Voor.", actor=cast.supporter)
    answers.chamber_position_record(request=request, chamber=cast.other_chamber, position="Twijfel.", actor=None)
    answers.chamber_position_record(request=request, chamber=cast.other_chamber, position="Voor, mits.", actor=None)
    assert dict(request.chamber_positions.values_list("chamber__slug", "position")) == {
        "cast-youth": "Voor.",
        "cast-parents": "Voor, mits.",
    }
    with pytest.raises(ValidationError):
        answers.chamber_position_record(request=request, chamber=make_body(), position="Voor.", actor=None)
    response = answers.request_respond(request=request, advice="Positief advies.", on=date(2026, 3, 20),
                                       actor=cast.supporter)  # fmt: skip
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED
    assert response.given_on == date(2026, 3, 20)
    with pytest.raises(ValidationError):
        answers.request_respond(request=request, advice="Nog een advies.", on=date(2026, 3, 21), actor=None)


def test_w_adv_3_advice_needs_text(cast) -> None:
    request = make_advice_request(council=cast.council, responsible=cast.board, submitted_on=date(2026, 3, 2))
    with pytest.raises(ValidationError) as error:
        answers.request_respond(request=request, advice=" ", actor=None)
    assert error.value.message_dict["advice"] == ["Write the council's advice."]


def test_w_con_3_refusal_needs_reasons(cast) -> None:
    request = _consent_request(cast)
    make_consultation(request=request)
    with pytest.raises(ValidationError) as error:
        answers.request_respond(request=request, consent=ConsentAnswer.REFUSED, reasons="  ", actor=cast.supporter)
    assert error.value.message_dict["reasons"] == ["A refusal of consent must state its reasons."]
    response = answers.request_respond(
        request=request, consent=ConsentAnswer.REFUSED, reasons="Te weinig inspraak.", actor=cast.supporter
    )
    assert response.is_refusal


def test_w_con_3_refusal_without_reasons_cannot_be_stored(cast) -> None:
    """The database itself refuses it, whatever writes the row."""
    request = _consent_request(cast)
    with pytest.raises(IntegrityError):
        Response.objects.create(request=request, consent=ConsentAnswer.REFUSED, reasons="", given_on=date(2026, 3, 9))


def test_w_con_3_consent_answer_is_granted_or_refused(cast) -> None:
    request = _consent_request(cast)
    make_consultation(request=request)
    with pytest.raises(ValidationError) as error:
        answers.request_respond(request=request, advice="Goed plan.", actor=None)
    assert "consent" in error.value.message_dict


def test_w_con_2_consent_answer_needs_a_discussion_with_the_council(cast) -> None:
    request = _consent_request(cast)
    make_consultation(request=request, held=False, starts_at=datetime.datetime.now(datetime.UTC))
    with pytest.raises(ValidationError) as error:
        answers.request_respond(request=request, consent=ConsentAnswer.GRANTED, actor=None)
    assert error.value.code == "consultation"
    make_consultation(request=request, minuted=False)
    with pytest.raises(ValidationError) as error:
        answers.request_respond(request=request, consent=ConsentAnswer.GRANTED, actor=None)
    assert "its minutes have not been shared or approved" in error.value.messages[0]
    make_consultation(request=request)
    answers.request_respond(request=request, consent=ConsentAnswer.GRANTED, actor=None)
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED


def test_consultation_must_be_a_fitting_item_of_this_council(cast) -> None:
    request = make_advice_request(council=cast.council, responsible=cast.board, submitted_on=date(2026, 3, 2))
    other = make_meeting(body=make_body())
    item = meeting_services.agenda_item_add(meeting=other, title="X", kind=AgendaItemKind.ADVICE_REQUEST, actor=None)
    with pytest.raises(ValidationError):
        answers.consultation_link(request=request, agenda_item=item, actor=None)
    own = make_meeting(body=cast.council)
    wrong_kind = meeting_services.agenda_item_add(meeting=own, title="X", kind=AgendaItemKind.CONSENT_REQUEST,
                                                  actor=None)  # fmt: skip
    with pytest.raises(ValidationError) as error:
        answers.consultation_link(request=request, agenda_item=wrong_kind, actor=None)
    assert error.value.message_dict["agenda_item"] == ["The agenda item must be of the kind “Advice request”."]
    chamber_meeting = make_meeting(body=cast.chamber)
    fitting = meeting_services.agenda_item_add(meeting=chamber_meeting, title="X",
                                               kind=AgendaItemKind.ADVICE_REQUEST, actor=None)  # fmt: skip
    consultation = answers.consultation_link(request=request, agenda_item=fitting, actor=None)
    assert answers.consultation_link(request=request, agenda_item=fitting, actor=None) == consultation
