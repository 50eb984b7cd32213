"""The membership reminder sweep (W-MEM-4, W-MEM-5; DESIGN.md convention 9, after healthchecks' sendreports).

`Membership.next_reminder_at` holds the next moment a membership needs a reminder (members/reminders.py computes
it; the lifecycle services set it when the dates change). The beat task calls `membership_reminders_send`, which
calls `membership_reminder_handle_one` (one batch) until nothing is due:

1. read a batch of memberships whose `next_reminder_at` is `<= now` (never an exact date: a missed sweep catches
   up on its next run), earliest first, BATCH_SIZE at a time;
2. claim them by compare-and-set: move `next_reminder_at` to each row's following moment only where it still
   holds the value we read. Rows sharing (value read, following moment) are claimed with one UPDATE; when it
   matches fewer rows than the group holds, another worker (or a lifecycle service) changed some of them, and the
   group is claimed again row by row (incluzio_mz.services.claim_by_compare_and_set), so a row is acted on only by
   the worker that moved it. This works on SQLite, where `select_for_update` does nothing, and on PostgreSQL;
3. act: a Notification for each reminder due at the claimed moment, to each recipient, all of the batch's in one
   bulk insert; the unique constraint on Notification makes a second send impossible even if two sweeps get this
   far (the insert skips existing rows). Supporters of all the batch's bodies come from one query.

Claim and act share one transaction per batch: a crash between them rolls the claim back, so the next sweep sends
the reminders instead of losing them. E-mails are not sent here: the notifications are queued for e-mail and the
e-mail task (incluzio_mz.services.notification_emails_send, every minute) renders and sends them.

Choices (see also docs/OPERATIONS.md "Reminder sweep"):
- Recipients are the supporters of the membership's own body: for a chamber those are the chamber's supporters,
  who run its memberships. A council's supporters may see a chamber but not change it, so they get no reminders to
  act on it; only when a chamber (or a panel feeding a council) has no supporters at all do the parent body's
  supporters get them, so a reminder never goes to nobody. TERM_ENDS_SOON also goes to the member's own login.
- A stale reminder is not sent. `due_at` looks at the membership's current state, so a trial that was evaluated
  meanwhile has no TRIAL_OVERDUE moment any more.
- Never lost, never twice (W-MEM-4). The lifecycle services schedule the earliest moment of a new state, past or
  not (members.reminders.first_reminder_moment), so a trial entered late or an evaluation already overdue is still
  reminded at the next sweep. A moment found late is sent once, in words that fit the day it goes out: the days
  left are counted from that day ("ends in 9 days" when found five days late), and a term reminder found after the
  term's end says that the term has ended. When the same membership's next reminder falls on that day or earlier
  (e.g. "ends in 14 days" found only after the trial ended), only the latest one is sent
  (incluzio_mz.services.reminder_superseded): the earlier ones are claimed and skipped.
- The e-mail's context is stored with the notification as plain values (names, dates) and removed once sent.
"""

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from councils.models import Body
from incluzio_mz.services import (
    claim_by_compare_and_set,
    notification_build,
    notification_title_template,
    notifications_create,
    reminder_superseded,
)
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
# A term reminder that goes out on or after the term's last day (the term was entered late, or the sweep was down).
SUPPORTER_TERM_ENDED_TITLE = _("The term of {name} in {body} has ended: reappoint or end the membership")
MEMBER_TERM_ENDED_TITLE = _("Your term in {body} has ended")
BATCH_SIZE = 500  # due memberships claimed and notified per transaction

DAYS_BEFORE = {ReminderKind.TRIAL_ENDS_SOON: TRIAL_SOON_DAYS, ReminderKind.TERM_ENDS_SOON: TERM_SOON_DAYS}


def membership_url(membership: Membership) -> str:
    """The person's page (/leden/<uuid>/), or "" while that page does not exist."""
    return _membership_url_maker()(membership)


def _membership_url_maker() -> Callable[[Membership], str]:
    """membership_url for many rows: one reverse(), then the person's uuid put in (a uuid needs no escaping)."""
    try:
        pattern = reverse("members:person_detail", kwargs={"uuid": _URL_PLACEHOLDER})
    except NoReverseMatch:
        return lambda membership: ""
    return lambda membership: pattern.replace(str(_URL_PLACEHOLDER), str(membership.person.uuid))


