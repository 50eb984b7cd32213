"""The board's pages for a request: list, create, edit the draft, submit (W-ADV-2 warning, supporters notified),
withdraw, and the dossier page with its timeline."""

import datetime

from django.urls import reverse
from django.utils import timezone

from advice.models import Request, RequestKind, RequestStatus, Topic
from councils.models import BodyKind
from incluzio_mz.models import Notification
from tests.conftest import Cast
from tests.factories import make_advice_request, make_body


def _today() -> datetime.date:
    return timezone.localdate()


def _detail(request: Request) -> str:
    return reverse("advice:request_detail", kwargs={"uuid": request.uuid})


def _url(name: str, request: Request) -> str:
    return reverse(f"advice:{name}", kwargs={"uuid": request.uuid})


# ---------------------------------------------------------------------------------------------------------------
# The list


def test_list_shows_open_requests_with_days_left_paused_and_overdue(cast: Cast) -> None:
    from advice.services import requests

    running = make_advice_request(council=cast.council, responsible=cast.board, submitted_on=_today())
    late = make_advice_request(
        council=cast.council, responsible=cast.board, submitted_on=_today() - datetime.timedelta(weeks=10)
    )
    paused = make_advice_request(council=cast.council, responsible=cast.board, submitted_on=_today())
    requests.request_information_ask(request=paused, question="Wat kost het?", actor=None)
    draft = make_advice_request(council=cast.council, responsible=cast.board)

    page = cast.client("supporter").get(reverse("advice:request_list")).content.decode()
    assert running.reference in page
    assert late.reference in page
    assert paused.reference in page
    assert draft.reference not in page  # drafts are the board's
    assert 'data-testid="overdue"' in page
    assert 'data-testid="paused"' in page
    assert "42 days left" in page

    board_page = cast.client("board").get(reverse("advice:request_list") + "?status=draft").content.decode()
    assert draft.reference in board_page
    assert running.reference not in board_page


def test_list_filters_by_council_and_kind(cast: Cast) -> None:
    other = make_body(kind=BodyKind.COUNCIL, name="Other council", slug="other-council")
    mine = make_advice_request(council=cast.council, responsible=cast.board, submitted_on=_today())
    theirs = make_advice_request(council=other, responsible=cast.board, submitted_on=_today())
    consent = make_advice_request(
        council=cast.council, responsible=cast.board, kind=RequestKind.CONSENT, submitted_on=_today()
    )
    client = cast.client("board")
    page = client.get(reverse("advice:request_list") + "?raad=cast-council").content.decode()
    assert mine.reference in page
    assert consent.reference in page
    assert theirs.reference not in page
    page = client.get(reverse("advice:request_list") + "?soort=consent").content.decode()
    assert consent.reference in page
    assert mine.reference not in page


def test_members_see_their_councils_requests_only(cast: Cast) -> None:
    other = make_body(kind=BodyKind.COUNCIL, name="Other council", slug="other-council")
    mine = make_advice_request(council=cast.council, responsible=cast.board, submitted_on=_today())
    theirs = make_advice_request(council=other, responsible=cast.board, submitted_on=_today())
    page = cast.client("member").get(reverse("advice:request_list")).content.decode()
    assert mine.reference in page
    assert theirs.reference not in page
    assert 'data-testid="request-create"' not in page
    assert cast.client("outsider").get(reverse("advice:request_list")).status_code == 200
    assert cast.client("outsider").get(_detail(mine)).status_code == 404
    assert cast.client("member").get(_detail(theirs)).status_code == 404


# ---------------------------------------------------------------------------------------------------------------
# Create, edit, submit, withdraw


def _form_data(cast: Cast, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": RequestKind.REQUESTED_ADVICE,
        "council": cast.council.pk,
        "topic": Topic.objects.get(code="ADV-e").pk,
        "title": "Nieuwe locatie",
        "summary": "We willen verhuizen.",
        "responsible": cast.board.pk,
        "planned_decision_on": "2027-06-30",
    }
    data.update(overrides)
    return data


def test_board_creates_a_draft(cast: Cast) -> None:
    client = cast.client("board")
    assert client.get(reverse("advice:request_create")).status_code == 200
    response = client.post(reverse("advice:request_create"), _form_data(cast))
    request = Request.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail(request)
    assert (request.status, request.title, request.responsible) == (RequestStatus.DRAFT, "Nieuwe locatie", cast.board)


