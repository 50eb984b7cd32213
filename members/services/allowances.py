"""Writes for allowances paid to members, with the tax-free caps of the volunteer allowance (WMCZ.md W-MEM-9).

The monthly and yearly caps cover allowances and expense payments together and apply to the person, not to one
membership: a member of a chamber who is also in a panel has one monthly and one yearly cap. The hourly cap compares
one payment's amount with the hours of volunteer work it is for: from age 21 the higher cap, under 21 the lower one.
The portal knows only the birth year, so in the calendar year in which a person turns 21 they may still be 20 on the
payment's day: that whole year the lower cap applies (the safe side; docs/MEMBERS.md "Allowances"). Reaching a cap
exactly is fine; passing it gets a warning, because above a cap the whole amount becomes taxable. A supporter may
still record the payment by confirming it (the portal warns, it does not decide on pay).

Meeting and activity allowances need their hours (the hourly cap has nothing to compare with otherwise); expense
payments may have none.
"""

from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from members.models import AllowanceKind, AllowancePayment, Membership, Person, Status
from members.services._common import save_new

# The age from which the higher hourly cap applies (W-MEM-9).
HOURLY_CAP_AGE = 21
# Kinds that pay for hours of volunteer work: their hours are required (the hourly cap).
KINDS_WITH_HOURS = frozenset({AllowanceKind.MEETING, AllowanceKind.ACTIVITY})
CENT = Decimal("0.01")


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def _paid(*, person_id: int, month: date) -> tuple[Decimal, Decimal]:
    """What person was paid for month and for month's calendar year, over all their memberships."""
    payments = AllowancePayment.objects.filter(membership__person_id=person_id, month__year=month.year)
    year_total = payments.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    month_total = payments.filter(month=month).aggregate(total=Sum("amount"))["total"] or Decimal(0)
    return month_total, year_total


def _euros(amount: Decimal) -> str:
    """An amount in the active language's notation (€ 2100,00 in Dutch), without the browser's help."""
    return f"€\u00a0{number_format(amount, decimal_pos=2)}"


def _hours(hours: Decimal) -> str:
    """Hours in the active language's notation, without trailing zeros (3, 2,5)."""
    plain = hours.quantize(Decimal(1)) if hours == hours.to_integral() else hours.normalize()
    return number_format(plain)


def scheme_caps(year: int) -> dict[str, Decimal] | None:
    """The year's caps when the volunteer scheme applies to the organisation (ALLOWANCE_SCHEME_APPLIES) and the year
    has caps configured (ALLOWANCE_CAPS); else None: then nothing is checked."""
    if not settings.ALLOWANCE_SCHEME_APPLIES:
        return None
    caps: dict[str, Decimal] | None = settings.ALLOWANCE_CAPS.get(year)
    return caps


def may_be_under_hourly_cap_age(person: Person, year: int) -> bool:
    """Whether person may be under 21 on some day of year: born in year - 21 or later (only the year is known)."""
    return person.may_be_under(HOURLY_CAP_AGE, on=date(year, 1, 1))


def hourly_cap(person: Person, caps: dict[str, Decimal], year: int) -> tuple[Decimal, bool] | None:
    """(the hourly cap that applies to person in year, whether it is the under-21 one), or None when the year's
    caps have no hourly figure."""
    under_21 = may_be_under_hourly_cap_age(person, year)
    cap = caps.get("hour_under_21" if under_21 else "hour")
    return (cap, under_21) if cap is not None else None


def hourly_rate(amount: Decimal, hours: Decimal) -> Decimal:
    return (amount / hours).quantize(CENT, rounding=ROUND_HALF_UP)


def _hourly_warning(person: Person, *, year: int, amount: Decimal, hours: Decimal, cap: Decimal, young: bool) -> str:
    values = {
        "name": person.display_name,
        "rate": _euros(hourly_rate(amount, hours)),
        "amount": _euros(amount),
        "hours": _hours(hours),
        "cap": _euros(cap),
    }
    count = 1 if hours == 1 else 2  # the plural form: "1 hour", "2.5 hours"
    if not young:
        return (
            ngettext(
                "With this payment, %(name)s would receive %(rate)s an hour (%(amount)s for %(hours)s hour), more "
                "than the tax-free hourly cap of %(cap)s for volunteers aged 21 or older.",
                "With this payment, %(name)s would receive %(rate)s an hour (%(amount)s for %(hours)s hours), more "
                "than the tax-free hourly cap of %(cap)s for volunteers aged 21 or older.",
                count,
            )
            % values
        )
    warning = (
        ngettext(
            "With this payment, %(name)s would receive %(rate)s an hour (%(amount)s for %(hours)s hour), more than "
            "the tax-free hourly cap of %(cap)s for volunteers under 21.",
            "With this payment, %(name)s would receive %(rate)s an hour (%(amount)s for %(hours)s hours), more than "
            "the tax-free hourly cap of %(cap)s for volunteers under 21.",
            count,
        )
        % values
    )
    if year - person.birth_year == HOURLY_CAP_AGE:
        warning += " " + _(
            "%(name)s turns 21 in %(year)s; the portal knows only the birth year, so the cap for under 21 applies "
            "all year."
        ) % {"name": person.display_name, "year": year}
    return warning