_URL_PLACEHOLDER = uuid.UUID(int=0)


def reminder_supporters_by_body(bodies: Iterable[Body]) -> dict[int, list[User]]:
    """Who is reminded about each body's memberships, by body pk: its supporters, else its parent body's (see the
    module doc). One query for all bodies; the same users as councils.services.body_supporters would give."""
    bodies = list(bodies)
    groups_of = [body.supporters_group_id for body in bodies]
    groups_of += [body.parent.supporters_group_id for body in bodies if body.parent is not None]
    group_ids = {group_id for group_id in groups_of if group_id is not None}
    by_group: dict[int, list[User]] = defaultdict(list)
    links = (
        User.groups.through.objects.filter(group_id__in=group_ids, user__is_active=True)
        .select_related("user")
        .order_by("user__first_name", "user__username")
    )
    for link in links:
        by_group[link.group_id].append(link.user)
    supporters: dict[int, list[User]] = {}
    for body in bodies:
        own = by_group.get(body.supporters_group_id, []) if body.supporters_group_id is not None else []
        if not own and body.parent is not None and body.parent.supporters_group_id is not None:
            own = by_group.get(body.parent.supporters_group_id, [])
        supporters[body.pk] = own
    return supporters


def reminder_supporters(body: Body) -> list[User]:
    """Who is reminded about a body's memberships: its supporters, else its parent body's (see the module doc)."""
    return reminder_supporters_by_body([body])[body.pk]


# What the sweep reads of a due membership: its state and dates (members.reminders), and the person's name, page
# and login for the notifications. Bodies, supporters and member logins come per batch, in one query each.
_DUE_FIELDS = (
    "id",
    "status",
    "trial_end",
    "term_end",
    "ended_on",
    "next_reminder_at",
    "body",
    "person",
    "person__uuid",
    "person__display_name",
    "person__user",
    "person__anonymised_at",
)


def _due_batch(now: datetime) -> list[Membership]:
    """The memberships whose reminder is due, earliest first (the partial index members_ms_reminder_due serves this)."""
    return list(
        Membership.objects.filter(next_reminder_at__lte=now)
        .select_related("person")
        .only(*_DUE_FIELDS)
        .order_by("next_reminder_at", "pk")[:BATCH_SIZE]
    )


def _notifications(
    membership: Membership,
    moment: Moment,
    *,
    body: Body,
    supporters: list[User],
    member_user: User | None,
    subject_type: ContentType,
    url: str,
    titles: dict[tuple[Any, ...], str],
    today: date | None = None,
) -> list[dict[str, Any]]:
    """The notifications (notification_build's values) of one reminder: one per recipient. titles caches the
    translated title templates per kind, audience and language (translating each of 10,000 titles took a tenth of a
    large sweep). today is the day it goes out (the days left are counted from it); None: the moment's own day."""
    person = membership.person
    recipients: dict[int, tuple[User, bool]] = {user.pk: (user, False) for user in supporters}
    if moment.kind in TO_MEMBER and member_user is not None and member_user.is_active and not person.is_anonymised:
        recipients[member_user.pk] = (member_user, True)  # a member who also supports gets the member's text
    days = _days_left(membership, moment, today=today)
    ended = moment.kind == ReminderKind.TERM_ENDS_SOON and days <= 0
    # What the e-mail templates use beyond the notification itself, as plain values (stored until the e-mail goes).
    context = {
        "membership": {"trial_end": membership.trial_end, "term_end": membership.term_end},
        "person": {"display_name": person.display_name},
        "body": {"name": body.name},
        "days": days,
        "ended": ended,
    }
    notifications = []
    for user, for_member in recipients.values():
        if ended:
            text = MEMBER_TERM_ENDED_TITLE if for_member else SUPPORTER_TERM_ENDED_TITLE
        else:
            text = (MEMBER_TITLES if for_member else SUPPORTER_TITLES)[moment.kind]
        template = notification_title_template(titles, (moment.kind, for_member, ended), text, user)
        notifications.append(
            notification_build(
                recipient=user,
                subject_type=subject_type,
                subject_id=membership.pk,
                kind=moment.kind,
                due_at=moment.at,
                title=template.format(name=person.display_name, body=body.name, days=days),
                url=url,
                email_template=str(moment.kind),
                context={**context, "for_member": for_member},
            )
        )
    return notifications


