"""Request reminders (issue 7 item 4; W-REG-4, W-INF-1, W-UNS-1; DESIGN.md convention 9): advice/reminders.py and the
sweep advice/services/reminders.py.

Requests are made through the lifecycle services and time is moved with time-machine (never sleep). The sweep only
queues e-mails; _sweep runs the e-mail task right after it, as the beat does within a minute, so mail.outbox shows
what the recipients get.
"""

import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.roles import Role
from advice.models import InformationRequest, Request, RequestKind, RequestStatus
from advice.reminders import ReminderKind, moment_on, next_reminder_moment, reminder_moments
from advice.services import answers, decisions, requests
from advice.services import reminders as sweep
from advice.services.reminders import request_reminder_handle_one, request_reminders_send, request_url
from councils import services as council_services
from incluzio_mz.models import Notification
from incluzio_mz.services import notification_emails_send
from tests.conftest import Cast
from tests.factories import make_advice_request, make_user

pytestmark = pytest.mark.django_db

RECEIVED = date(2026, 3, 2)
DUE = date(2026, 4, 13)  # six weeks: the regulation's default period
SOON_14 = moment_on(DUE - timedelta(days=14))  # 30 March 2026, 07:00 Amsterdam
SOON_3 = moment_on(DUE - timedelta(days=3))
TODAY = moment_on(DUE)
OVERDUE = moment_on(DUE + timedelta(days=1))

Capture = Callable[..., Any]


def _submitted(cast: Cast, **kwargs: Any) -> Request:
    request = make_advice_request(council=cast.council, responsible=cast.board, submitted_on=RECEIVED, **kwargs)
    assert request.due_on == DUE
    return request


def _sweep(at: datetime, capture: Capture | None = None) -> int:
    """The reminder sweep at `at`, then the e-mail task; returns how many request moments the sweep handled."""
    with time_machine.travel(at, tick=False):
        handled = request_reminders_send(now=timezone.now())
        notification_emails_send(now=timezone.now())
    return handled


def _reminders() -> Any:
    """The reminders only (other steps, such as submitting, notify too)."""
    return Notification.objects.filter(kind__startswith="advice.reminder.")


def _mails() -> list[Any]:
    """The e-mails of the reminders (their subject is the notification's title)."""
    titles = set(_reminders().values_list("title", flat=True))
    return [message for message in mail.outbox if message.subject in titles]


def _sent(kind: ReminderKind | None = None) -> list[tuple[str, str, datetime]]:
    rows = _reminders().order_by("due_at", "kind", "recipient__username")
    if kind is not None:
        rows = rows.filter(kind=kind)
    return [(row.kind.rsplit(".", 1)[-1], row.recipient.username, row.due_at) for row in rows]


@pytest.fixture
def council_supporter(cast: Cast) -> Any:
    """A supporter of the council itself (cast.supporter supports its youth chamber)."""
    user = make_user(username="carla-council")
    council_services.body_supporter_add(body=cast.council, user=user, actor=None, reason="test data")
    return user


# ---------------------------------------------------------------------------------------------------------------
# The moments (pure)


def test_w_reg_4_reminders_14_and_3_days_before_the_due_date_on_it_and_overdue() -> None:
    request = Request(kind=RequestKind.REQUESTED_ADVICE, status=RequestStatus.SUBMITTED, due_on=DUE)
    assert [(moment.kind, moment.at, moment.days) for moment in reminder_moments(request)] == [
        (ReminderKind.DUE_SOON, SOON_14, 14),
        (ReminderKind.DUE_SOON, SOON_3, 3),
        (ReminderKind.DUE_TODAY, TODAY, 0),
        (ReminderKind.OVERDUE, OVERDUE, 0),
    ]
    assert SOON_14.hour == 7
    assert str(SOON_14.tzinfo) == "Europe/Amsterdam"
    assert next_reminder_moment(request, after=SOON_14) == SOON_3
    assert next_reminder_moment(request, after=SOON_14, including=True) == SOON_14
    assert next_reminder_moment(request, after=OVERDUE) is None
    # The regulation's own days (W-REG-4 [M] is a default).
    assert [moment.days for moment in reminder_moments(request, days_before=[7, 1])] == [7, 1, 0, 0]


