"""members.services.allowances: allowances per member per month and the tax-free caps (W-MEM-9)."""

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from members.models import AllowanceKind, AllowancePayment, EndReason, Membership, Status
from members.services import allowances, memberships
from tests.conftest import Cast
from tests.factories import make_body, make_membership, make_person, make_user

pytestmark = pytest.mark.django_db

MONTH_WARNING = (
    "With this payment, Fenna would receive €\u00a0220.00 for March 2025, more than the tax-free monthly cap of "
    "€\u00a0210.00."
)


@pytest.fixture
def member() -> Membership:
    return make_membership(body=make_body(), person=make_person(display_name="Fenna"), on=date(2025, 1, 1))


def _pay(
    membership: Membership, month: date, amount: str, *, hours: str = "999", confirm_over_cap: bool = False
) -> AllowancePayment:
    """A meeting allowance; by default for so many hours that the hourly cap is never passed."""
    return allowances.allowance_record(
        membership=membership,
        month=month,
        amount=Decimal(amount),
        kind=AllowanceKind.MEETING,
        hours=Decimal(hours),
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


# ---------------------------------------------------------------------------------------------------------------
# The hourly caps by age, the scheme setting and the yearly overview (issue 14 item 5)


def _member_born(year: int, name: str = "Sam") -> Membership:
    person = make_person(display_name=name, birth_year=year)
    return make_membership(body=make_body(), person=person, on=date(2025, 1, 1))


def _warning(membership: Membership, month: date, amount: str, hours: str) -> str | None:
    return allowances.allowance_cap_warning(
        membership=membership, month=month, amount=Decimal(amount), hours=Decimal(hours)
    )


def test_w_mem_9_hourly_cap_under_21_warns() -> None:
    """Under 21 the lower hourly cap applies (2025: € 3.30, 2026: € 3.40); from 21 the higher one (€ 5.60, € 5.75).
    With only the birth year, someone who turns 21 in the payment's year may still be 20: the lower cap all year."""
    march = date(2025, 3, 1)
    young = _member_born(2006)  # 19 in 2025
    assert _warning(young, march, "9.90", "3") is None  # exactly € 3.30 an hour: reaching the cap is fine
    assert _warning(young, march, "10.00", "3") == (
        "With this payment, Sam would receive €\u00a03.33 an hour (€\u00a010.00 for 3 hours), more than the "
        "tax-free hourly cap of €\u00a03.30 for volunteers under 21. Above a cap the whole amount is taxable."
    )
    assert _warning(young, date(2026, 3, 1), "10.20", "3") is None  # 2026: € 3.40
    one_hour = _warning(young, march, "4", "1")
    assert one_hour is not None
    assert "(€\u00a04.00 for 1 hour)" in one_hour

    turning = _member_born(2004, name="Lisa")  # turns 21 in 2025: possibly 20 on the payment's day
    warning = _warning(turning, march, "10.00", "3")
    assert warning is not None
    assert "hourly cap of €\u00a03.30 for volunteers under 21" in warning
    assert "Lisa turns 21 in 2025; the portal knows only the birth year, so the cap for under 21 applies" in warning

    adult = _member_born(2003, name="Ravi")  # 22 in 2025
    assert _warning(adult, march, "10.00", "3") is None
    assert _warning(adult, march, "17.00", "3") == (
        "With this payment, Ravi would receive €\u00a05.67 an hour (€\u00a017.00 for 3 hours), more than the "
        "tax-free hourly cap of €\u00a05.60 for volunteers aged 21 or older. Above a cap the whole amount is taxable."
    )
    assert _warning(adult, march, "11.40", "2.5") is None  # € 4.56 an hour
    assert "(€\u00a015.00 for 2.5 hours)" in (_warning(adult, march, "15", "2.5") or "")

    # Recording: refused without confirmation, recorded with it; nothing is half-saved.
    with pytest.raises(ValidationError) as info:
        allowances.allowance_record(
            membership=young, month=march, amount=Decimal(10), kind=AllowanceKind.ACTIVITY, hours=Decimal(3), actor=None
        )
    assert info.value.code == "over_cap"
    assert not AllowancePayment.objects.exists()
    payment = allowances.allowance_record(
        membership=young,
        month=march,
        amount=Decimal(10),
        kind=AllowanceKind.ACTIVITY,
        hours=Decimal(3),
        confirm_over_cap=True,
        actor=None,
    )
    assert payment.hours == Decimal(3)
    # Meeting and activity allowances need their hours; expenses need none.
    for kind in (AllowanceKind.MEETING, AllowanceKind.ACTIVITY):
        with pytest.raises(ValidationError) as info:
            allowances.allowance_record(membership=young, month=march, amount=Decimal(5), kind=kind, actor=None)
        assert set(info.value.message_dict) == {"hours"}
    for hours in ("0", "-1", "1000", "1.005"):
        with pytest.raises(ValidationError, match="hours"):
            allowances.allowance_record(
                membership=young,
                month=march,
                amount=Decimal(5),
                kind=AllowanceKind.MEETING,
                hours=Decimal(hours),
                actor=None,
            )
    allowances.allowance_record(
        membership=young, month=march, amount=Decimal(5), kind=AllowanceKind.EXPENSES, actor=None
    )
    assert AllowancePayment.objects.count() == 2


def test_w_mem_9_hourly_cap_warning_on_the_allowance_page(cast: Cast) -> None:
    """The supporter sees the hourly warning with the amounts, and confirms to record the payment anyway."""
    membership = cast.member_person.memberships.get(body=cast.chamber)
    person = cast.member_person
    client = cast.client("supporter")
    url = reverse("members:allowance_record", args=[person.uuid, membership.uuid])
    month = timezone.localdate().replace(day=1)
    data = {"month": month.strftime("%Y-%m"), "amount": "30.00", "kind": "meeting", "hours": "2"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "hourly cap" in response.context["warning"]
    assert "(€\u00a030.00 for 2 hours)" in response.context["warning"]
    assert 'data-testid="cap-warning"' in response.content.decode()
    assert not AllowancePayment.objects.exists()
    # Without hours a meeting allowance is refused on the field.
    response = client.post(url, {**data, "hours": ""})
    assert "hours" in response.context["form"].errors
    assert client.post(url, {**data, "confirm_over_cap": "on"}).status_code == 302
    assert AllowancePayment.objects.get().hours == Decimal(2)


def test_w_mem_9_scheme_off_no_warning(cast: Cast, settings: Any) -> None:
    """ALLOWANCE_SCHEME_APPLIES = False: no cap is checked (monthly, yearly or hourly), payments are recorded
    without confirmation, and the overview says the scheme does not apply instead of showing caps."""
    settings.ALLOWANCE_SCHEME_APPLIES = False
    membership = cast.member_person.memberships.get(body=cast.chamber)
    month = timezone.localdate().replace(day=1)
    assert (
        allowances.allowance_cap_warning(membership=membership, month=month, amount=Decimal(5000), hours=Decimal(1))
        is None
    )
    allowances.allowance_record(
        membership=membership,
        month=month,
        amount=Decimal(5000),
        kind=AllowanceKind.MEETING,
        hours=Decimal(1),
        actor=None,
    )
    (standing,) = allowances.allowance_overview(person=cast.member_person)
    assert (standing.applies, standing.year_cap, standing.month_cap, standing.hour_cap) == (False, None, None, None)
    assert not standing.over
    assert standing.over_hourly == 0
    page = cast.client("supporter").get(reverse("members:person_detail", args=[cast.member_person.uuid]))
    content = page.content.decode()
    assert 'data-testid="scheme-off"' in content
    assert "above the cap" not in content
    assert "Monthly cap" not in content
    settings.ALLOWANCE_SCHEME_APPLIES = True
    assert (
        allowances.allowance_cap_warning(membership=membership, month=month, amount=Decimal(1), hours=Decimal(1))
        is not None
    )  # on again: the € 5,000 already paid passes the caps


def test_w_mem_9_yearly_overview(cast: Cast, settings: Any) -> None:
    """Per year, over all the person's memberships: the year's total against the yearly cap, each month against the
    monthly cap, the highest amount per hour against the hourly cap that fits the person's age. Shown on the person
    page to the supporter and to the member, in Dutch with Dutch amounts and months."""
    person = cast.member_person  # Mia, born 2004: 21 or older in 2026
    chamber = person.memberships.get(body=cast.chamber)
    panel = make_membership(body=make_body(), person=person, on=date(2025, 1, 1))
    year = timezone.localdate().year
    assert year == 2026  # the figures below are 2026's caps; move them on with the clock
    jan, feb = date(year, 1, 1), date(year, 2, 1)

    def pay(membership: Membership, month: date, amount: str, kind: str, hours: str | None) -> None:
        allowances.allowance_record(
            membership=membership,
            month=month,
            amount=Decimal(amount),
            kind=kind,
            hours=Decimal(hours) if hours else None,
            confirm_over_cap=True,
            actor=None,
        )

    pay(chamber, jan, "100.00", AllowanceKind.MEETING, "20")  # € 5 an hour
    pay(panel, jan, "150.00", AllowanceKind.ACTIVITY, "10")  # € 15 an hour: above € 5.75
    pay(chamber, feb, "40.00", AllowanceKind.EXPENSES, None)
    pay(panel, date(2025, 6, 1), "30.00", AllowanceKind.MEETING, "10")

    this_year, last_year = allowances.allowance_overview(person=person)
    assert (this_year.year, last_year.year) == (year, 2025)
    assert (this_year.paid, this_year.year_cap, this_year.left, this_year.over) == (
        Decimal("290.00"),
        Decimal("2200"),
        Decimal("1910.00"),
        False,
    )
    assert (this_year.month_cap, this_year.hour_cap, this_year.hour_cap_under_21) == (
        Decimal("220"),
        Decimal("5.75"),
        False,
    )
    january, february = this_year.months
    assert (january.month, january.paid, january.over, january.above) == (jan, Decimal("250.00"), True, Decimal(30))
    assert (january.highest_rate, january.over_hourly) == (Decimal("15.00"), 1)
    assert (february.paid, february.left, february.highest_rate, february.over_hourly) == (
        Decimal("40.00"),
        Decimal("180.00"),
        None,
        0,
    )
    assert (this_year.over_hourly, this_year.without_hours) == (1, 1)
    # 2025: Mia turned 21 that year, so the lower cap applied all year.
    assert (last_year.paid, last_year.hour_cap, last_year.hour_cap_under_21) == (
        Decimal("30.00"),
        Decimal("3.30"),
        True,
    )

    settings.LANGUAGE_CODE = "nl"
    url = reverse("members:person_detail", args=[person.uuid])
    for role in ("supporter", "member"):
        with translation.override("nl"):
            response = cast.client(role).get(url, HTTP_ACCEPT_LANGUAGE="nl")
        content = response.content.decode()
        assert response.status_code == 200, role
        assert 'data-testid="allowance-overview"' in content
        assert f'data-testid="allowance-year-{year}"' in content
        assert "€&nbsp;290,00" in content
        assert "€&nbsp;1910,00" in content
        assert f"januari {year}" in content
        assert "€&nbsp;30,00 boven het maximum" in content
        assert "€&nbsp;15,00" in content
        assert "1 betaling boven het maximum per uur" in content
        assert "geboren in 2004" in content
    # Outsiders and the board do not see the person page at all.
    assert cast.client("outsider").get(url).status_code == 404
    assert cast.client("board").get(url).status_code == 404
