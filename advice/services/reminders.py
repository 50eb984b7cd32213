"""The request reminder sweep (issue 7 item 4; DESIGN.md convention 9, the same design as the membership sweep).

`Request.next_reminder_at` holds the next moment a request needs a reminder (advice/reminders.py computes it; the
lifecycle services set it through `advice.services.requests.reminder_moment` when the status or due date changes).
The beat task (advice.tasks.request_reminders_send_task, every 15 minutes) calls `request_reminders_send`, which
handles one batch (`request_reminder_handle_one`) after the other until nothing is due:

1. read a batch of requests whose `next_reminder_at` is `<= now` (never an exact date: a missed sweep catches up on
   its next run), earliest first, BATCH_SIZE at a time (the partial index advice_request_reminder_due);
2. claim them by compare-and-set: move `next_reminder_at` to each row's following moment only where it still holds
   the value read (incluzio_mz.services.claim_by_compare_and_set: one UPDATE per group of rows sharing old and new
   value, row by row when another worker or a lifecycle step changed some of them), so a row is acted on only by
   the worker that moved it. Works on SQLite (`select_for_update` does nothing there) and on PostgreSQL;
3. act: one Notification per reminder and recipient, all of the batch's in one insert that skips existing rows;
   the unique constraint (recipient, request, kind, due moment) makes a second send impossible even if two sweeps
   got this far. The e-mails are queued on the rows (template advice_request_reminder) and sent by the e-mail task.

Claim and notifications share one transaction per batch: a crash between them rolls the claim back.

Choices (docs/ADVICE.md "Reminders"):
- The council's supporters are the supporters of the council and of its chambers (the people the gate lets act for
  the council). The board is the request's responsible board member; without one (unsolicited advice), every
  active user with the board role.
- A stale reminder is not sent: `due_at` looks at the request's current state (status, due date, regulation, the
  open question), so a claimed moment that no longer belongs to the request sends nothing and the column moves on.
- Never lost, never twice (W-ADV-3): a moment whose day has passed and was not sent (worker down, sweeps missed)
  is sent once at the next sweep, in words that fit the day it goes out: "due in N days" counts N from that day
  (the 14-day reminder found four days late says "due in 10 days"); the later kinds say that the answer is due
  today, overdue or late. When the same request's next reminder falls on that day or earlier, only the latest one
  is sent (e.g. "due in 3 days" found after the due date: only "overdue";
  incluzio_mz.services.reminder_superseded); the earlier ones are claimed and skipped. The lifecycle services
  schedule from the day of the step (submitted, asked, answered), so moments before that day, when the state did
  not exist, are not reminders that were lost.
"""

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from advice.models import InformationRequest, Request, RequestStatus
from advice.reminders import (
    DEFAULT_DAYS_BEFORE,
    TO_BOARD,
    TO_SUPPORTERS,
    Moment,
    ReminderKind,
    reminder_moments,
)
from councils.models import Body, Regulation
from incluzio_mz.services import (
    claim_by_compare_and_set,
    notification_build,
    notification_title_template,
    notifications_create,
    reminder_superseded,
)

BATCH_SIZE = 500  # due requests claimed and notified per transaction
EMAIL_TEMPLATE = "advice_request_reminder"

# Titles in the portal's notification list (and the e-mail subject). English msgids, Dutch in locale/; brace
# placeholders because format_lazy renders them in the recipient's language.
SUPPORTER_TITLES = {
    ReminderKind.DUE_SOON: _("{reference} “{title}”: the council's answer is due in {days} days"),
    ReminderKind.DUE_TODAY: _("{reference} “{title}”: the council's answer is due today"),
    ReminderKind.OVERDUE: _("{reference} “{title}”: the council's answer is overdue"),
    ReminderKind.ANSWER_LATE: _("{reference} “{title}”: the board has not answered the unsolicited advice in time"),
}
BOARD_TITLES = {
    ReminderKind.OVERDUE: _("{reference} “{title}”: the council has not answered in time"),
    ReminderKind.INFORMATION_LATE: _("{reference} “{title}”: the council is still waiting for your information"),
    ReminderKind.ANSWER_LATE: _("{reference} “{title}”: your answer to the council's unsolicited advice is late"),
}

_URL_PLACEHOLDER = uuid.UUID(int=0)


