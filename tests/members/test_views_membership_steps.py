"""Lifecycle step pages: start trial, evaluate, reappoint, end, role, complaint, allowance (W-MEM-1, 4, 5, 6, 9, 10)."""

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members.models import AllowancePayment, EndReason, Membership, Role, Status
from members.services.memberships import membership_set_open_complaint
from tests.conftest import Cast
from tests.factories import make_membership


def _today() -> date:
    return timezone.localdate()


def _url(step: str, membership: Membership) -> str:
    return reverse(f"members:{step}", args=[membership.person.uuid, membership.uuid])


def _member_membership(cast: Cast) -> Membership:
    return cast.member_person.memberships.get(body=cast.chamber)


def _post(client: Client, step: str, membership: Membership, data: Mapping[str, object]) -> int:
    return client.post(_url(step, membership), data).status_code


STEPS = (
    "membership_start_trial",
    "membership_evaluate_trial",
    "membership_reappoint",
    "membership_end",
    "membership_set_role",
    "membership_set_open_complaint",
    "allowance_record",
)


@pytest.mark.parametrize("step", STEPS)
def test_step_is_404_for_outsiders_403_for_the_member_and_200_for_the_supporter(cast: Cast, step: str) -> None:
    membership = _member_membership(cast)
    url = _url(step, membership)
    for role in ("outsider", "other_member", "board"):
        assert cast.client(role).get(url).status_code == 404, role
        assert cast.client(role).post(url, {}).status_code == 404, role
    # The member may see their own membership, not take its steps.
    assert cast.client("member").get(url).status_code == 403
    assert cast.client("member").post(url, {}).status_code == 403
    assert cast.client("supporter").get(url).status_code == 200
    # The other chamber's member: the supporter sees that chamber, not its people.
    other = cast.other_member_person.memberships.get()
    assert cast.client("supporter").get(_url(step, other)).status_code == 404
    assert cast.client("administrator").get(_url(step, other)).status_code == 200


def test_w_mem_4_start_trial_then_evaluate(cast: Cast) -> None:
    candidate = make_membership(body=cast.chamber, status=Status.CANDIDATE)
    client = cast.client("supporter")
    assert _post(client, "membership_start_trial", candidate, {"on": "", "role": "member"}) == 200
    candidate.refresh_from_db()
    assert candidate.status == Status.CANDIDATE
    start = _today() - timedelta(days=10)
    assert _post(client, "membership_start_trial", candidate, {"on": start.isoformat(), "role": "member"}) == 302
    candidate.refresh_from_db()
    assert (candidate.status, candidate.trial_start) == (Status.TRIAL, start)
    assert candidate.history.first().history_user == cast.supporter

    evaluate = {"held_on": _today().isoformat(), "outcome": "continue", "record": "", "suitability": []}
    response = client.post(_url("membership_evaluate_trial", candidate), evaluate)
    assert response.status_code == 200
    assert "record" in response.context["form"].errors
    candidate.refresh_from_db()
    assert candidate.status == Status.TRIAL
    evaluate["record"] = "Gaat goed, wil door."
    assert _post(client, "membership_evaluate_trial", candidate, evaluate) == 302
    candidate.refresh_from_db()
    assert (candidate.status, candidate.term_number) == (Status.ACTIVE, 1)
    assert candidate.evaluations.get().record == "Gaat goed, wil door."


def test_w_mem_1_criteria_recorded_at_intake_when_the_trial_starts(cast: Cast) -> None:
    """A candidate from the public vacancy form has no criteria yet: the appointment records the intake's."""
    candidate = make_membership(body=cast.chamber, status=Status.CANDIDATE)
    data = {
        "on": _today().isoformat(),
        "role": "member",
        "suitability": ["wants_to_improve", "has_experience"],
        "suitability_notes": "Intake op 3 maart, samen met de voorzitter.",
    }
    assert _post(cast.client("supporter"), "membership_start_trial", candidate, data) == 302
    candidate.refresh_from_db()
    assert candidate.suitability == ["wants_to_improve", "has_experience"]
    assert candidate.suitability_notes == "Intake op 3 maart, samen met de voorzitter."
    assert candidate.status == Status.TRIAL


def test_w_mem_1_an_open_complaint_blocks_the_trial_and_the_error_is_shown(cast: Cast) -> None:
    candidate = make_membership(body=cast.chamber, status=Status.CANDIDATE)
    client = cast.client("supporter")
    assert _post(client, "membership_set_open_complaint", candidate, {"open_complaint": "on", "reason": ""}) == 200
    assert (
        _post(client, "membership_set_open_complaint", candidate, {"open_complaint": "on", "reason": "Klacht"}) == 302
    )
    candidate.refresh_from_db()
    assert candidate.open_complaint
    response = client.post(_url("membership_start_trial", candidate), {"on": _today().isoformat(), "role": "member"})
    assert response.status_code == 200
    assert "open complaint procedure" in str(response.context["form"].non_field_errors())
    candidate.refresh_from_db()
    assert candidate.status == Status.CANDIDATE