def allowance_cap_warning(
    *, membership: Membership, month: date, amount: Decimal, hours: Decimal | None = None
) -> str | None:
    """A warning when paying amount for month would take the person past the monthly, yearly or hourly cap; else None.

    The hourly cap is checked when hours are given. None also when the scheme does not apply to the organisation
    (ALLOWANCE_SCHEME_APPLIES) or the year has no caps configured (ALLOWANCE_CAPS).
    """
    month = first_of_month(month)
    caps = scheme_caps(month.year)
    if caps is None:
        return None
    person = membership.person
    month_total, year_total = _paid(person_id=membership.person_id, month=month)
    warnings: list[str] = []
    if month_total + amount > caps["month"]:
        warnings.append(
            _(
                "With this payment, %(name)s would receive %(total)s for %(month)s, more than the tax-free monthly "
                "cap of %(cap)s."
            )
            % {
                "name": person.display_name,
                "total": _euros(month_total + amount),
                "month": date_format(month, "F Y"),
                "cap": _euros(caps["month"]),
            }
        )
    if year_total + amount > caps["year"]:
        warnings.append(
            _(
                "With this payment, %(name)s would receive %(total)s in %(year)s, more than the tax-free yearly "
                "cap of %(cap)s."
            )
            % {
                "name": person.display_name,
                "total": _euros(year_total + amount),
                "year": month.year,
                "cap": _euros(caps["year"]),
            }
        )
    per_hour = hourly_cap(person, caps, month.year) if hours else None
    if hours and per_hour is not None and amount > per_hour[0] * hours:
        cap, young = per_hour
        warnings.append(_hourly_warning(person, year=month.year, amount=amount, hours=hours, cap=cap, young=young))
    if not warnings:
        return None
    warnings.append(_("Above a cap the whole amount is taxable."))
    return " ".join(warnings)


def _was_seated_in(membership: Membership, month: date) -> bool:
    """Whether the membership was in trial or active on at least one day of month."""
    if membership.status == Status.CANDIDATE or membership.trial_start is None:
        return False
    last_day = month.replace(day=monthrange(month.year, month.month)[1])
    ends = [day for day in (membership.ended_on, membership.term_end) if day is not None]
    return membership.trial_start <= last_day and (not ends or min(ends) > month)


@transaction.atomic
def allowance_record(
    *,
    membership: Membership,
    month: date,
    amount: Decimal,
    kind: str,
    hours: Decimal | None = None,
    description: str = "",
    confirm_over_cap: bool = False,
    actor: User | None,
) -> AllowancePayment:
    """Record an allowance paid to a member for a month (W-MEM-9).

    The month is stored as its first day. Meeting and activity allowances need the hours they pay for (the hourly
    cap). Refused (code "over_cap") when it would pass a cap and the supporter has not confirmed it; refused for a
    month in which the membership was not in trial or active on any day.
    """
    membership = Membership.objects.select_related("person", "body").get(pk=membership.pk)
    # One payment at a time per person, so two supporters cannot both stay just under the cap (PostgreSQL).
    Person.objects.select_for_update().filter(pk=membership.person_id).first()
    month = first_of_month(month)
    amount = Decimal(amount)
    if amount <= 0:
        raise ValidationError({"amount": _("The amount must be more than zero.")}, code="invalid")
    if kind not in AllowanceKind.values:
        raise ValidationError({"kind": _("Choose what the allowance is for.")}, code="invalid")
    if hours is not None:
        hours = Decimal(hours)
        if hours <= 0 or hours >= 1000 or hours != hours.quantize(CENT):
            raise ValidationError({"hours": _("Give the hours as a number above zero, for example 2 or 2.5.")})
    elif kind in KINDS_WITH_HOURS:
        raise ValidationError(
            {"hours": _("Give the hours this allowance is for: the tax-free allowance has a cap per hour.")},
            code="required",
        )
    if not _was_seated_in(membership, month):
        message = _("%(name)s was not a member of %(body)s in %(month)s.") % {
            "name": membership.person.display_name,
            "body": membership.body.name,
            "month": date_format(month, "F Y"),
        }
        raise ValidationError({"month": message}, code="not_a_member")
    warning = allowance_cap_warning(membership=membership, month=month, amount=amount, hours=hours)
    if warning is not None and not confirm_over_cap:
        raise ValidationError(warning, code="over_cap")
    payment = AllowancePayment(
        membership=membership, month=month, amount=amount, kind=kind, hours=hours, description=description.strip()
    )
    save_new(payment, actor=actor, reason=_("Allowance recorded") if warning is None else warning)
    return payment