def _request_url_maker() -> Callable[[Any], str]:
    """The request's page for many rows: one reverse(), then the uuid put in; /verzoeken/<uuid>/ while the page's
    URL name does not exist yet."""
    try:
        pattern = reverse("advice:request_detail", kwargs={"uuid": _URL_PLACEHOLDER})
    except NoReverseMatch:
        pattern = f"/verzoeken/{_URL_PLACEHOLDER}/"
    return lambda request: pattern.replace(str(_URL_PLACEHOLDER), str(request.uuid))


def request_url(request: Request) -> str:
    return _request_url_maker()(request)


# ---------------------------------------------------------------------------------------------------------------
# What the sweep needs besides the request row, per batch: one query each.


def _days_before_by_council(council_ids: set[int]) -> dict[int, list[int]]:
    rows = Regulation.objects.filter(council_id__in=council_ids).values_list("council_id", "reminder_days_before")
    return {council_id: list(days) for council_id, days in rows}


def _answer_due_by_request(requests: Iterable[Any]) -> dict[int, date | None]:
    paused = [request.id for request in requests if request.status == RequestStatus.INFORMATION_REQUESTED]
    if not paused:
        return {}
    rows = InformationRequest.objects.filter(request_id__in=paused, answered_on__isnull=True).values_list(
        "request_id", "answer_due_on"
    )
    return dict(rows)


def council_supporters_by_council(council_ids: set[int]) -> dict[int, list[User]]:
    """The active supporters of each council and of its chambers, by council pk (one query for the bodies, one for
    the users)."""
    bodies = Body.objects.filter(Q(pk__in=council_ids) | Q(parent_id__in=council_ids)).values_list(
        "pk", "parent_id", "supporters_group_id"
    )
    council_of_group: dict[int, set[int]] = defaultdict(set)
    for pk, parent_id, group_id in bodies:
        if group_id is not None:
            council_of_group[group_id].add(pk if pk in council_ids else parent_id)
    supporters: dict[int, dict[int, User]] = {council_id: {} for council_id in council_ids}
    links = (
        User.groups.through.objects.filter(group_id__in=council_of_group, user__is_active=True)
        .select_related("user")
        .order_by("user__first_name", "user__username")
    )
    for link in links:
        for council_id in council_of_group[link.group_id]:
            supporters[council_id].setdefault(link.user_id, link.user)
    return {council_id: list(users.values()) for council_id, users in supporters.items()}


def _board_members() -> list[User]:
    return list(User.objects.filter(groups__name=Role.BOARD, is_active=True).order_by("first_name", "username"))


# ---------------------------------------------------------------------------------------------------------------
# The sweep


def _notifications(
    request: Any,
    moment: Moment,
    *,
    supporters: list[User],
    board: list[User],
    answer_due_on: date | None,
    subject_type: ContentType,
    url: str,
    titles: dict[tuple[Any, ...], str],
    today: date | None = None,
) -> list[dict[str, Any]]:
    """The notifications (notification_build's values) of one reminder: one per recipient; a board member who also
    supports the council gets the board's text. `request` is a due row (_due_batch) or a Request; titles caches the
    translated title templates per kind, audience and language (translating each of 10,000 titles took a third of a
    large sweep). today is the day it goes out: "due in N days" counts from it (None: the moment's own day)."""
    days = moment.days
    if moment.kind == ReminderKind.DUE_SOON and today is not None and request.due_on is not None:
        days = (request.due_on - today).days
    recipients: dict[int, tuple[User, bool]] = {}
    if moment.kind in TO_SUPPORTERS:
        recipients.update((user.pk, (user, False)) for user in supporters)
    if moment.kind in TO_BOARD:
        recipients.update((user.pk, (user, True)) for user in board)
    context = {
        "request": {
            "reference": request.reference,
            "title": request.title,
            "kind": request.kind,
            "due_on": request.due_on,
        },
        "which": moment.kind.rsplit(".", 1)[-1],
        "days": days,
        "answer_due_on": answer_due_on,
    }
    notifications = []
    for user, for_board in recipients.values():
        text = (BOARD_TITLES if for_board else SUPPORTER_TITLES)[moment.kind]
        template = notification_title_template(titles, (moment.kind, for_board), text, user)
        notifications.append(
            notification_build(
                recipient=user,
                subject_type=subject_type,
                subject_id=request.id,
                kind=moment.kind,
                due_at=moment.at,
                title=template.format(reference=request.reference, title=request.title, days=days),
                url=url,
                email_template=EMAIL_TEMPLATE,
                context={**context, "for_board": for_board},
            )
        )
    return notifications


