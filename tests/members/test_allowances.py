"""members.services.allowances: allowances per member per month and the tax-free caps (W-MEM-9)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from members.models import AllowanceKind, AllowancePayment, EndReason, Membership, Status
from members.services import allowances, memberships
from tests.factories import make_body, make_membership, make_person, make_user

pytestmark = pytest.mark.django_db

MONTH_WARNING = (
    "With this payment, Fenna would receive €\u00a0220.00 for March 2025, more than the tax-free monthly cap of "
    "€\u00a0210.00."
)


@pytest.fixture
def member() -> Membership:
    return make_membership(body=make_body(), person=make_person(display_name="Fenna"), on=date(2025, 1, 1))


def _pay(membership: Membership, month: date, amount: str, *, confirm_over_cap: bool = False) -> AllowancePayment:
    return allowances.allowance_record(
        membership=membership,
        month=month,
        amount=Decimal(amount),
        kind=AllowanceKind.MEETING,
        confirm_over_cap=confirm_over_cap,
        actor=None,
    )


def test_allowance_record_normalises_the_month_with_history(member: Membership) -> None:
    supporter = make_user(username="supporter")
    payment = allowances.allowance_record(
        membership=member,
        month=date(2025, 3, 17),
        amount=Decimal("25.00"),
        kind=AllowanceKind.EXPENSES,
        description=" reiskosten ",
        actor=supporter,
    )
    payment.refresh_from_db()
    assert (payment.month, payment.amount, payment.description) == (date(2025, 3, 1), Decimal("25.00"), "reiskosten")
    assert payment.history.get().history_user == supporter
    for amount in ("0", "-5"):
        with pytest.raises(ValidationError, match="more than zero"):
            _pay(member, date(2025, 3, 1), amount)
    with pytest.raises(ValidationError, match="Choose what"):
        allowances.allowance_record(
            membership=member, month=date(2025, 3, 1), amount=Decimal(1), kind="bonus", actor=None
        )


def test_w_mem_9_cap_warning(member: Membership) -> None:
    march = date(2025, 3, 1)
    _pay(member, march, "150")
    # Reaching the cap exactly is fine; passing it is warned about.
    assert allowances.allowance_cap_warning(membership=member, month=march, amount=Decimal("60")) is None
    warning = allowances.allowance_cap_warning(membership=member, month=date(2025, 3, 20), amount=Decimal("70"))
    assert warning == MONTH_WARNING + " Above a cap the whole amount is taxable."
    # Not recorded without confirmation; recorded with it.
    with pytest.raises(ValidationError) as info:
        _pay(member, march, "70")
    assert info.value.code == "over_cap"
    assert info.value.messages == [warning]
    assert AllowancePayment.objects.count() == 1
    _pay(member, march, "70", confirm_over_cap=True)
    assert AllowancePayment.objects.count() == 2
    # 2026 has caps of its own.
    assert allowances.allowance_cap_warning(membership=member, month=date(2026, 1, 1), amount=Decimal("220")) is None
    assert allowances.allowance_cap_warning(membership=member, month=date(2026, 1, 1), amount=Decimal("221"))


def test_w_mem_9_yearly_cap_counts_all_memberships_of_the_person(member: Membership) -> None:
    panel = make_membership(body=make_body(), person=member.person, on=date(2025, 1, 1))
    for month in range(1, 11):
        _pay(member if month % 2 else panel, date(2025, month, 1), "200")  # € 2,000 in ten months
    assert allowances.allowance_cap_warning(membership=member, month=date(2025, 11, 1), amount=Decimal("100")) is None
    warning = allowances.allowance_cap_warning(membership=panel, month=date(2025, 11, 1), amount=Decimal("101"))
    assert warning == (
        "With this payment, Fenna would receive €\u00a02101.00 in 2025, more than the tax-free yearly cap of "
        "€\u00a02100.00. "
        "Above a cap the whole amount is taxable."
    )
    # Both caps passed: both are named.
    both = allowances.allowance_cap_warning(membership=member, month=date(2025, 12, 1), amount=Decimal("250"))
    assert both is not None
    assert "monthly cap" in both
    assert "yearly cap" in both
    # Another person's payments do not count.
    other = make_membership(body=make_body(), on=date(2025, 1, 1))
    assert allowances.allowance_cap_warning(membership=other, month=date(2025, 11, 1), amount=Decimal("210")) is None


def test_w_mem_9_no_warning_when_the_scheme_does_not_apply_or_the_year_has_no_caps(
    member: Membership, settings
) -> None:
    assert allowances.allowance_cap_warning(membership=member, month=date(2027, 1, 1), amount=Decimal("5000")) is None
    settings.ALLOWANCE_SCHEME_APPLIES = False
    assert allowances.allowance_cap_warning(membership=member, month=date(2025, 1, 1), amount=Decimal("5000")) is None
    _pay(member, date(2025, 1, 1), "5000")
    settings.ALLOWANCE_SCHEME_APPLIES = True
    settings.ALLOWANCE_CAPS = {2025: {"month": Decimal("10000"), "year": Decimal("20000")}}
    assert allowances.allowance_cap_warning(membership=member, month=date(2025, 1, 1), amount=Decimal("5000")) is None


def test_allowances_only_for_months_in_which_the_person_was_a_member(member: Membership) -> None:
    candidate = make_membership(body=make_body(), status=Status.CANDIDATE)
    with pytest.raises(ValidationError, match="was not a member of"):
        _pay(candidate, date(2025, 3, 1), "10")
    with pytest.raises(ValidationError) as info:
        _pay(member, date(2024, 12, 1), "10")
    assert info.value.message_dict == {"month": [f"Fenna was not a member of {member.body.name} in December 2024."]}
    memberships.membership_end(membership=member, on=date(2025, 6, 15), reason=EndReason.OWN_WISH, actor=None)
    member.refresh_from_db()
    _pay(member, date(2025, 6, 1), "10")  # the month in which they left still counts
    with pytest.raises(ValidationError, match="was not a member of"):
        _pay(member, date(2025, 7, 1), "10")
    assert Membership.objects.get(pk=member.pk).allowances.count() == 1
