"""Helpers shared by the members services: saving with history, months arithmetic, checking criteria lists."""

import calendar
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The shared save-with-history helpers, imported here for this package's services.
from incluzio_mz.lib.services import require_reason, save_fields, save_new  # noqa: F401
from members.models import Suitability


def add_months(day: date, months: int) -> date:
    """day plus months calendar months; the 31st becomes the last day of a shorter month.

    By hand rather than with dateutil, which is only an indirect dependency here.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: date, years: int) -> date:
    """day plus years; 29 February becomes 28 February in a year without it."""
    return add_months(day, 12 * years)


def clean_suitability(value: Any) -> list[str]:
    """W-MEM-1: a list of distinct Suitability values, in the order of the choices."""
    if not isinstance(value, list | tuple) or not all(isinstance(item, str) for item in value):
        raise ValidationError({"suitability": _("The suitability criteria must be a list.")}, code="invalid")
    unknown = sorted(set(value) - set(Suitability.values))
    if unknown:
        raise ValidationError(
            {"suitability": _("Unknown suitability criterion: %(criteria)s.") % {"criteria": ", ".join(unknown)}},
            code="invalid",
        )
    return [choice for choice in Suitability.values if choice in value]