def test_w_con_1_consent_request_with_an_advice_topic_is_refused_on_the_page(cast: Cast) -> None:
    response = cast.client("board").post(reverse("advice:request_create"), _form_data(cast, kind="consent"))
    assert response.status_code == 200
    assert "A consent request needs one of the consent topics." in response.content.decode()
    assert not Request.objects.exists()


def test_only_the_board_side_creates_requests(cast: Cast) -> None:
    for role in ("supporter", "member", "outsider"):
        assert cast.client(role).post(reverse("advice:request_create"), _form_data(cast)).status_code == 403
    assert not Request.objects.exists()


def test_board_edits_a_draft_and_not_a_submitted_request(cast: Cast) -> None:
    draft = make_advice_request(council=cast.council, responsible=cast.board)
    client = cast.client("board")
    response = client.post(_url("request_update", draft), _form_data(cast, title="Andere titel"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Andere titel"

    submitted = make_advice_request(council=cast.council, responsible=cast.board, submitted_on=_today())
    response = client.post(_url("request_update", submitted), _form_data(cast, title="Te laat"))
    assert response.status_code == 200
    assert "This step is not possible while the request is" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.title != "Te laat"
    # A draft is not visible to the council's side at all.
    assert cast.client("supporter").get(_url("request_update", draft)).status_code == 404


def test_submit_notifies_the_councils_supporters(cast: Cast) -> None:
    draft = make_advice_request(council=cast.council, responsible=cast.board)
    client = cast.client("board")
    assert client.get(_url("request_submit", draft)).status_code == 405
    response = client.post(_url("request_submit", draft), follow=True)
    assert response.status_code == 200
    assert "The request has been sent to the council." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == RequestStatus.SUBMITTED
    notification = Notification.objects.get(recipient=cast.supporter)
    assert notification.kind == "advice.request_submitted"
    assert notification.url == _detail(draft)
    assert draft.reference in notification.title
    assert notification.email_template == ("advice_request_submitted" if cast.supporter.email else "")


def test_w_adv_2_warning_shown_after_submit(cast: Cast) -> None:
    draft = make_advice_request(
        council=cast.council, responsible=cast.board, planned_decision_on=_today() + datetime.timedelta(days=7)
    )
    response = cast.client("board").post(_url("request_submit", draft), follow=True)
    page = response.content.decode()
    assert "after the planned decision date" in page
    assert 'data-testid="late-warning"' in page  # and it stays on the dossier page


def test_submit_without_a_planned_date_says_so(cast: Cast) -> None:
    draft = make_advice_request(council=cast.council, responsible=cast.board, planned_decision_on=None)
    response = cast.client("board").post(_url("request_submit", draft), follow=True)
    assert "Give the planned decision date." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == RequestStatus.DRAFT


def test_council_side_cannot_submit(cast: Cast) -> None:
    submitted = make_advice_request(council=cast.council, responsible=cast.board, submitted_on=_today())
    assert cast.client("supporter").post(_url("request_submit", submitted)).status_code == 403
    assert cast.client("outsider").post(_url("request_submit", submitted)).status_code == 404


def test_withdraw_needs_a_reason(cast: Cast) -> None:
    submitted = make_advice_request(council=cast.council, responsible=cast.board, submitted_on=_today())
    client = cast.client("board")
    response = client.post(_url("request_withdraw", submitted), {"reason": "  "})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    response = client.post(_url("request_withdraw", submitted), {"reason": "Plan gaat niet door."})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == RequestStatus.WITHDRAWN
    page = client.get(_detail(submitted)).content.decode()
    assert "Plan gaat niet door." in page  # the reason is in the timeline
    assert cast.client("supporter").post(_url("request_withdraw", submitted), {"reason": "x"}).status_code == 403


# ---------------------------------------------------------------------------------------------------------------
# The dossier


def test_detail_timeline_shows_who_and_when(cast: Cast) -> None:
    draft = make_advice_request(council=cast.council, responsible=cast.board)
    cast.client("board").post(_url("request_submit", draft))
    page = cast.client("member").get(_detail(draft)).content.decode()
    assert 'data-testid="timeline"' in page
    assert "Request submitted to the council" in page
    assert cast.board.display_name in page
    assert 'data-testid="request-actions"' not in page  # members read only


def test_detail_has_the_letter_and_dispute_partials(cast: Cast) -> None:
    request = make_advice_request(council=cast.council, responsible=cast.board, submitted_on=_today())
    response = cast.client("board").get(_detail(request))
    names = [template.name for template in response.templates]
    assert "advice/_letter.html" in names
    assert "advice/_disputes.html" in names
    assert response.context["request_obj"] == request
    assert response.context["may_board"] is True
    assert response.context["may_council"] is False