def test_only_running_clocks_and_late_board_answers_have_reminders() -> None:
    def kinds(**fields: Any) -> list[str]:
        answer_due_on = fields.pop("answer_due_on", None)
        request = Request(due_on=DUE, **fields)
        return [moment.kind for moment in reminder_moments(request, answer_due_on=answer_due_on)]

    paused = {"kind": RequestKind.CONSENT, "status": RequestStatus.INFORMATION_REQUESTED}
    assert kinds(**paused, answer_due_on=date(2026, 3, 24)) == [ReminderKind.INFORMATION_LATE]
    assert kinds(**paused) == []
    assert kinds(kind=RequestKind.UNSOLICITED_ADVICE, status=RequestStatus.ANSWERED) == [ReminderKind.ANSWER_LATE]
    for kind in (RequestKind.REQUESTED_ADVICE, RequestKind.CONSENT):
        assert kinds(kind=kind, status=RequestStatus.ANSWERED) == []  # the council answered
    for status in (RequestStatus.DRAFT, RequestStatus.DECIDED, RequestStatus.WITHDRAWN):
        assert kinds(kind=RequestKind.REQUESTED_ADVICE, status=status) == []
        assert kinds(kind=RequestKind.UNSOLICITED_ADVICE, status=status) == []


# ---------------------------------------------------------------------------------------------------------------
# The sweep


def test_submit_schedules_the_first_reminder(cast: Cast) -> None:
    request = _submitted(cast)
    assert request.next_reminder_at == SOON_14


def test_the_reminder_is_sent_exactly_once_even_when_the_sweep_runs_twice(cast: Cast, council_supporter: Any) -> None:
    """W-REG-4: two sweeps at the same moment and one later: one notification and one e-mail per supporter."""
    request = _submitted(cast)

    assert _sweep(SOON_14) == 1
    assert _sweep(SOON_14) == 0
    assert _sweep(SOON_14 + timedelta(minutes=15)) == 0

    assert _sent() == [("due_soon", "carla-council", SOON_14), ("due_soon", "sam-supporter", SOON_14)]
    assert sorted(address for message in _mails() for address in message.to) == [
        council_supporter.email,
        cast.supporter.email,
    ]
    request.refresh_from_db()
    assert request.next_reminder_at == SOON_3
    # The board, members and outsiders hear nothing about a running clock.
    assert not _reminders().exclude(recipient__in=[cast.supporter, council_supporter]).exists()


def test_a_missed_days_sweep_catches_up_and_sends_once(cast: Cast) -> None:
    """The sweep matches due moments `<= now`: two days late, it still sends (once, for the original moment), with
    the days counted from the day it goes out (W-ADV-3, docs/ADVICE.md "Reminders")."""
    _submitted(cast)
    assert _sweep(SOON_14 - timedelta(minutes=1)) == 0
    assert _sent() == []

    assert _sweep(SOON_14 + timedelta(days=2)) == 1
    assert _sweep(SOON_14 + timedelta(days=2, minutes=15)) == 0

    assert _sent() == [("due_soon", "sam-supporter", SOON_14)]
    assert len(_mails()) == 1
    message = _mails()[0]
    assert message.to == [cast.supporter.email]
    assert "is due in 12 days" in message.subject
    assert "13 April 2026" in str(message.body)
    assert "That is in 12 days." in str(message.body)


def test_after_missed_sweeps_only_the_latest_due_reminder_is_sent(cast: Cast) -> None:
    """Found only after the due date: "due in 14 / 3 days" and "due today" would be wrong by now; "overdue" goes."""
    request = _submitted(cast)
    assert _sweep(OVERDUE + timedelta(days=1)) == 4  # four moments claimed, three of them skipped
    assert [kind for kind, _user, _at in _sent()] == ["overdue", "overdue"]
    request.refresh_from_db()
    assert request.next_reminder_at is None