def test_w_mem_5_reappointment_is_refused_past_the_maximum_of_terms(cast: Cast) -> None:
    membership = _member_membership(cast)
    client = cast.client("supporter")
    assert _post(client, "membership_reappoint", membership, {"reason": "Herbenoemd"}) == 302
    membership.refresh_from_db()
    assert membership.term_number == 2
    response = client.post(_url("membership_reappoint", membership), {"reason": ""})
    assert response.status_code == 200
    assert "reappointment is not possible" in str(response.context["form"].non_field_errors())
    membership.refresh_from_db()
    assert membership.term_number == 2


def test_w_mem_10_end_a_membership(cast: Cast) -> None:
    membership = _member_membership(cast)
    client = cast.client("supporter")
    future = (_today() + timedelta(days=5)).isoformat()
    response = client.post(_url("membership_end", membership), {"ended_on": future, "end_reason": "own_wish"})
    assert response.status_code == 200
    assert "ended_on" in response.context["form"].errors
    membership.refresh_from_db()
    assert membership.status == Status.ACTIVE
    data = {"ended_on": _today().isoformat(), "end_reason": EndReason.OWN_WISH, "end_note": "Verhuisd"}
    assert _post(client, "membership_end", membership, data) == 302
    membership.refresh_from_db()
    assert (membership.status, membership.end_note) == (Status.ENDED, "Verhuisd")
    # Ended: the member no longer sees the chamber (access ends with the membership).
    assert cast.client("member").get(reverse("councils:body_detail", args=[cast.chamber.slug])).status_code == 404


def test_w_mem_6_one_chair_per_body(cast: Cast) -> None:
    membership = _member_membership(cast)
    other = make_membership(body=cast.chamber)
    client = cast.client("supporter")
    assert _post(client, "membership_set_role", membership, {"role": Role.CHAIR, "reason": ""}) == 302
    response = client.post(_url("membership_set_role", other), {"role": Role.CHAIR})
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    other.refresh_from_db()
    assert other.role == Role.MEMBER


def test_w_mem_9_allowance_over_the_cap_needs_confirmation(cast: Cast, settings: Any) -> None:
    settings.ALLOWANCE_CAPS = {_today().year: {"month": Decimal("220"), "year": Decimal("2200")}}
    membership = _member_membership(cast)
    client = cast.client("supporter")
    url = _url("allowance_record", membership)
    assert "confirm_over_cap" not in client.get(url).context["form"].fields
    month = _today().replace(day=1).strftime("%Y-%m")
    assert client.post(url, {"month": month, "amount": "50.00", "kind": "meeting", "hours": "20"}).status_code == 302
    payment = AllowancePayment.objects.get()
    assert (payment.month, payment.amount) == (_today().replace(day=1), Decimal("50.00"))
    over = {"month": month, "amount": "500.00", "kind": "meeting", "hours": "200", "description": "Extra"}
    response = client.post(url, over)
    assert response.status_code == 200
    assert response.context["warning"]
    assert "confirm_over_cap" in response.context["form"].fields
    assert 'data-testid="cap-warning"' in response.content.decode()
    assert AllowancePayment.objects.count() == 1
    assert client.post(url, {**over, "confirm_over_cap": "on"}).status_code == 302
    assert AllowancePayment.objects.count() == 2


def test_allowance_bad_input_is_shown_and_nothing_saved(cast: Cast) -> None:
    membership = _member_membership(cast)
    client = cast.client("supporter")
    url = _url("allowance_record", membership)
    response = client.post(url, {"month": "2020-01", "amount": "10", "kind": "meeting", "hours": "2"})
    assert response.status_code == 200
    assert "month" in response.context["form"].errors  # not a member in January 2020
    response = client.post(url, {"month": "nope", "amount": "-1", "kind": "meeting"})
    assert set(response.context["form"].errors) == {"month", "amount"}
    assert not AllowancePayment.objects.exists()


def test_complaint_step_on_an_ended_membership_shows_the_service_error(cast: Cast) -> None:
    membership = make_membership(body=cast.chamber, status=Status.CANDIDATE)
    membership_set_open_complaint(membership=membership, open_complaint=True, actor=None, reason="x")
    client = cast.client("supporter")
    end = {"ended_on": _today().isoformat(), "end_reason": EndReason.NOT_APPOINTED}
    assert _post(client, "membership_end", membership, end) == 302
    response = client.post(_url("membership_set_open_complaint", membership), {"reason": "Gesloten"})
    assert response.status_code == 200
    assert "already ended" in str(response.context["form"].non_field_errors())
