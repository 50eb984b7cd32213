"""The steps on a request's page: information pauses (W-INF-1), chamber positions (W-BODY-1), consultations, the
council's answer (W-CON-2, W-CON-3), the board's decision (W-ADV-4, W-ADV-5), the public summary, unsolicited
advice (W-UNS-1). Each: the happy path, bad input shown on the form with nothing saved, and who may not."""

import datetime

from django.urls import reverse
from django.utils import timezone

from advice.models import (
    ChamberPosition,
    Consultation,
    Decision,
    InformationRequest,
    Request,
    RequestKind,
    RequestStatus,
    Response,
)
from advice.services import answers
from councils.meetings import services as meeting_services
from tests.conftest import Cast
from tests.factories import make_advice_request, make_consultation, make_meeting


def _today() -> datetime.date:
    return timezone.localdate()


def _url(name: str, request: Request, **kwargs: object) -> str:
    return reverse(f"advice:{name}", kwargs={"uuid": request.uuid, **kwargs})


def _submitted(cast: Cast, **kwargs: object) -> Request:
    return make_advice_request(
        council=cast.council, responsible=cast.board, submitted_on=_today() - datetime.timedelta(days=2), **kwargs
    )


def _answered(cast: Cast) -> Request:
    request = _submitted(cast)
    answers.request_respond(request=request, advice="Doe het met de jongeren erbij.", actor=None)
    request.refresh_from_db()
    return request


# ---------------------------------------------------------------------------------------------------------------
# W-INF-1