def test_every_reminder_is_sent_at_its_moment_to_the_right_people(cast: Cast) -> None:
    """Supporters 14 and 3 days before and on the due date; supporters and the responsible board member when it is
    overdue. The other board member, the members and the outsider get nothing."""
    other_board = make_user(username="bea-board", roles=[Role.BOARD])
    request = _submitted(cast)
    for moment, kind in ((SOON_14, "due_soon"), (SOON_3, "due_soon"), (TODAY, "due_today")):
        assert _sweep(moment - timedelta(seconds=1)) == 0
        assert _sweep(moment) == 1
        assert [row for row in _sent() if row[2] == moment] == [(kind, "sam-supporter", moment)]
    assert _sweep(OVERDUE) == 1
    assert _sent(ReminderKind.OVERDUE) == [("overdue", "bob-board", OVERDUE), ("overdue", "sam-supporter", OVERDUE)]
    assert not _reminders().filter(recipient=other_board).exists()
    assert _reminders().count() == 5
    request.refresh_from_db()
    assert request.next_reminder_at is None

    titles = dict(_reminders().filter(kind=ReminderKind.OVERDUE).values_list("recipient__username", "title"))
    assert titles["bob-board"] == f"{request.reference} “{request.title}”: the council has not answered in time"
    assert titles["sam-supporter"] == f"{request.reference} “{request.title}”: the council's answer is overdue"
    note = _reminders().get(kind=ReminderKind.OVERDUE, recipient=cast.board)
    assert note.url == request_url(request)
    assert str(request.uuid) in note.url


def test_both_are_reminded_when_a_request_is_overdue_with_their_own_email(cast: Cast) -> None:
    request = _submitted(cast)
    Request.objects.filter(pk=request.pk).update(next_reminder_at=OVERDUE)  # as if the earlier ones went
    assert _sweep(OVERDUE) == 1
    by_address = {message.to[0]: message for message in _mails()}
    assert set(by_address) == {cast.board.email, cast.supporter.email}
    board_mail = str(by_address[cast.board.email].body)
    supporter_mail = str(by_address[cast.supporter.email].body)
    assert "The council has not answered request" in board_mail
    assert "because you are a board member" in board_mail
    assert "The portal has no answer yet" in supporter_mail
    assert "because you support the client council" in supporter_mail
    assert request_url(request) in supporter_mail
    html = by_address[cast.board.email].alternatives[0].content
    assert request.reference in str(html)


def test_the_regulation_reminder_days_are_used(cast: Cast) -> None:
    regulation = cast.council.regulation
    regulation.reminder_days_before = [7]
    regulation.save(update_fields=["reminder_days_before"])
    request = _submitted(cast)
    seven = moment_on(DUE - timedelta(days=7))
    assert request.next_reminder_at == seven
    assert _sweep(seven) == 1
    assert "is due in 7 days" in _reminders().get().title


def test_w_inf_1_the_board_is_reminded_when_its_information_answer_is_late(cast: Cast, settings: Any) -> None:
    """The council asks on 10 March; the answer is expected within ADVICE_INFORMATION_ANSWER_DAYS (14): by 24 March.
    On 25 March the responsible board member is told; the supporters are not (they are waiting)."""
    assert settings.ADVICE_INFORMATION_ANSWER_DAYS == 14
    request = _submitted(cast)
    info = requests.request_information_ask(
        request=request, question="Welke locaties?", on=date(2026, 3, 10), actor=cast.supporter
    )
    assert info.answer_due_on == date(2026, 3, 24)
    late = moment_on(date(2026, 3, 25))
    request.refresh_from_db()
    assert request.next_reminder_at == late

    assert _sweep(late - timedelta(seconds=1)) == 0
    assert _sweep(late) == 1
    assert _sweep(late + timedelta(days=3)) == 0  # once, not every day
    assert _sent() == [("information_late", "bob-board", late)]
    assert _mails()[0].to == [cast.board.email]
    assert "24 March 2026" in str(_mails()[0].body)
    request.refresh_from_db()
    assert request.next_reminder_at is None

    # The answer resumes the clock: the due date moves by the 20 paused days, and so do the reminders.
    requests.request_information_answer(info=info, answer="Den Haag.", on=date(2026, 3, 30), actor=cast.board)
    request.refresh_from_db()
    assert request.due_on == DUE + timedelta(days=20)
    assert request.next_reminder_at == moment_on(request.due_on - timedelta(days=14))


