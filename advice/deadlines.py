"""Pure date arithmetic for the response periods of advice and consent requests (W-ADV-2, W-ADV-3, W-CON-6, W-INF-1).

No database, no clock: every function takes the days it needs, so the rules are tested without fixtures and the
services, the (later) reminder sweep and the pages all compute the same dates.

- The period runs from the day the complete request was received: due = received + weeks (W-ADV-3, default 6).
- While the council waits for information it asked for, the clock stands still (W-INF-1): each answered pause
  moves the due date by its length in days (answered_on - asked_on), so the council keeps the days it had left.
  An open pause has no length yet; the due date is recomputed when it is answered.
- W-ADV-2: the portal warns when the due date falls after the planned decision date.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

# W-REG-4 [M]: the response periods' default when a council has no regulation row.
DEFAULT_RESPONSE_WEEKS = 6


@dataclass(frozen=True)
class Pause:
    """A period in which the council waited for information (W-INF-1); open while answered_on is None."""

    asked_on: date
    answered_on: date | None = None

    @property
    def is_open(self) -> bool:
        return self.answered_on is None

    @property
    def days(self) -> int:
        """The length of an answered pause in days; 0 while it is open (its length is not known yet)."""
        if self.answered_on is None:
            return 0
        return (self.answered_on - self.asked_on).days


def paused_days(pauses: Iterable[Pause]) -> int:
    """The days the clock stood still in the answered pauses."""
    return sum(pause.days for pause in pauses)


def due_date(received_on: date, weeks: int = DEFAULT_RESPONSE_WEEKS, pauses: Iterable[Pause] = ()) -> date:
    """The last day of the response period: received + weeks, plus every answered pause (W-ADV-3, W-INF-1)."""
    return received_on + timedelta(weeks=weeks) + timedelta(days=paused_days(pauses))


def days_left(due_on: date, *, on: date) -> int:
    """Days from `on` to the due date: 0 on the due date, negative when it has passed."""
    return (due_on - on).days


def due_after_planned_decision(due_on: date | None, planned_decision_on: date | None) -> bool:
    """W-ADV-2: True when the response period ends after the planned decision date (advice would come too late)."""
    return due_on is not None and planned_decision_on is not None and due_on > planned_decision_on


def reminder_dates(due_on: date, days_before: Sequence[int]) -> list[date]:
    """The reminder days before a due date (W-REG-4: 14 and 3 days before by default) and the due date itself."""
    return sorted({due_on - timedelta(days=days) for days in days_before} | {due_on})


def next_reminder_on(due_on: date, days_before: Sequence[int], *, after: date) -> date | None:
    """The first reminder day on or after `after`, or None when the due date has passed.

    A reminder day that already passed is skipped: the sweep that will use this (issue 7) catches up with `<= now`,
    and the bookkeeping column holds only the next moment.
    """
    upcoming = [day for day in reminder_dates(due_on, days_before) if day >= after]
    return upcoming[0] if upcoming else None
