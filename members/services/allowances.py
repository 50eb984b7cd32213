"""Writes for allowances paid to members, with the tax-free caps of the volunteer allowance (WMCZ.md W-MEM-9).

The caps cover allowances and expense payments together and apply to the person, not to one membership: a member
of a chamber who is also in a panel has one monthly and one yearly cap. Reaching a cap exactly is fine; passing it
gets a warning, because above a cap the whole amount becomes taxable. A supporter may still record the payment by
confirming it (the portal warns, it does not decide on pay).
"""

from calendar import monthrange
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from accounts.models import User
from members.models import AllowanceKind, AllowancePayment, Membership, Person, Status
from members.services._common import save_new


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


def allowance_cap_warning(*, membership: Membership, month: date, amount: Decimal) -> str | None:
    """A warning when paying amount for month would take the person past the monthly or yearly cap; else None.

    None also when the scheme does not apply to the organisation (ALLOWANCE_SCHEME_APPLIES) or the year has no caps
    configured (ALLOWANCE_CAPS).
    """
    if not settings.ALLOWANCE_SCHEME_APPLIES:
        return None
    month = first_of_month(month)
    caps = settings.ALLOWANCE_CAPS.get(month.year)
    if caps is None:
        return None
    month_total, year_total = _paid(person_id=membership.person_id, month=month)
    warnings: list[str] = []
    if month_total + amount > caps["month"]:
        warnings.append(
            _(
                "With this payment, %(name)s would receive %(total)s for %(month)s, more than the tax-free monthly "
                "cap of %(cap)s."
            )
            % {
                "name": membership.person.display_name,
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
                "name": membership.person.display_name,
                "total": _euros(year_total + amount),
                "year": month.year,
                "cap": _euros(caps["year"]),
            }
        )
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
    description: str = "",
    confirm_over_cap: bool = False,
    actor: User | None,
) -> AllowancePayment:
    """Record an allowance paid to a member for a month (W-MEM-9).

    The month is stored as its first day. Refused (code "over_cap") when it would pass a cap and the supporter has
    not confirmed it; refused for a month in which the membership was not in trial or active on any day.
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
    if not _was_seated_in(membership, month):
        message = _("%(name)s was not a member of %(body)s in %(month)s.") % {
            "name": membership.person.display_name,
            "body": membership.body.name,
            "month": date_format(month, "F Y"),
        }
        raise ValidationError({"month": message}, code="not_a_member")
    warning = allowance_cap_warning(membership=membership, month=month, amount=amount)
    if warning is not None and not confirm_over_cap:
        raise ValidationError(warning, code="over_cap")
    payment = AllowancePayment(
        membership=membership, month=month, amount=amount, kind=kind, description=description.strip()
    )
    save_new(payment, actor=actor, reason=_("Allowance recorded") if warning is None else warning)
    return payment
