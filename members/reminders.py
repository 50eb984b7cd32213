"""When a membership needs a reminder (W-MEM-4, W-MEM-5): pure functions of the membership's dates, no database.

The lifecycle services set `Membership.next_reminder_at = first_reminder_moment(membership)` whenever the status or
the dates change: the EARLIEST moment of the new state, also when it has passed already (a trial entered late, an
evaluation that is overdue), never "the first moment after now", which lost every reminder whose day had gone by.
The beat sweep (members/services/reminders.py) claims due rows by compare-and-set, sends what is due at that moment
(once: a Notification is unique per recipient and due moment), and moves `next_reminder_at` to the next moment
after it (DESIGN.md convention 9). A missed sweep catches up because due rows are matched with `<= now`.

Moments are at 07:00 Amsterdam time on the day concerned, so reminders arrive before the working day.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from members.models import Membership, Status

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
REMINDER_TIME = time(7, 0)
TRIAL_SOON_DAYS = 14
TERM_SOON_DAYS = 60


class ReminderKind(StrEnum):
    TRIAL_ENDS_SOON = "membership_trial_ends_soon"  # 14 days before the trial ends, to the body's supporters
    TRIAL_ENDS_TODAY = "membership_trial_ends_today"  # on the day, to the supporters
    TRIAL_OVERDUE = "membership_trial_overdue"  # the day after, if still not evaluated, to the supporters
    TERM_ENDS_SOON = "membership_term_ends_soon"  # 60 days before the term ends, to the supporters and the member


# Who receives each kind: the body's supporters, and for the term also the member (when they have a login).
TO_MEMBER = frozenset({ReminderKind.TERM_ENDS_SOON})


@dataclass(frozen=True)
class Moment:
    kind: ReminderKind
    at: datetime


def moment_on(day: date) -> datetime:
    return datetime.combine(day, REMINDER_TIME, tzinfo=AMSTERDAM)


def reminder_moments(membership: Membership) -> list[Moment]:
    """Every reminder this membership has in its current state, in time order."""
    moments: list[Moment] = []
    if membership.status == Status.TRIAL and membership.trial_end is not None:
        end = membership.trial_end
        moments += [
            Moment(ReminderKind.TRIAL_ENDS_SOON, moment_on(end - timedelta(days=TRIAL_SOON_DAYS))),
            Moment(ReminderKind.TRIAL_ENDS_TODAY, moment_on(end)),
            Moment(ReminderKind.TRIAL_OVERDUE, moment_on(end + timedelta(days=1))),
        ]
    if membership.status == Status.ACTIVE and membership.term_end is not None and membership.ended_on is None:
        moments.append(
            Moment(ReminderKind.TERM_ENDS_SOON, moment_on(membership.term_end - timedelta(days=TERM_SOON_DAYS)))
        )
    return sorted(moments, key=lambda moment: moment.at)


def due_at(membership: Membership, at: datetime) -> list[Moment]:
    """The reminders due at exactly this moment (several kinds may share one)."""
    return [moment for moment in reminder_moments(membership) if moment.at == at]


def first_reminder_moment(membership: Membership) -> datetime | None:
    """The earliest reminder moment of the membership's current state, past or not (W-MEM-4: never lost), or None.

    A new state (trial started, extended, continued, reappointed) has moments no notification was sent for yet: each
    one is sent by the sweep, a past one at its next run; the sweep collapses several past ones into the latest
    (members/services/reminders.py). A moment sent before cannot be sent again (the Notification's unique
    constraint), so scheduling from the first moment is always safe.
    """
    moments = reminder_moments(membership)
    return moments[0].at if moments else None


def next_reminder_moment(membership: Membership, *, after: datetime) -> datetime | None:
    """The first reminder moment strictly after `after`, or None when there is none left."""
    for moment in reminder_moments(membership):
        if moment.at > after:
            return moment.at
    return None