def test_the_information_answer_period_is_a_setting(cast: Cast, settings: Any) -> None:
    settings.ADVICE_INFORMATION_ANSWER_DAYS = 5
    request = _submitted(cast)
    info = requests.request_information_ask(request=request, question="Vraag", on=date(2026, 3, 10), actor=None)
    assert info.answer_due_on == date(2026, 3, 15)
    request.refresh_from_db()
    assert request.next_reminder_at == moment_on(date(2026, 3, 16))


def test_w_uns_1_late_answer_to_unsolicited_advice_reminds_the_board_and_informs_the_supporters(cast: Cast) -> None:
    """Unsolicited advice has no responsible board member: every active board member is told, and the council's
    supporters are informed. Nothing before the target date: the board's answer is not the council's deadline."""
    other_board = make_user(username="bea-board", roles=[Role.BOARD])
    gone = make_user(username="gone-board", roles=[Role.BOARD])
    type(gone).objects.filter(pk=gone.pk).update(is_active=False)
    request = answers.unsolicited_advice_submit(
        council=cast.council, topic=None, title="Meer groen", advice="Leg een tuin aan.", on=RECEIVED,
        actor=cast.supporter,
    )  # fmt: skip
    assert request.due_on == DUE
    assert request.next_reminder_at == OVERDUE

    assert _sweep(TODAY) == 0
    assert _sweep(OVERDUE) == 1
    assert _sent() == [
        ("answer_late", "bea-board", OVERDUE),
        ("answer_late", "bob-board", OVERDUE),
        ("answer_late", "sam-supporter", OVERDUE),
    ]
    titles = dict(_reminders().values_list("recipient__username", "title"))
    assert titles["bob-board"].endswith("your answer to the council's unsolicited advice is late")
    assert titles["sam-supporter"].endswith("the board has not answered the unsolicited advice in time")
    assert {message.to[0] for message in _mails()} == {cast.board.email, other_board.email, cast.supporter.email}
    request.refresh_from_db()
    assert request.next_reminder_at is None


def test_answered_decided_and_withdrawn_requests_get_no_reminders(cast: Cast) -> None:
    answered = _submitted(cast)
    answers.request_respond(request=answered, advice="Positief.", on=date(2026, 3, 20), actor=cast.supporter)
    withdrawn = _submitted(cast)
    requests.request_withdraw(request=withdrawn, reason="Gaat niet door.", actor=cast.board)
    unsolicited = answers.unsolicited_advice_submit(
        council=cast.council, topic=None, title="Meer groen", advice="Leg een tuin aan.", on=RECEIVED, actor=None
    )
    decisions.request_decide(
        request=unsolicited, outcome="follows", text="We volgen het advies.", on=date(2026, 3, 20), actor=cast.board
    )
    for request in (answered, withdrawn, unsolicited):
        request.refresh_from_db()
        assert request.next_reminder_at is None, request.status
    assert _sweep(OVERDUE + timedelta(days=30)) == 0
    assert not _reminders().exists()


def test_a_stale_moment_whose_reason_is_gone_is_not_sent(cast: Cast) -> None:
    """Even if next_reminder_at still pointed at a moment, an answered request has none any more: nothing is sent
    and the column is cleared."""
    request = _submitted(cast)
    answers.request_respond(request=request, advice="Positief.", on=date(2026, 3, 20), actor=cast.supporter)
    Request.objects.filter(pk=request.pk).update(next_reminder_at=SOON_3)  # bookkeeping only, no history
    assert _sweep(SOON_3) == 1
    assert not _reminders().exists()
    request.refresh_from_db()
    assert request.next_reminder_at is None


