"""Dates and years that cannot be right are refused, on the field, with the range in the message (issue 14 point 9).

A service calls `require_plausible_date(value, field=...)` for every date a person types in. Without bounds a date
must lie in the portal's window: not before 1 January 2000 (the portal holds no older participation records) and
not more than 10 years after today. A service narrows the window where the thing itself does (a meeting, a vacancy,
a decision), and passes its own message when the bound comes from another date (a trial period cannot start before
the candidate registered). Birth years have their own window: `require_plausible_birth_year`.
docs/ARCHITECTURE.md ("Plausible dates") lists the windows.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

EARLIEST_DATE = date(2000, 1, 1)
YEARS_AHEAD = 10
# A member of a body is at least this old and at most this old (birth year = this year minus the age).
YOUNGEST_AGE = 6
OLDEST_AGE = 110


def add_years_safe(day: date, years: int) -> date:
    """day moved by whole years; 29 February becomes 28 February in a year without it."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def latest_plausible(today: date | None = None) -> date:
    """The last day any typed-in date may have: 10 years after today."""
    return add_years_safe(today or timezone.localdate(), YEARS_AHEAD)


def dutch_day(day: date) -> str:
    """A date as people read it ("4 december 2026" in Dutch, "4 December 2026" in English)."""
    return date_format(day, "j F Y")


def _as_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def require_plausible_date(
    value: date | datetime | None,
    *,
    field: str,
    earliest: date | None = None,
    latest: date | None = None,
    too_early: str | None = None,
    too_late: str | None = None,
) -> None:
    """Raise ValidationError({field: message}) when value lies before earliest or after latest (both included).

    Defaults: EARLIEST_DATE and 10 years after today. The default message names the window ("Fill in a date between
    1 January 2000 and 4 December 2036."); too_early / too_late replace it when the bound is another date with a
    meaning of its own. None passes (a required date is the form's or the model's concern).
    """
    if value is None:
        return
    day = _as_date(value)
    low = earliest if earliest is not None else EARLIEST_DATE
    high = latest if latest is not None else latest_plausible()
    window = _("Fill in a date between %(earliest)s and %(latest)s.") % {
        "earliest": dutch_day(low),
        "latest": dutch_day(high),
    }
    if day < low:
        raise ValidationError({field: too_early or window}, code="implausible_date")
    if day > high:
        raise ValidationError({field: too_late or window}, code="implausible_date")


def birth_year_bounds(today: date | None = None) -> tuple[int, int]:
    """The earliest and latest plausible birth year of a person in a body (ages 6 to 110)."""
    year = (today or timezone.localdate()).year
    return year - OLDEST_AGE, year - YOUNGEST_AGE


def birth_year_error(birth_year: int, *, today: date | None = None) -> str | None:
    """The message for an implausible birth year, or None when it is plausible."""
    earliest, latest = birth_year_bounds(today)
    if earliest <= birth_year <= latest:
        return None
    return _("Fill in a birth year between %(earliest)s and %(latest)s.") % {
        "earliest": earliest,
        "latest": latest,
    }


def require_plausible_birth_year(birth_year: int, *, field: str = "birth_year", today: date | None = None) -> None:
    """Raise ValidationError({field: message}) for a birth year outside birth_year_bounds()."""
    message = birth_year_error(birth_year, today=today)
    if message is not None:
        raise ValidationError({field: message}, code="implausible_birth_year")
