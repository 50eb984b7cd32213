"""The membership reminder sweep (W-MEM-4, W-MEM-5; DESIGN.md convention 9, after healthchecks' sendreports).

`Membership.next_reminder_at` holds the next moment a membership needs a reminder (members/reminders.py computes
it; the lifecycle services set it when the dates change). The beat task calls `membership_reminders_send`, which
calls `membership_reminder_handle_one` until nothing is due:

1. read the membership whose `next_reminder_at` is the earliest one `<= now` (never an exact date: a missed sweep
   catches up on its next run);
2. claim it by compare-and-set: move `next_reminder_at` to the following moment only if it still holds the value
   we read. 0 rows updated means another worker (or a lifecycle service) changed it first: we send nothing. This
   works on SQLite, where `select_for_update` does nothing, and on PostgreSQL;
3. act: a notification (and an e-mail) for each reminder due at the claimed moment, to each recipient. The unique
   constraint on Notification makes a second send impossible even if two sweeps get this far.

Claim and act share one transaction: a crash between them rolls the claim back, so the next sweep sends the
reminder instead of losing it; e-mails go out only after the commit (notification_send uses on_commit).

Choices (see also docs/OPERATIONS.md "Reminder sweep"):
- Recipients are the supporters of the membership's own body: for a chamber those are the chamber's supporters,
  who run its memberships. A council's supporters may see a chamber but not change it, so they get no reminders to
  act on it; only when a chamber (or a panel feeding a council) has no supporters at all do the parent body's
  supporters get them, so a reminder never goes to nobody. TERM_ENDS_SOON also goes to the member's own login.
- A stale reminder is not sent. `due_at` looks at the membership's current state, so a trial that was evaluated
  meanwhile has no TRIAL_OVERDUE moment any more. When sweeps were missed long enough that a later reminder of the
  same membership is also due already (e.g. "ends in 14 days" found only after the trial ended), only the latest
  one is sent: the earlier ones are claimed and skipped, because their text would be wrong by now.
"""

from datetime import datetime

from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from councils.models import Body
from councils.services import body_supporters
from incluzio_mz.services import notification_send
from members.models import Membership
from members.reminders import (
    TERM_SOON_DAYS,
    TO_MEMBER,
    TRIAL_SOON_DAYS,
    Moment,
    ReminderKind,
    due_at,
    next_reminder_moment,
)

# Titles as shown in the portal's notification list and used as e-mail subjects' source. English msgids; the
# Dutch (B1) translations live in locale/. Brace placeholders because format_lazy renders them lazily, in the
# recipient's language.
SUPPORTER_TITLES = {
    ReminderKind.TRIAL_ENDS_SOON: _("The trial period of {name} in {body} ends in {days} days"),
    ReminderKind.TRIAL_ENDS_TODAY: _("The trial period of {name} in {body} ends today"),
    ReminderKind.TRIAL_OVERDUE: _("The trial period of {name} in {body} has ended: plan the evaluation"),
    ReminderKind.TERM_ENDS_SOON: _("The term of {name} in {body} ends in {days} days"),
}
MEMBER_TITLES = {
    ReminderKind.TERM_ENDS_SOON: _("Your term in {body} ends in {days} days"),
}
DAYS_BEFORE = {ReminderKind.TRIAL_ENDS_SOON: TRIAL_SOON_DAYS, ReminderKind.TERM_ENDS_SOON: TERM_SOON_DAYS}


def membership_url(membership: Membership) -> str:
    """The person's page (/leden/<uuid>/), or "" while that page does not exist."""
    try:
        return reverse("members:person_detail", kwargs={"uuid": membership.person.uuid})
    except NoReverseMatch:
        return ""


def reminder_supporters(body: Body) -> list[User]:
    """Who is reminded about a body's memberships: its supporters, else its parent body's (see the module doc)."""
    supporters = body_supporters(body)
    if not supporters and body.parent is not None:
        supporters = body_supporters(body.parent)
    return supporters


def _next_due(now: datetime) -> Membership | None:
    """The membership whose reminder is due first (the partial index members_ms_reminder_due serves this)."""
    return (
        Membership.objects.filter(next_reminder_at__lte=now)
        .select_related("person__user", "body__parent")
        .order_by("next_reminder_at", "pk")
        .first()
    )


def _send(membership: Membership, moment: Moment) -> int:
    """Notify everyone who should hear about this moment; returns how many notifications were new."""
    person, body = membership.person, membership.body
    recipients: dict[int, tuple[User, bool]] = {user.pk: (user, False) for user in reminder_supporters(body)}
    member_user = person.user
    if moment.kind in TO_MEMBER and member_user is not None and member_user.is_active and not person.is_anonymised:
        recipients[member_user.pk] = (member_user, True)  # a member who also supports gets the member's text
    url = membership_url(membership)
    days = DAYS_BEFORE.get(moment.kind, 0)
    sent = 0
    for user, for_member in recipients.values():
        titles = MEMBER_TITLES if for_member else SUPPORTER_TITLES
        notification = notification_send(
            recipient=user,
            subject=membership,
            kind=moment.kind,
            due_at=moment.at,
            title=format_lazy(titles[moment.kind], name=person.display_name, body=body.name, days=days),
            url=url,
            email_template=str(moment.kind),
            context={
                "membership": membership,
                "person": person,
                "body": body,
                "for_member": for_member,
                "days": days,
            },
        )
        sent += notification is not None
    return sent


def membership_reminder_handle_one(*, now: datetime) -> bool:
    """Claim one due membership and send its reminders; False when nothing is due (the sweep stops)."""
    membership = _next_due(now)
    if membership is None:
        return False
    claimed_at = membership.next_reminder_at
    assert claimed_at is not None  # the filter above matched it
    following = next_reminder_moment(membership, after=claimed_at)
    with transaction.atomic():
        # A sort of optimistic lock (healthchecks): only the worker that moves the value it read may act.
        updated = Membership.objects.filter(pk=membership.pk, next_reminder_at=claimed_at).update(
            next_reminder_at=following
        )
        if updated == 0:
            return True  # another worker or a lifecycle service changed it first; look for the next one
        if following is not None and following <= now:
            return True  # superseded: a later reminder of this membership is due too and is sent instead
        for moment in due_at(membership, claimed_at):
            _send(membership, moment)
    return True


def membership_reminders_send(*, now: datetime) -> int:
    """Send every reminder due at or before now (the beat task's service); returns how many memberships it handled."""
    handled = 0
    while membership_reminder_handle_one(now=now):
        handled += 1
    return handled