def test_a_deactivated_responsible_board_member_is_replaced_by_the_whole_board(cast: Cast) -> None:
    other_board = make_user(username="bea-board", roles=[Role.BOARD])
    request = _submitted(cast)
    type(cast.board).objects.filter(pk=cast.board.pk).update(is_active=False)
    Request.objects.filter(pk=request.pk).update(next_reminder_at=OVERDUE)
    _sweep(OVERDUE)
    assert [user for kind, user, _at in _sent()] == [other_board.username, "sam-supporter"]


def test_two_workers_racing_send_once(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker that read the row before another one claimed it loses the compare-and-set and sends nothing; and if
    one got past the claim anyway, the unique notification row stops the second send."""
    request = _submitted(cast)
    stale = Request.objects.get(pk=request.pk)
    assert stale.next_reminder_at == SOON_14

    _sweep(SOON_14)  # the first worker claims and sends
    assert len(_mails()) == 1

    monkeypatch.setattr(sweep, "_due_batch", lambda now: [stale])
    with time_machine.travel(SOON_14, tick=False):
        assert request_reminder_handle_one(now=timezone.now()) is True
        assert notification_emails_send(now=timezone.now()) == 0
    assert _reminders().count() == 1
    request.refresh_from_db()
    assert request.next_reminder_at == SOON_3  # not moved a second time

    moment = reminder_moments(stale)[0]
    sweep._send([(stale, moment)])
    assert _reminders().count() == 1
    with time_machine.travel(SOON_14, tick=False):
        assert notification_emails_send(now=timezone.now()) == 0
    assert len(_mails()) == 1


def test_many_due_requests_are_handled_in_batches_with_one_notification_each(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sweep, "BATCH_SIZE", 2)
    due = [_submitted(cast) for _ in range(5)]
    assert _sweep(SOON_14) == 5
    assert _reminders().filter(kind=ReminderKind.DUE_SOON).count() == 5
    assert len(_mails()) == 5
    assert set(Request.objects.filter(pk__in=[r.pk for r in due]).values_list("next_reminder_at", flat=True)) == {
        SOON_3
    }


def test_the_sweep_needs_the_same_number_of_queries_for_one_or_many_due_requests(cast: Cast) -> None:
    """Regulations, open questions, supporters, the board and the insert come per batch, not per request."""

    def queries_for(count: int, at: datetime) -> int:
        made = [_submitted(cast) for _ in range(count)]
        made.append(
            answers.unsolicited_advice_submit(
                council=cast.council, topic=None, title="Meer groen", advice="Tuin.", on=RECEIVED, actor=None
            )
        )
        paused = requests.request_information_ask(request=made[0], question="Vraag", on=RECEIVED, actor=None)
        Request.objects.filter(pk__in=[r.pk for r in made]).update(next_reminder_at=at)
        InformationRequest.objects.filter(pk=paused.pk).update(answer_due_on=at.date() - timedelta(days=1))
        with CaptureQueriesContext(connection) as queries:
            assert request_reminders_send(now=at + timedelta(minutes=1)) == count + 1
        return len(queries)

    one = queries_for(1, OVERDUE)
    many = queries_for(8, OVERDUE)  # new requests: their notifications are new rows
    assert one == many
    assert _reminders().filter(kind=ReminderKind.INFORMATION_LATE).count() == 2
    assert _reminders().filter(kind=ReminderKind.OVERDUE).count() == 7 * 2  # board and supporter of each


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_running_at_once_in_threads_send_each_reminder_once(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two workers read the same due batch at the same time (a barrier makes sure), then both claim: on PostgreSQL
    the second UPDATE waits for the first transaction and then matches nothing, so each reminder goes once."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises them)")
    for _ in range(6):
        _submitted(cast, topic_code=None)  # a transactional test: the catalogue may have been flushed by another
    barrier = threading.Barrier(2, timeout=20)
    local = threading.local()
    real_due_batch = sweep._due_batch

    def due_batch_together(now: datetime) -> list[Request]:
        batch = real_due_batch(now)
        if not getattr(local, "waited", False):
            local.waited = True
            barrier.wait()  # both workers hold the same rows before either claims them
        return batch

    monkeypatch.setattr(sweep, "_due_batch", due_batch_together)
    handled: list[int] = []
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            handled.append(request_reminders_send(now=SOON_14 + timedelta(minutes=1)))
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sum(handled) == 6
    assert len(handled) == 2
    assert _reminders().filter(kind=ReminderKind.DUE_SOON).count() == 6
    assert set(Request.objects.values_list("next_reminder_at", flat=True)) == {SOON_3}


# ---------------------------------------------------------------------------------------------------------------
# Never lost, never twice (W-ADV-3; docs/ADVICE.md "Reminders")


def _titles(kind: ReminderKind) -> set[str]:
    return set(_reminders().filter(kind=kind).values_list("title", flat=True))


def test_w_adv_3_reminder_after_worker_down_sent_once(cast: Cast) -> None:
    """The worker is down from before "due in 14 days" until four days after it: that reminder goes once at the
    next sweep, counting the days from that day. Down again over "due in 3 days" until 06:00 on the due date: it
    gives way to "due today" at 07:00. Every sweep runs twice: nothing is sent twice."""
    request = _submitted(cast)
    assert _sweep(SOON_14 - timedelta(minutes=1)) == 0

    late = SOON_14 + timedelta(days=4)
    assert _sweep(late) == 1
    assert _sweep(late) == 0
    assert _sweep(late + timedelta(hours=2)) == 0
    assert _sent() == [("due_soon", "sam-supporter", SOON_14)]
    assert _titles(ReminderKind.DUE_SOON) == {
        f"{request.reference} “{request.title}”: the council's answer is due in 10 days"
    }
    assert len(_mails()) == 1
    assert "That is in 10 days." in str(_mails()[0].body)
    request.refresh_from_db()
    assert request.next_reminder_at == SOON_3

    assert _sweep(TODAY - timedelta(hours=1)) == 1  # "due in 3 days" claimed; "due today" follows the same day
    assert _sweep(TODAY - timedelta(hours=1)) == 0
    assert _sent(ReminderKind.DUE_SOON) == [("due_soon", "sam-supporter", SOON_14)]
    assert _sweep(TODAY) == 1
    assert _sweep(TODAY + timedelta(hours=5)) == 0
    assert _sent(ReminderKind.DUE_TODAY) == [("due_today", "sam-supporter", TODAY)]
    assert _reminders().count() == 2
    assert len(_mails()) == 2


def test_w_adv_3_request_entered_late_gets_reminder(cast: Cast) -> None:
    """A request received on 2 March but entered on 1 April (after its "due in 14 days" moment): the reminder is
    scheduled from the day it was received and goes once, as "due in 12 days"."""
    with time_machine.travel(datetime(2026, 4, 1, 10, 0, tzinfo=SOON_14.tzinfo)):
        request = _submitted(cast)
    assert request.next_reminder_at == SOON_14
    at = datetime(2026, 4, 1, 10, 15, tzinfo=SOON_14.tzinfo)
    assert _sweep(at) == 1
    assert _sweep(at) == 0
    assert _titles(ReminderKind.DUE_SOON) == {
        f"{request.reference} “{request.title}”: the council's answer is due in 12 days"
    }
    assert len(_mails()) == 1


def test_w_adv_3_information_late_after_worker_down_sent_once(cast: Cast) -> None:
    """W-INF-1: the board's late information answer is found a week late: the board is told once."""
    request = _submitted(cast)
    requests.request_information_ask(request=request, question="Welke locaties?", on=date(2026, 3, 10), actor=None)
    late = moment_on(date(2026, 3, 25))
    assert _sweep(late + timedelta(days=7)) == 1
    assert _sweep(late + timedelta(days=7)) == 0
    assert _sweep(late + timedelta(days=10)) == 0
    assert _sent() == [("information_late", "bob-board", late)]
    assert len(_mails()) == 1
    request.refresh_from_db()
    assert request.next_reminder_at is None
