"""The dispute and nullity pages (advice/dispute_views.py): happy paths, bad input, 403/404, constant query counts."""

import datetime
from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from advice.models import (
    CommitteeAppointer,
    Dispute,
    DisputeParty,
    DisputeStatus,
    DisputeSubject,
    NullityInvocation,
    RulingEffect,
    Topic,
)
from advice.services import disputes as services
from advice.services import nullity as nullity_services
from councils import services as council_services
from tests.advice.dispute_helpers import TODAY, answered_consent
from tests.conftest import Cast
from tests.factories import PDF_BYTES, make_advice_request, make_user
from tests.helpers import assert_constant_queries

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _dispute(cast: Cast, **kwargs: Any) -> Dispute:
    values: dict[str, Any] = {
        "council": cast.council,
        "subject": DisputeSubject.OTHER,
        "brought_by": DisputeParty.COUNCIL,
        "description": "Geen vergaderruimte.",
        "opened_on": TODAY - 20 * DAY,
        "actor": cast.supporter,
    }
    values.update(kwargs)
    return services.dispute_open(**values)


def _day(day: date) -> str:
    return day.isoformat()


def test_board_opens_a_dispute_about_a_refused_consent_request(cast: Cast) -> None:
    refused = answered_consent(council=cast.council, board=cast.board)
    client = cast.client("board")
    url = reverse("advice:dispute_create")
    page = client.get(url, {"verzoek": str(refused.uuid)})
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["request"] == refused
    assert form.initial["subject"] == DisputeSubject.CONSENT
    assert [value for value, _label in form.fields["brought_by"].choices] == [DisputeParty.BOARD]
    response = client.post(
        url,
        {
            "council": cast.council.pk,
            "subject": DisputeSubject.CONSENT,
            "request": refused.pk,
            "brought_by": DisputeParty.BOARD,
            "description": "Wij vragen een vervangende uitspraak.",
            "opened_on": _day(TODAY),
        },
    )
    dispute = Dispute.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("advice:dispute_detail", kwargs={"uuid": dispute.uuid})
    assert dispute.brought_by == DisputeParty.BOARD
    assert dispute.request == refused
    assert dispute.created_by == cast.board
    # The council's member reads it, the request's page partial shows it.
    detail = cast.client("member").get(response["Location"])
    assert detail.status_code == 200
    assert not detail.context["may_act"]
    html = render_to_string(
        "advice/_disputes.html", {"request_obj": refused, "may_dispute": True}, request=RequestFactory().get("/")
    )
    assert reverse("advice:dispute_detail", kwargs={"uuid": dispute.uuid}) in html
    assert f"?verzoek={refused.uuid}" in html


