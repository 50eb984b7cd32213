"""When a request needs a reminder (issue 7 item 4, W-REG-4, W-INF-1, W-UNS-1): pure functions, no database.

`Request.next_reminder_at` holds the next of these moments. The services set it whenever a request's status or due
date changes (`advice.services.requests.reminder_moment`); the beat sweep (advice/services/reminders.py) claims due
rows by compare-and-set, sends what is due at the claimed moment and moves the column on to the following moment
(DESIGN.md convention 9). Which reminders a request has depends only on its current state:

- submitted (the council's clock runs): the regulation's days before the due date (W-REG-4: 14 and 3 by default)
  and the due date itself, to the council's supporters; the day after the due date (overdue), to the supporters
  and the board;
- information requested (paused, W-INF-1): the day after the board's answer was expected (`answer_due_on` of the
  open InformationRequest, settings.ADVICE_INFORMATION_ANSWER_DAYS after it was asked), to the board;
- answered unsolicited advice (W-UNS-1): `due_on` is the board's answer target; the day after it, the board is
  told its answer is late and the supporters are told too;
- answered requests for advice or consent, decisions, withdrawals and drafts: no reminders.

Moments are at 07:00 Amsterdam time on the day concerned (as the membership reminders), so they arrive before the
working day.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Protocol
from zoneinfo import ZoneInfo

from advice.models import RequestKind, RequestStatus

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
REMINDER_TIME = time(7, 0)
DEFAULT_DAYS_BEFORE = (14, 3)  # W-REG-4 [M], when a council has no regulation row


class ReminderKind(StrEnum):
    DUE_SOON = "advice.reminder.due_soon"  # the regulation's days before the due date: the supporters
    DUE_TODAY = "advice.reminder.due_today"  # on the due date: the supporters
    OVERDUE = "advice.reminder.overdue"  # the day after, the council has not answered: the supporters and the board
    INFORMATION_LATE = "advice.reminder.information_late"  # the board's information answer is late: the board
    ANSWER_LATE = "advice.reminder.answer_late"  # the board's answer to unsolicited advice is late: both


TO_SUPPORTERS = frozenset(
    {ReminderKind.DUE_SOON, ReminderKind.DUE_TODAY, ReminderKind.OVERDUE, ReminderKind.ANSWER_LATE}
)
TO_BOARD = frozenset({ReminderKind.OVERDUE, ReminderKind.INFORMATION_LATE, ReminderKind.ANSWER_LATE})


@dataclass(frozen=True)
class Moment:
    kind: ReminderKind
    at: datetime
    days: int = 0  # DUE_SOON: days before the due date


class Schedulable(Protocol):
    """What the moments depend on: a Request, or the sweep's lighter row of the same fields."""

    @property
    def kind(self) -> str: ...

    @property
    def status(self) -> str: ...

    @property
    def due_on(self) -> date | None: ...


def moment_on(day: date) -> datetime:
    return datetime.combine(day, REMINDER_TIME, tzinfo=AMSTERDAM)


def start_of(day: date) -> datetime:
    """The first instant of day in Amsterdam (services schedule the reminders from the day a step happened)."""
    return datetime.combine(day, time.min, tzinfo=AMSTERDAM)


def information_answer_due(asked_on: date, days: int) -> date:
    """The day by which the board is expected to answer the council's question (W-INF-1)."""
    return asked_on + timedelta(days=days)


def reminder_moments(
    request: Schedulable, *, days_before: Sequence[int] = DEFAULT_DAYS_BEFORE, answer_due_on: date | None = None
) -> list[Moment]:
    """Every reminder the request has in its current state, in time order.

    days_before are the regulation's reminder days; answer_due_on is the open information request's (only used
    while the request is paused).
    """
    return list(_moments(str(request.kind), str(request.status), request.due_on, tuple(days_before), answer_due_on))


@lru_cache(maxsize=4096)  # the sweep asks for the same few due dates thousands of times
def _moments(
    kind: str, status: str, due_on: date | None, days_before: tuple[int, ...], answer_due_on: date | None
) -> tuple[Moment, ...]:
    moments: list[Moment] = []
    if status == RequestStatus.SUBMITTED and due_on is not None:
        moments += [
            Moment(ReminderKind.DUE_SOON, moment_on(due_on - timedelta(days=days)), days)
            for days in sorted(set(days_before), reverse=True)
            if days > 0
        ]
        moments += [
            Moment(ReminderKind.DUE_TODAY, moment_on(due_on)),
            Moment(ReminderKind.OVERDUE, moment_on(due_on + timedelta(days=1))),
        ]
    elif status == RequestStatus.INFORMATION_REQUESTED and answer_due_on is not None:
        moments.append(Moment(ReminderKind.INFORMATION_LATE, moment_on(answer_due_on + timedelta(days=1))))
    elif status == RequestStatus.ANSWERED and kind == RequestKind.UNSOLICITED_ADVICE and due_on is not None:
        moments.append(Moment(ReminderKind.ANSWER_LATE, moment_on(due_on + timedelta(days=1))))
    return tuple(sorted(moments, key=lambda moment: moment.at))


def due_at(
    request: Schedulable,
    at: datetime,
    *,
    days_before: Sequence[int] = DEFAULT_DAYS_BEFORE,
    answer_due_on: date | None = None,
) -> list[Moment]:
    """The reminders due at exactly this moment."""
    moments = reminder_moments(request, days_before=days_before, answer_due_on=answer_due_on)
    return [moment for moment in moments if moment.at == at]


def next_reminder_moment(
    request: Schedulable,
    *,
    after: datetime,
    days_before: Sequence[int] = DEFAULT_DAYS_BEFORE,
    answer_due_on: date | None = None,
    including: bool = False,
) -> datetime | None:
    """The first reminder moment after `after` (or at it, with including=True), or None when none is left."""
    for moment in reminder_moments(request, days_before=days_before, answer_due_on=answer_due_on):
        if moment.at > after or (including and moment.at == after):
            return moment.at
    return None