def test_w_inf_1_pause_shown_on_the_page(cast: Cast) -> None:
    request = _submitted(cast)
    supporter = cast.client("supporter")
    assert supporter.get(_url("information_ask", request)).status_code == 200
    response = supporter.post(_url("information_ask", request), {"question": "Wat kost de verhuizing?"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.INFORMATION_REQUESTED
    page = cast.client("member").get(_url("request_detail", request)).content.decode()
    assert 'data-testid="open-question"' in page
    assert "Wat kost de verhuizing?" in page

    info = InformationRequest.objects.get()
    board = cast.client("board")
    assert board.get(_url("information_answer", request, pk=info.pk)).status_code == 200
    assert board.post(_url("information_answer", request, pk=info.pk), {"answer": ""}).status_code == 200
    response = board.post(_url("information_answer", request, pk=info.pk), {"answer": "Twee ton."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.SUBMITTED
    page = board.get(_url("request_detail", request)).content.decode()
    assert "Twee ton." in page
    assert "paused 0 days" in page


def test_information_steps_are_for_their_side(cast: Cast) -> None:
    request = _submitted(cast)
    assert cast.client("board").post(_url("information_ask", request), {"question": "x"}).status_code == 403
    assert cast.client("member").post(_url("information_ask", request), {"question": "x"}).status_code == 403
    assert cast.client("outsider").post(_url("information_ask", request), {"question": "x"}).status_code == 404
    from advice.services import requests

    info_row = requests.request_information_ask(request=request, question="Vraag", actor=None)
    url = _url("information_answer", request, pk=info_row.pk)
    assert cast.client("supporter").post(url, {"answer": "x"}).status_code == 403
    other = _submitted(cast)
    assert cast.client("board").get(_url("information_answer", other, pk=info_row.pk)).status_code == 404


def test_asking_twice_while_paused_is_refused_on_the_form(cast: Cast) -> None:
    request = _submitted(cast)
    supporter = cast.client("supporter")
    supporter.post(_url("information_ask", request), {"question": "Eerste vraag"})
    response = supporter.post(_url("information_ask", request), {"question": "Tweede vraag"})
    assert response.status_code == 200
    assert "This step is not possible while the request is" in response.content.decode()
    assert InformationRequest.objects.count() == 1


# ---------------------------------------------------------------------------------------------------------------
# W-BODY-1, consultations, the answer


def test_w_body_1_chamber_positions_and_one_answer_on_the_page(cast: Cast) -> None:
    request = _submitted(cast)
    supporter = cast.client("supporter")
    assert supporter.get(_url("chamber_position_record", request)).status_code == 200
    response = supporter.post(
        _url("chamber_position_record", request), {"chamber": cast.chamber.pk, "position": "Jongeren: ja."}
    )
    assert response.status_code == 302
    supporter.post(
        _url("chamber_position_record", request), {"chamber": cast.other_chamber.pk, "position": "Ouders: nee."}
    )
    assert ChamberPosition.objects.count() == 2
    bad = supporter.post(_url("chamber_position_record", request), {"chamber": cast.chamber.pk, "position": ""})
    assert bad.status_code == 200
    assert "This field is required." in bad.content.decode()

    response = supporter.post(_url("request_respond", request), {"advice": "", "reasons": ""})
    assert response.status_code == 200
    assert not Response.objects.exists()
    response = supporter.post(_url("request_respond", request), {"advice": "Positief, met voorwaarden.", "reasons": ""})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED
    page = cast.client("member").get(_url("request_detail", request)).content.decode()
    assert "Jongeren: ja." in page
    assert "Ouders: nee." in page
    assert "Positief, met voorwaarden." in page
    assert cast.client("board").post(_url("request_respond", request), {"advice": "x"}).status_code == 403
    assert cast.client("member").post(_url("chamber_position_record", request), {}).status_code == 403


def test_w_con_2_consent_answer_needs_a_discussion_on_the_page(cast: Cast) -> None:
    request = _submitted(cast, kind=RequestKind.CONSENT)
    supporter = cast.client("supporter")
    response = supporter.post(_url("request_respond", request), {"consent": "granted", "advice": "", "reasons": ""})
    assert response.status_code == 200
    assert "A consent request is discussed with the board and the council at least once" in response.content.decode()
    assert not Response.objects.exists()

    meeting = make_meeting(body=cast.council, starts_at=timezone.now() - datetime.timedelta(hours=2))
    item = meeting_services.agenda_item_add(meeting=meeting, title="Instemming", kind="consent_request", actor=None)
    meeting_services.meeting_mark_held(meeting=meeting, actor=None)
    assert supporter.get(_url("consultation_link", request)).status_code == 200
    assert supporter.post(_url("consultation_link", request), {"agenda_item": item.pk}).status_code == 302
    assert Consultation.objects.filter(request=request, agenda_item=item).exists()
    # Held, but without the board and without minutes: the page says what is missing.
    response = supporter.post(_url("request_respond", request), {"consent": "granted", "advice": "", "reasons": ""})
    assert response.status_code == 200
    assert "no board member is recorded as present" in response.content.decode()
    meeting_services.board_attendance_record(meeting=meeting, user=cast.board, status="present", actor=None)
    minutes = meeting_services.minutes_save_draft(meeting=meeting, text="Besproken.", actor=None)
    meeting_services.minutes_share(minutes=minutes, actor=None)
    response = supporter.post(_url("request_respond", request), {"consent": "granted", "advice": "", "reasons": ""})
    assert response.status_code == 302
    assert Response.objects.get(request=request).consent == "granted"


def test_w_con_3_refusal_without_reasons_is_refused_on_the_page(cast: Cast) -> None:
    request = _submitted(cast, kind=RequestKind.CONSENT)
    make_consultation(request=request)
    response = cast.client("supporter").post(
        _url("request_respond", request), {"consent": "refused", "advice": "", "reasons": ""}
    )
    assert response.status_code == 200
    assert "A refusal of consent must state its reasons." in response.content.decode()
    assert not Response.objects.exists()


def test_consultation_link_offers_only_fitting_items(cast: Cast) -> None:
    request = _submitted(cast)
    meeting = make_meeting(body=cast.council)
    wrong = meeting_services.agenda_item_add(meeting=meeting, title="Info", kind="information", actor=None)
    response = cast.client("supporter").post(_url("consultation_link", request), {"agenda_item": wrong.pk})
    assert response.status_code == 200
    assert not Consultation.objects.exists()
    assert cast.client("board").post(_url("consultation_link", request), {"agenda_item": wrong.pk}).status_code == 403


# ---------------------------------------------------------------------------------------------------------------
# W-ADV-4, W-ADV-5: the decision


def _decide(cast: Cast, request: Request, **data: str) -> object:
    values = {"outcome": "deviates", "text": "We verhuizen toch.", "reasons": "De huur loopt af.", "effective_on": ""}
    values.update(data)
    return cast.client("board").post(_url("request_decide", request), values)


def test_w_adv_4_deviation_blocked_on_the_page(cast: Cast) -> None:
    request = _answered(cast)
    assert cast.client("board").get(_url("request_decide", request)).status_code == 200
    response = _decide(cast, request)
    assert response.status_code == 200  # type: ignore[attr-defined]
    page = response.content.decode()  # type: ignore[attr-defined]
    assert "can only be recorded after the board has discussed it with the council" in page
    assert not Decision.objects.exists()
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED


def test_w_adv_4_deviation_recorded_after_a_consultation(cast: Cast) -> None:
    request = _answered(cast)
    consultation = make_consultation(request=request)
    response = _decide(cast, request)
    assert response.status_code == 302  # type: ignore[attr-defined]
    decision = Decision.objects.get()
    assert (decision.consultation, decision.decided_by) == (consultation, cast.board)
    page = cast.client("member").get(_url("request_detail", request)).content.decode()
    assert "We verhuizen toch." in page
    assert "De huur loopt af." in page


def test_w_adv_5_deviation_needs_reasons_on_the_page(cast: Cast) -> None:
    request = _answered(cast)
    make_consultation(request=request)
    response = _decide(cast, request, reasons="")
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "must state its reasons" in response.content.decode()  # type: ignore[attr-defined]
    assert not Decision.objects.exists()


def test_following_the_advice_needs_no_consultation(cast: Cast) -> None:
    request = _answered(cast)
    assert _decide(cast, request, outcome="follows", reasons="").status_code == 302  # type: ignore[attr-defined]
    request.refresh_from_db()
    assert request.status == RequestStatus.DECIDED


def test_only_the_board_decides(cast: Cast) -> None:
    request = _answered(cast)
    data = {"outcome": "follows", "text": "Ja."}
    assert cast.client("supporter").post(_url("request_decide", request), data).status_code == 403
    assert cast.client("member").post(_url("request_decide", request), data).status_code == 403
    assert cast.client("outsider").post(_url("request_decide", request), data).status_code == 404
    assert not Decision.objects.exists()


# ---------------------------------------------------------------------------------------------------------------
# Public summary, unsolicited advice


def test_publish_a_summary(cast: Cast) -> None:
    request = _answered(cast)
    supporter = cast.client("supporter")
    response = supporter.post(_url("request_publish", request), {"is_public": "on", "public_summary": ""})
    assert response.status_code == 200
    assert "Write the summary for the public page." in response.content.decode()
    response = supporter.post(
        _url("request_publish", request), {"is_public": "on", "public_summary": "Advies gegeven."}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.is_public, request.public_summary) == (True, "Advies gegeven.")
    assert cast.client("board").post(_url("request_publish", request), {}).status_code == 403


def test_w_uns_1_supporter_submits_unsolicited_advice(cast: Cast) -> None:
    url = reverse("advice:unsolicited_advice_create")
    supporter = cast.client("supporter")
    assert supporter.get(url).status_code == 200
    response = supporter.post(
        url, {"council": cast.council.pk, "topic": "", "title": "Wachttijden", "summary": "", "advice": ""}
    )
    assert response.status_code == 200
    assert not Request.objects.exists()
    response = supporter.post(
        url, {"council": cast.council.pk, "topic": "", "title": "Wachttijden", "advice": "Korter wachten."}
    )
    request = Request.objects.get()
    assert response.status_code == 302
    assert (request.kind, request.status) == (RequestKind.UNSOLICITED_ADVICE, RequestStatus.ANSWERED)
    for role in ("member", "board", "outsider"):
        assert cast.client(role).get(url).status_code == 403