# ---------------------------------------------------------------------------------------------------------------
# The yearly overview per person (a read for the person page): where each cap stands.


@dataclass(frozen=True)
class MonthStanding:
    month: date
    paid: Decimal
    cap: Decimal | None
    highest_rate: Decimal | None  # the highest amount per hour among the month's payments with hours
    over_hourly: int  # how many of the month's payments passed the hourly cap

    @property
    def left(self) -> Decimal | None:
        return None if self.cap is None else self.cap - self.paid

    @property
    def over(self) -> bool:
        return self.cap is not None and self.paid > self.cap

    @property
    def above(self) -> Decimal:
        """How much the month is above its cap (0 when it is not)."""
        return self.paid - self.cap if self.cap is not None and self.paid > self.cap else Decimal(0)


@dataclass(frozen=True)
class YearStanding:
    year: int
    paid: Decimal
    applies: bool  # the scheme applies and the year has caps: the caps below are checked
    year_cap: Decimal | None
    month_cap: Decimal | None
    hour_cap: Decimal | None
    hour_cap_under_21: bool
    without_hours: int  # payments without hours: the hourly cap could not be checked for them
    months: list[MonthStanding] = field(default_factory=list)

    @property
    def left(self) -> Decimal | None:
        return None if self.year_cap is None else self.year_cap - self.paid

    @property
    def over(self) -> bool:
        return self.year_cap is not None and self.paid > self.year_cap

    @property
    def above(self) -> Decimal:
        """How much the year is above its cap (0 when it is not)."""
        return self.paid - self.year_cap if self.year_cap is not None and self.paid > self.year_cap else Decimal(0)

    @property
    def over_hourly(self) -> int:
        return sum(month.over_hourly for month in self.months)


def allowance_overview(*, person: Person) -> list[YearStanding]:
    """Per calendar year with payments (newest first): what person was paid over all their memberships, per month,
    against the monthly, yearly and hourly caps of that year (W-MEM-9). One query."""
    payments = AllowancePayment.objects.filter(membership__person=person).only("month", "amount", "hours")
    by_year: dict[int, dict[date, list[AllowancePayment]]] = {}
    for payment in payments.order_by("month", "pk"):
        by_year.setdefault(payment.month.year, {}).setdefault(payment.month, []).append(payment)
    standings = []
    for year in sorted(by_year, reverse=True):
        caps = scheme_caps(year)
        per_hour = hourly_cap(person, caps, year) if caps is not None else None
        hour_cap = per_hour[0] if per_hour is not None else None
        months = []
        without_hours = 0
        for month, rows in by_year[year].items():
            rates = [hourly_rate(row.amount, row.hours) for row in rows if row.hours]
            without_hours += sum(1 for row in rows if not row.hours)
            months.append(
                MonthStanding(
                    month=month,
                    paid=sum((row.amount for row in rows), Decimal(0)),
                    cap=caps["month"] if caps is not None else None,
                    highest_rate=max(rates) if rates else None,
                    over_hourly=sum(
                        1 for row in rows if row.hours and hour_cap is not None and row.amount > hour_cap * row.hours
                    ),
                )
            )
        standings.append(
            YearStanding(
                year=year,
                paid=sum((month.paid for month in months), Decimal(0)),
                applies=caps is not None,
                year_cap=caps["year"] if caps is not None else None,
                month_cap=caps["month"] if caps is not None else None,
                hour_cap=hour_cap,
                hour_cap_under_21=per_hour[1] if per_hour is not None else False,
                without_hours=without_hours,
                months=months,
            )
        )
    return standings