def _days_left(membership: Membership, moment: Moment, *, today: date | None) -> int:
    """The days from today (default: the moment's own day) to the trial's or term's end, for the "ends in ... days"
    reminders; 0 for the others. A reminder sent late counts from the day it goes out, so its text is still true."""
    if moment.kind not in DAYS_BEFORE:
        return 0
    end = membership.trial_end if moment.kind == ReminderKind.TRIAL_ENDS_SOON else membership.term_end
    if end is None:
        return DAYS_BEFORE[moment.kind]
    return (end - (today or timezone.localdate(moment.at))).days


def _send(claimed: list[tuple[Membership, datetime]], *, now: datetime | None = None) -> int:
    """Notify everyone who should hear about the claimed moments (at now: the day the texts count from; None: each
    moment's own day); returns how many notifications were offered to the database (one that existed already is
    skipped there, so this is an upper bound of the new ones)."""
    due = [(membership, moment) for membership, claimed_at in claimed for moment in due_at(membership, claimed_at)]
    if not due:
        return 0
    bodies = Body.objects.select_related("parent").in_bulk({membership.body_id for membership, _ in due})
    supporters = reminder_supporters_by_body(bodies.values())
    member_ids = {membership.person.user_id for membership, moment in due if moment.kind in TO_MEMBER}
    member_ids.discard(None)
    members = User.objects.in_bulk(member_ids) if member_ids else {}
    subject_type = ContentType.objects.get_for_model(Membership)
    url_of = _membership_url_maker()
    titles: dict[tuple[Any, ...], str] = {}
    today = timezone.localdate(now) if now is not None else None
    notifications: list[dict[str, Any]] = []
    for membership, moment in due:
        user_id = membership.person.user_id
        notifications += _notifications(
            membership,
            moment,
            body=bodies[membership.body_id],
            supporters=supporters[membership.body_id],
            member_user=members.get(user_id) if user_id is not None else None,
            subject_type=subject_type,
            url=url_of(membership),
            titles=titles,
            today=today,
        )
    notifications_create(notifications)
    return len(notifications)


def _handle_batch(*, now: datetime) -> tuple[int, int]:
    """Read one batch of due memberships, claim what is still ours and notify; returns (read, claimed)."""
    batch = _due_batch(now)
    if not batch:
        return 0, 0
    changes: list[tuple[int, datetime, datetime | None]] = []
    for membership in batch:
        claimed_at = membership.next_reminder_at
        assert claimed_at is not None  # the filter above matched it
        changes.append((membership.pk, claimed_at, next_reminder_moment(membership, after=claimed_at)))
    with transaction.atomic():
        # A sort of optimistic lock (healthchecks): only the worker that moves the value it read may act.
        mine = claim_by_compare_and_set(Membership.objects.all(), "next_reminder_at", changes)
        to_send = [
            (membership, claimed_at)
            for membership, (pk, claimed_at, following) in zip(batch, changes, strict=True)
            if pk in mine
            # Superseded: a later reminder of this membership falls on this day or earlier and is sent instead.
            and not reminder_superseded(following, now=now)
        ]
        _send(to_send, now=now)
    return len(batch), len(mine)


def membership_reminder_handle_one(*, now: datetime) -> bool:
    """Claim one batch of due memberships and send their reminders; False when nothing is due (the sweep stops)."""
    read, _claimed = _handle_batch(now=now)
    return read > 0


def membership_reminders_send(*, now: datetime) -> int:
    """Send every reminder due at or before now (the beat task's service); returns how many memberships this sweep
    claimed (a membership found several reminders late counts once per reminder moment it moved past)."""
    handled = 0
    while True:
        read, claimed = _handle_batch(now=now)
        if read == 0:
            return handled
        handled += claimed
