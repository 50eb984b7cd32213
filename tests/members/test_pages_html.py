"""The members pages are well-formed HTML5 (html5lib's strict parser), with forms, errors and data."""

from decimal import Decimal

import html5lib
import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import AllowanceKind, Status
from members.services import allowances
from tests.conftest import Cast
from tests.factories import make_membership


def _parse(content: bytes) -> None:
    parser = html5lib.HTMLParser(strict=True)
    parser.parse(content)
    assert parser.errors == []


def _pages(cast: Cast) -> list[tuple[str, str]]:
    person = cast.member_person
    membership = person.memberships.get()
    # An allowance above the hourly cap: the person page shows its yearly overview with the caps (W-MEM-9).
    allowances.allowance_record(
        membership=membership,
        month=timezone.localdate(),
        amount=Decimal("30"),
        kind=AllowanceKind.MEETING,
        hours=Decimal("2"),
        confirm_over_cap=True,
        actor=None,
    )
    candidate = make_membership(body=cast.chamber, status=Status.CANDIDATE)
    steps = [
        reverse(f"members:{step}", args=[person.uuid, membership.uuid])
        for step in ("membership_reappoint", "membership_end", "membership_set_role", "allowance_record")
    ]
    return [
        ("supporter", reverse("members:person_list")),
        ("supporter", reverse("members:person_list") + "?status=all&trial_ending=on"),
        ("supporter", reverse("members:person_create")),
        ("supporter", reverse("members:person_detail", args=[person.uuid])),
        ("supporter", reverse("members:person_detail", args=[candidate.person.uuid])),
        ("supporter", reverse("members:person_update", args=[person.uuid])),
        ("supporter", reverse("members:person_anonymise", args=[person.uuid])),
        ("supporter", reverse("members:membership_start_trial", args=[candidate.person.uuid, candidate.uuid])),
        ("supporter", reverse("members:membership_evaluate_trial", args=[person.uuid, membership.uuid])),
        ("supporter", reverse("members:membership_set_open_complaint", args=[person.uuid, membership.uuid])),
        *[("supporter", step) for step in steps],
        ("supporter", reverse("members:body_retirement_schedule", args=[cast.chamber.slug])),
        ("board", reverse("members:body_retirement_schedule", args=[cast.council.slug])),
        ("member", reverse("members:body_composition", args=[cast.chamber.slug])),
        ("board", reverse("members:body_composition", args=[cast.council.slug])),
        ("member", reverse("members:my_membership")),
        ("outsider", reverse("members:my_membership")),
        ("member", reverse("members:notification_list")),
        ("member", reverse("members:person_detail", args=[person.uuid])),
        ("supporter", reverse("councils:body_detail", args=[cast.chamber.slug])),
    ]


def test_members_pages_parse_without_errors(cast: Cast) -> None:
    for role, path in _pages(cast):
        response = cast.client(role).get(path)
        assert response.status_code == 200, (role, path)
        _parse(response.content)


@pytest.mark.parametrize("data", [{}, {"birth_year": "2020", "email": "x@example.org", "body": "x"}])
def test_register_form_with_errors_parses(cast: Cast, data: dict[str, str]) -> None:
    response = cast.client("supporter").post(reverse("members:person_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    _parse(response.content)