def test_bad_input_re_renders_with_the_errors(cast: Cast) -> None:
    client = cast.client("supporter")
    url = reverse("advice:dispute_create")
    data = {
        "council": cast.council.pk,
        "subject": DisputeSubject.CONSENT,
        "brought_by": DisputeParty.COUNCIL,
        "description": "",
        "opened_on": _day(TODAY),
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "description" in response.context["form"].errors
    # The service's rule (a consent dispute needs a consent request) shows on the request field.
    response = client.post(url, {**data, "description": "Onenigheid."})
    assert response.status_code == 200
    assert "request" in response.context["form"].errors
    # A supporter cannot bring a dispute for the board.
    response = client.post(url, {**data, "subject": "other", "brought_by": DisputeParty.BOARD, "description": "x"})
    assert "brought_by" in response.context["form"].errors
    assert not Dispute.objects.exists()
    response = client.post(url, {**data, "subject": "other", "description": "Onenigheid."})
    assert response.status_code == 302
    assert Dispute.objects.get().brought_by == DisputeParty.COUNCIL


def test_dispute_pages_403_and_404(cast: Cast) -> None:
    dispute = _dispute(cast)
    detail = reverse("advice:dispute_detail", kwargs={"uuid": dispute.uuid})
    ruling = reverse("advice:dispute_ruling", kwargs={"uuid": dispute.uuid})
    assert cast.client("outsider").get(detail).status_code == 404
    assert cast.client("outsider").post(ruling, {}).status_code == 404
    assert cast.client("member").post(ruling, {}).status_code == 403
    assert cast.client("member").get(reverse("advice:dispute_create")).status_code == 403
    assert cast.client("other_member").get(detail).status_code == 200
    # The supporter of another council's chamber is an outsider here.
    other = council_services.body_create(kind="council", name="Ander", slug="ander", actor=None, reason="t")
    other_supporter = make_user(username="other-supporter")
    council_services.body_supporter_add(body=other, user=other_supporter, actor=None, reason="t")
    client = cast.client("outsider")
    client.force_login(other_supporter)
    assert client.get(detail).status_code == 404
    assert cast.client("outsider").get(reverse("advice:dispute_list")).context["disputes"] == []


def test_w_dis_1_dossier_steps_through_the_pages(cast: Cast) -> None:
    refused = answered_consent(council=cast.council, board=cast.board)
    dispute = _dispute(cast, subject=DisputeSubject.CONSENT, request=refused, brought_by=DisputeParty.BOARD)
    client = cast.client("supporter")

    def url(name: str) -> str:
        return reverse(f"advice:{name}", kwargs={"uuid": dispute.uuid})

    member_page = client.get(url("dispute_member_add"))
    assert [v for v, _l in member_page.context["form"].fields["appointed_by"].choices] == [
        CommitteeAppointer.BOARD, CommitteeAppointer.COUNCIL, CommitteeAppointer.MEMBERS,
    ]  # fmt: skip
    # The chair first: the service refuses and the form shows why.
    chair_first = client.post(url("dispute_member_add"), {"name": "Voorzitter", "appointed_by": "members"})
    assert chair_first.status_code == 200
    assert "appointed_by" in chair_first.context["form"].errors
    assert client.post(url("dispute_member_add"), {"name": "A", "appointed_by": "board"}).status_code == 302
    upload = SimpleUploadedFile("verzoek.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(
        url("dispute_document_add"), {"title": "Verzoekschrift", "confidentiality": "body", "file": upload}
    )
    assert response.status_code == 302
    bad_file = SimpleUploadedFile("x.pdf", b"not a pdf", content_type="application/pdf")
    response = client.post(url("dispute_document_add"), {"title": "X", "confidentiality": "body", "file": bad_file})
    assert response.status_code == 200
    assert response.context["form"].errors
    mediation = {"mediation_on": _day(TODAY - 10 * DAY), "outcome": "Geen akkoord."}
    assert client.post(url("dispute_mediation"), mediation).status_code == 302
    # The effect must fit the subject: the form only offers the consent effects (and "other").
    page = client.get(url("dispute_ruling"))
    assert {v for v, _l in page.context["form"].fields["effect"].choices} == {
        RulingEffect.REPLACES_CONSENT, RulingEffect.UPHOLDS_REFUSAL, RulingEffect.OTHER,
    }  # fmt: skip
    wrong = {"ruled_on": _day(TODAY - 5 * DAY), "ruling": "R", "effect": RulingEffect.PERMITS_DISSOLUTION}
    assert "effect" in client.post(url("dispute_ruling"), wrong).context["form"].errors
    board = cast.client("board")
    ruling = {"ruled_on": _day(TODAY - 5 * DAY), "ruling": "Vervangt.", "effect": RulingEffect.REPLACES_CONSENT}
    assert board.post(url("dispute_ruling"), ruling).status_code == 302
    appeal = {"appealed_on": _day(TODAY - 4 * DAY), "appealed_by": DisputeParty.COUNCIL}
    assert client.post(url("dispute_appeal"), appeal).status_code == 302
    decision = {"decided_on": _day(TODAY - DAY), "outcome": "Bekrachtigd."}
    assert board.post(url("dispute_appeal_decide"), decision).status_code == 302
    assert client.post(url("dispute_close"), {"closed_on": _day(TODAY)}).status_code == 302
    dispute.refresh_from_db()
    assert dispute.status == DisputeStatus.CLOSED
    assert dispute.ruling_stands(RulingEffect.REPLACES_CONSENT)
    assert not dispute.appeal_overturned
    detail = cast.client("member").get(url("dispute_detail"))
    assert [document.title for document in detail.context["documents"]] == ["Verzoekschrift"]
    assert b"Vervangt." in detail.content


def test_w_con_5_nullity_pages(cast: Cast) -> None:
    client = cast.client("supporter")
    assert cast.client("board").get(reverse("advice:nullity_create")).status_code == 403
    data = {
        "council": cast.council.pk,
        "topic": Topic.objects.get(code="CON-e").pk,
        "decision_description": "Nieuwe klachtenregeling.",
        "window_start_on": "2026-01-31",
        "window_start_basis": "told_by_board",
        "note": "",
    }
    missing = client.post(reverse("advice:nullity_create"), {**data, "topic": ""})
    assert missing.status_code == 200
    assert "topic" in missing.context["form"].errors
    response = client.post(reverse("advice:nullity_create"), data)
    invocation = NullityInvocation.objects.get()
    assert response["Location"] == reverse("advice:nullity_detail", kwargs={"uuid": invocation.uuid})
    detail = cast.client("board").get(response["Location"])
    assert detail.status_code == 200
    assert detail.context["last_day"] == date(2026, 2, 28)
    assert not detail.context["may_invoke"]
    invoke = reverse("advice:nullity_invoke", kwargs={"uuid": invocation.uuid})
    assert cast.client("board").get(invoke).status_code == 403
    assert cast.client("member").get(invoke).status_code == 403
    assert cast.client("outsider").get(invoke).status_code == 404
    late = client.post(invoke, {"invoked_on": "2026-03-01", "text": "Wij roepen de nietigheid in."})
    assert late.status_code == 200
    assert "28 February 2026" in late.context["form"].errors["invoked_on"][0]
    assert client.post(invoke, {"invoked_on": "2026-02-28", "text": "Wij roepen in."}).status_code == 302
    invocation.refresh_from_db()
    assert invocation.invoked_on == date(2026, 2, 28)


@pytest.mark.parametrize("role", ["board", "supporter", "member"])
def test_dispute_list_query_count_isassert_constant_queries(cast: Cast, role: str) -> None:
    def grow(count: int) -> None:
        for _ in range(count):
            advice = make_advice_request(council=cast.council, responsible=cast.board, submitted_on=TODAY - 9 * DAY)
            _dispute(cast, subject=DisputeSubject.ADVICE, request=advice)

    assert_constant_queries(cast.client(role), reverse("advice:dispute_list"), grow)


@pytest.mark.parametrize("role", ["board", "supporter"])
def test_nullity_list_query_count_isassert_constant_queries(cast: Cast, role: str) -> None:
    def grow(count: int) -> None:
        for n in range(count):
            nullity_services.nullity_window_record(
                council=cast.council,
                topic=Topic.objects.get(code="CON-e"),
                decision_description=f"Besluit {n}",
                window_start_on=TODAY - n * DAY,
                basis="saw_carried_out",
                actor=None,
            )

    assert_constant_queries(cast.client(role), reverse("advice:nullity_list"), grow)