def _send(
    due: list[tuple[Any, Moment]], *, answer_due: dict[int, date | None] | None = None, now: datetime | None = None
) -> int:
    """Notify everyone who should hear about the due moments (rows of _due_batch, or Requests) at now (the day the
    texts count from; None: each moment's own day); returns how many notifications were offered to the database
    (existing ones are skipped there)."""
    if not due:
        return 0
    council_ids = {request.council_id for request, moment in due if moment.kind in TO_SUPPORTERS}
    supporters = council_supporters_by_council(council_ids) if council_ids else {}
    responsible_ids = {request.responsible_id for request, moment in due if moment.kind in TO_BOARD}
    responsible = User.objects.filter(is_active=True).in_bulk(responsible_ids - {None}) if responsible_ids else {}
    # Without an (active) responsible board member: the whole board.
    needs_all_board = any(
        moment.kind in TO_BOARD and request.responsible_id not in responsible for request, moment in due
    )
    all_board = _board_members() if needs_all_board else []
    subject_type = ContentType.objects.get_for_model(Request)
    url_of = _request_url_maker()
    titles: dict[tuple[Any, ...], str] = {}
    today = timezone.localdate(now) if now is not None else None
    notifications: list[dict[str, Any]] = []
    with translation.override(settings.LANGUAGE_CODE):
        for request, moment in due:
            user = responsible.get(request.responsible_id) if request.responsible_id is not None else None
            notifications += _notifications(
                request,
                moment,
                supporters=supporters.get(request.council_id, []),
                board=[user] if user is not None else all_board,
                answer_due_on=(answer_due or {}).get(request.id),
                subject_type=subject_type,
                url=url_of(request),
                titles=titles,
                today=today,
            )
    notifications_create(notifications)
    return len(notifications)


# What the sweep reads of a due request: plain rows (named tuples), not model instances, which took a quarter of a
# large sweep to build. Request has the same attributes, so tests may hand in Requests.
_DUE_FIELDS = (
    "id",
    "uuid",
    "reference",
    "title",
    "kind",
    "status",
    "council_id",
    "responsible_id",
    "due_on",
    "next_reminder_at",
)


def _due_batch(now: datetime) -> list[Any]:
    """The requests whose reminder is due, earliest first (the partial index advice_request_reminder_due)."""
    return list(
        Request.objects.filter(next_reminder_at__lte=now)
        .order_by("next_reminder_at", "pk")
        .values_list(*_DUE_FIELDS, named=True)[:BATCH_SIZE]
    )


def _handle_batch(*, now: datetime) -> tuple[int, int]:
    """Read one batch of due requests, claim what is still ours and notify; returns (read, claimed)."""
    batch = _due_batch(now)
    if not batch:
        return 0, 0
    days_before = _days_before_by_council({request.council_id for request in batch})
    answer_due = _answer_due_by_request(batch)
    changes: list[tuple[int, datetime, datetime | None]] = []
    due: list[list[Moment]] = []
    for request in batch:
        claimed_at = request.next_reminder_at
        moments = reminder_moments(
            request,
            days_before=days_before.get(request.council_id, DEFAULT_DAYS_BEFORE),
            answer_due_on=answer_due.get(request.id),
        )
        following = next((moment.at for moment in moments if moment.at > claimed_at), None)
        changes.append((request.id, claimed_at, following))
        # Superseded: a later reminder of this request falls on this day or earlier and is sent instead.
        if reminder_superseded(following, now=now):
            due.append([])
        else:
            due.append([moment for moment in moments if moment.at == claimed_at])
    with transaction.atomic():
        # A sort of optimistic lock (healthchecks): only the worker that moves the value it read may act.
        mine = claim_by_compare_and_set(Request.objects.all(), "next_reminder_at", changes)
        _send(
            [
                (request, moment)
                for request, moments in zip(batch, due, strict=True)
                if request.id in mine
                for moment in moments
            ],
            answer_due=answer_due,
            now=now,
        )
    return len(batch), len(mine)


def request_reminder_handle_one(*, now: datetime) -> bool:
    """Claim one batch of due requests and send their reminders; False when nothing is due (the sweep stops)."""
    read, _claimed = _handle_batch(now=now)
    return read > 0


def request_reminders_send(*, now: datetime) -> int:
    """Send every request reminder due at or before now (the beat task's service); returns how many request
    moments this sweep claimed (a request found several reminders late counts once per moment it moved past)."""
    handled = 0
    while True:
        read, claimed = _handle_batch(now=now)
        if read == 0:
            return handled
        handled += claimed
