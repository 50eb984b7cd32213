"""The membership reminder sweep (W-MEM-4, W-MEM-5; DESIGN.md convention 9): members/services/reminders.py.

Memberships are made through the lifecycle services and time is moved with time-machine (never sleep). The sweep
only queues e-mails; _sweep runs the e-mail task (notification_emails_send) right after it, as the beat does within
a minute, so mail.outbox shows what the recipients get.
"""

import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from councils import services as council_services
from incluzio_mz.models import Notification
from incluzio_mz.services import EMAIL_MAX_ATTEMPTS, EMAIL_RETRY_AFTER, notification_emails_send
from members.models import EvaluationOutcome, Group, Membership, Suitability
from members.reminders import AMSTERDAM, ReminderKind, moment_on
from members.services import reminders
from members.services.memberships import (
    membership_evaluate_trial,
    membership_register_candidate,
    membership_start_trial,
)
from members.services.people import person_create
from members.services.reminders import membership_reminder_handle_one, membership_reminders_send
from members.tasks import membership_reminders_send_task
from tests.conftest import Cast, WorkerProcess
from tests.factories import make_user

TRIAL_START = date(2025, 1, 6)
TRIAL_END = date(2025, 4, 6)  # three months: the regulation's default trial period
SOON = moment_on(TRIAL_END - timedelta(days=14))  # 23 March 2025, 07:00 Amsterdam
TODAY = moment_on(TRIAL_END)
OVERDUE = moment_on(TRIAL_END + timedelta(days=1))

Capture = Callable[..., Any]


def _trial(cast: Cast, *, start: date = TRIAL_START, name: str = "Noor") -> Membership:
    """A youth member in trial in cast.chamber from start, with a login of their own (noor-member)."""
    user = make_user(username="noor-member")
    with time_machine.travel(datetime.combine(start, datetime.min.time(), tzinfo=AMSTERDAM) + timedelta(hours=10)):
        person = person_create(
            display_name=name,
            birth_year=2001,
            group=Group.YOUTH,
            email="noor@example.org",
            user=user,
            actor=None,
        )
        membership = membership_register_candidate(
            person=person, body=cast.chamber, suitability=[Suitability.WANTS_TO_IMPROVE], actor=cast.supporter
        )
        return membership_start_trial(membership=membership, on=start, actor=cast.supporter)


def _sweep(at: datetime, capture: Capture) -> int:
    """The reminder sweep at `at`, then the e-mail task; returns how many memberships the sweep handled."""
    with time_machine.travel(at, tick=False), capture(execute=True):
        handled = membership_reminders_send(now=timezone.now())
        notification_emails_send(now=timezone.now())
    return handled


def _emails(at: datetime) -> int:
    with time_machine.travel(at, tick=False):
        return notification_emails_send(now=timezone.now())


def _sent(kind: ReminderKind) -> list[tuple[str, datetime]]:
    rows = Notification.objects.filter(kind=kind).order_by("recipient__username")
    return [(row.recipient.username, row.due_at) for row in rows]


@pytest.fixture
def second_supporter(cast: Cast) -> Any:
    user = make_user(username="sara-supporter")
    council_services.body_supporter_add(body=cast.chamber, user=user, actor=None, reason="test data")
    return user


def test_trial_start_schedules_the_first_reminder(cast: Cast) -> None:
    membership = _trial(cast)
    assert membership.trial_end == TRIAL_END
    assert membership.next_reminder_at == SOON


def test_the_trial_reminder_is_sent_exactly_once_even_when_the_sweep_runs_twice(
    cast: Cast, second_supporter: Any, django_capture_on_commit_callbacks: Capture
) -> None:
    """W-MEM-4: two sweeps at the same moment: one notification and one e-mail per supporter."""
    membership = _trial(cast)

    assert _sweep(SOON, django_capture_on_commit_callbacks) == 1
    assert _sweep(SOON, django_capture_on_commit_callbacks) == 0
    assert _sweep(SOON + timedelta(minutes=15), django_capture_on_commit_callbacks) == 0

    assert _sent(ReminderKind.TRIAL_ENDS_SOON) == [("sam-supporter", SOON), ("sara-supporter", SOON)]
    assert sorted(address for message in mail.outbox for address in message.to) == [
        cast.supporter.email,
        second_supporter.email,
    ]
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 2
    membership.refresh_from_db()
    assert membership.next_reminder_at == TODAY
    # Only supporters hear about the trial: not the member, not the council's or the other chamber's people.
    assert not Notification.objects.filter(recipient=membership.person.user).exists()


def test_the_trial_reminder_is_still_sent_when_a_days_sweep_was_missed(
    cast: Cast, django_capture_on_commit_callbacks: Capture
) -> None:
    """The sweep matches due moments `<= now`: two days late, it still sends (once)."""
    _trial(cast)
    assert _sweep(SOON - timedelta(minutes=1), django_capture_on_commit_callbacks) == 0
    assert _sent(ReminderKind.TRIAL_ENDS_SOON) == []

    assert _sweep(SOON + timedelta(days=2), django_capture_on_commit_callbacks) == 1

    assert _sent(ReminderKind.TRIAL_ENDS_SOON) == [("sam-supporter", SOON)]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [cast.supporter.email]
    assert "Noor" in message.subject
    assert "Cast youth chamber" in message.subject


def test_every_kind_is_sent_at_its_moment_to_the_right_people(
    cast: Cast, django_capture_on_commit_callbacks: Capture
) -> None:
    """W-MEM-4 trial reminders go to the supporters; W-MEM-5 term end also to the member."""
    membership = _trial(cast)
    for moment, kind in (
        (SOON, ReminderKind.TRIAL_ENDS_SOON),
        (TODAY, ReminderKind.TRIAL_ENDS_TODAY),
        (OVERDUE, ReminderKind.TRIAL_OVERDUE),
    ):
        assert _sweep(moment - timedelta(seconds=1), django_capture_on_commit_callbacks) == 0
        assert _sweep(moment, django_capture_on_commit_callbacks) == 1
        assert _sent(kind) == [("sam-supporter", moment)]

    with time_machine.travel(datetime(2025, 4, 8, 10, 0, tzinfo=AMSTERDAM)):
        membership_evaluate_trial(
            membership=membership,
            held_on=date(2025, 4, 8),
            outcome=EvaluationOutcome.CONTINUE,
            record="It goes well.",
            suitability=[Suitability.WANTS_TO_IMPROVE],
            actor=cast.supporter,
        )
    membership.refresh_from_db()
    assert membership.term_end is not None
    term_soon = moment_on(membership.term_end - timedelta(days=60))
    assert membership.next_reminder_at == term_soon

    mail.outbox.clear()
    assert _sweep(term_soon, django_capture_on_commit_callbacks) == 1

    member = membership.person.user
    assert member is not None
    assert _sent(ReminderKind.TERM_ENDS_SOON) == [("noor-member", term_soon), ("sam-supporter", term_soon)]
    member_note = Notification.objects.get(kind=ReminderKind.TERM_ENDS_SOON, recipient=member)
    supporter_note = Notification.objects.get(kind=ReminderKind.TERM_ENDS_SOON, recipient=cast.supporter)
    assert "Noor" not in member_note.title  # the member's own text: "your term"
    assert "Noor" in supporter_note.title
    assert {address for message in mail.outbox for address in message.to} == {member.email, cast.supporter.email}
    membership.refresh_from_db()
    assert membership.next_reminder_at is None  # nothing left to remind about
    assert Notification.objects.count() == 5


def test_an_evaluated_trial_gets_no_overdue_reminder(cast: Cast, django_capture_on_commit_callbacks: Capture) -> None:
    membership = _trial(cast)
    _sweep(TODAY, django_capture_on_commit_callbacks)
    with time_machine.travel(datetime(2025, 4, 6, 12, 0, tzinfo=AMSTERDAM)):
        membership_evaluate_trial(
            membership=membership,
            held_on=TRIAL_END,
            outcome=EvaluationOutcome.CONTINUE,
            record="Stays on.",
            suitability=[],
            actor=cast.supporter,
        )
    _sweep(OVERDUE + timedelta(days=1), django_capture_on_commit_callbacks)
    assert _sent(ReminderKind.TRIAL_OVERDUE) == []


def test_a_stale_moment_whose_reason_is_gone_is_not_sent(
    cast: Cast, django_capture_on_commit_callbacks: Capture
) -> None:
    """Even if next_reminder_at still pointed at the overdue moment, the evaluated trial has none: nothing is sent."""
    membership = _trial(cast)
    with time_machine.travel(datetime(2025, 4, 6, 12, 0, tzinfo=AMSTERDAM)):
        membership_evaluate_trial(
            membership=membership,
            held_on=TRIAL_END,
            outcome=EvaluationOutcome.CONTINUE,
            record="Stays on.",
            suitability=[],
            actor=cast.supporter,
        )
    # Bookkeeping column only (no history): simulate a schedule that was not moved with the state.
    Membership.objects.filter(pk=membership.pk).update(next_reminder_at=OVERDUE)

    assert _sweep(OVERDUE, django_capture_on_commit_callbacks) == 1
    assert not Notification.objects.exists()
    membership.refresh_from_db()
    assert membership.next_reminder_at is not None
    assert membership.next_reminder_at > OVERDUE  # moved on to the term reminder


def test_after_missed_sweeps_only_the_latest_due_reminder_is_sent(
    cast: Cast, django_capture_on_commit_callbacks: Capture
) -> None:
    """Found only after the trial ended: "ends in 14 days" and "ends today" would be wrong by now; "overdue" is sent."""
    _trial(cast)
    assert _sweep(OVERDUE + timedelta(days=1), django_capture_on_commit_callbacks) == 3
    assert list(Notification.objects.values_list("kind", flat=True)) == [ReminderKind.TRIAL_OVERDUE]
    assert len(mail.outbox) == 1


def test_two_workers_racing_send_once(
    cast: Cast, django_capture_on_commit_callbacks: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker that read the row before another one claimed it loses the compare-and-set and sends nothing."""
    membership = _trial(cast)
    stale = Membership.objects.select_related("person__user", "body__parent").get(pk=membership.pk)
    assert stale.next_reminder_at == SOON

    _sweep(SOON, django_capture_on_commit_callbacks)  # the first worker claims and sends
    assert len(mail.outbox) == 1

    # The second worker acts on what it read before: the compare-and-set updates 0 rows.
    monkeypatch.setattr(reminders, "_due_batch", lambda now: [stale])
    with time_machine.travel(SOON, tick=False):
        assert membership_reminder_handle_one(now=timezone.now()) is True
    assert _emails(SOON) == 0
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1
    membership.refresh_from_db()
    assert membership.next_reminder_at == TODAY  # not moved a second time

    # And if a worker got past the claim anyway, the unique notification row stops the second send.
    reminders._send([(stale, SOON)])
    assert Notification.objects.count() == 1
    assert _emails(SOON) == 0
    assert len(mail.outbox) == 1


def test_a_batch_whose_group_was_partly_taken_claims_the_rest_row_by_row(
    cast: Cast, second_supporter: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two memberships share (SOON -> TODAY), so one UPDATE claims both; another worker moved one of them after this
    worker read the batch. The group UPDATE matches 1 of 2: it is undone and each row is claimed on its own, so only
    the untouched membership is notified, and the other one keeps the value the other worker gave it."""
    noor = _trial(cast)
    piet = _trial_in(cast, cast.chamber)
    stale = list(
        Membership.objects.filter(pk__in=[noor.pk, piet.pk])
        .select_related("person__user", "body__parent")
        .order_by("pk")
    )
    assert [membership.next_reminder_at for membership in stale] == [SOON, SOON]
    Membership.objects.filter(pk=piet.pk).update(next_reminder_at=TODAY)  # the other worker's claim
    monkeypatch.setattr(reminders, "_due_batch", lambda now: stale)

    with time_machine.travel(SOON, tick=False):
        assert membership_reminder_handle_one(now=timezone.now()) is True

    assert set(Notification.objects.values_list("subject_id", flat=True)) == {noor.pk}
    assert _sent(ReminderKind.TRIAL_ENDS_SOON) == [("sam-supporter", SOON), ("sara-supporter", SOON)]
    noor.refresh_from_db()
    piet.refresh_from_db()
    assert noor.next_reminder_at == TODAY
    assert piet.next_reminder_at == TODAY  # moved by the other worker only, not once more by this one
    assert _emails(SOON) == 2


def test_many_due_memberships_are_handled_in_batches_with_one_notification_each(
    cast: Cast, django_capture_on_commit_callbacks: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reminders, "BATCH_SIZE", 2)
    memberships = [_trial_in(cast, cast.chamber) for _ in range(5)]
    assert _sweep(SOON, django_capture_on_commit_callbacks) == 5
    assert Notification.objects.filter(kind=ReminderKind.TRIAL_ENDS_SOON).count() == 5
    assert len(mail.outbox) == 5
    assert all(message.to == [cast.supporter.email] for message in mail.outbox)
    assert set(
        Membership.objects.filter(pk__in=[m.pk for m in memberships]).values_list("next_reminder_at", flat=True)
    ) == {TODAY}


def test_the_email_is_sent_exactly_once_even_when_the_email_task_runs_twice(
    cast: Cast, second_supporter: Any, django_capture_on_commit_callbacks: Capture
) -> None:
    _trial(cast)
    with time_machine.travel(SOON, tick=False):
        assert membership_reminders_send(now=timezone.now()) == 1
    assert mail.outbox == []  # the sweep only queues
    assert Notification.objects.exclude(email_template="").filter(emailed_at__isnull=True).count() == 2

    assert _emails(SOON) == 2
    assert _emails(SOON) == 0
    assert _emails(SOON + EMAIL_RETRY_AFTER * 3) == 0  # a sent e-mail is never due again, claim expired or not
    assert len(mail.outbox) == 2
    sent = Notification.objects.get(recipient=cast.supporter)
    assert sent.emailed_at is not None
    assert sent.email_context == {}  # the copy of names and dates goes once the e-mail went
    assert "Noor" in mail.outbox[0].subject
    assert "6 April 2025" in str(mail.outbox[0].body) or "6 april 2025" in str(mail.outbox[0].body)


def test_a_failed_email_is_retried_by_a_later_run_and_given_up_after_the_last_attempt(
    cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The documented choice: a failure is counted and the row is tried again once EMAIL_RETRY_AFTER has passed."""
    _trial(cast)
    with time_machine.travel(SOON, tick=False):
        membership_reminders_send(now=timezone.now())

    def refuse(self: EmailBackend, messages: Any) -> int:
        raise OSError("mail server down")

    with monkeypatch.context() as patch:
        patch.setattr(EmailBackend, "send_messages", refuse)
        assert _emails(SOON) == 0
    notification = Notification.objects.get(kind=ReminderKind.TRIAL_ENDS_SOON)
    assert notification.emailed_at is None
    assert notification.email_attempts == 1
    assert _emails(SOON + timedelta(minutes=1)) == 0  # not before the retry delay
    assert mail.outbox == []

    assert _emails(SOON + EMAIL_RETRY_AFTER + timedelta(minutes=1)) == 1
    assert len(mail.outbox) == 1
    assert _emails(SOON + EMAIL_RETRY_AFTER * 3) == 0

    # An e-mail that failed EMAIL_MAX_ATTEMPTS times stays listed in the portal but is not tried again.
    Notification.objects.update(emailed_at=None, email_attempts=EMAIL_MAX_ATTEMPTS)
    assert _emails(SOON + EMAIL_RETRY_AFTER * 10) == 0


def test_a_chamber_without_supporters_reminds_the_councils_supporters(
    cast: Cast, django_capture_on_commit_callbacks: Capture
) -> None:
    """The documented choice: the body's own supporters; only when it has none, its parent body's."""
    council_supporter = make_user(username="carla-council")
    council_services.body_supporter_add(body=cast.council, user=council_supporter, actor=None, reason="test data")
    _trial(cast)
    _sweep(SOON, django_capture_on_commit_callbacks)
    assert _sent(ReminderKind.TRIAL_ENDS_SOON) == [("sam-supporter", SOON)]

    other_chamber_trial = _trial_in(cast, cast.other_chamber)
    assert other_chamber_trial.next_reminder_at == SOON
    _sweep(SOON, django_capture_on_commit_callbacks)
    assert _sent(ReminderKind.TRIAL_ENDS_SOON) == [("carla-council", SOON), ("sam-supporter", SOON)]


def _trial_in(cast: Cast, body: Any) -> Membership:
    with time_machine.travel(datetime(2025, 1, 6, 10, 0, tzinfo=AMSTERDAM)):
        person = person_create(display_name="Piet", birth_year=1980, group=Group.PARENT, actor=None)
        membership = membership_register_candidate(person=person, body=body, suitability=[], actor=None)
        return membership_start_trial(membership=membership, on=TRIAL_START, actor=None)


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_real_worker_sends_the_due_reminder(cast: Cast, real_worker: WorkerProcess) -> None:
    """The beat task runs on a separate Celery worker process against Redis, with the real clock."""
    # A trial that started 80 days ago: "ends in 14 days" is due, "ends today" is not yet.
    start = timezone.localdate() - timedelta(days=80)
    membership = _trial(cast, start=start)
    assert membership.next_reminder_at is not None
    assert membership.next_reminder_at <= timezone.now()
    assert membership.trial_end is not None
    assert moment_on(membership.trial_end) > timezone.now()

    membership_reminders_send_task.delay()

    deadline = time.monotonic() + 20
    while not Notification.objects.filter(kind=ReminderKind.TRIAL_ENDS_SOON).exists():
        if time.monotonic() > deadline:
            pytest.fail("No notification. Worker log:\n" + (real_worker.var_dir / "worker.log").read_text())
        time.sleep(0.1)  # polling another process's work; not a stand-in for time travel
    notification = Notification.objects.get(kind=ReminderKind.TRIAL_ENDS_SOON)
    assert notification.recipient == cast.supporter
    assert notification.due_at == membership.next_reminder_at
    assert "membership_reminders_send_task" in (real_worker.var_dir / "worker.log").read_text()


# ---------------------------------------------------------------------------------------------------------------
# Never lost, never twice (W-MEM-4; docs/MEMBERS.md "Reminders")


def _trial_entered_at(cast: Cast, entered: datetime, *, start: date = TRIAL_START) -> Membership:
    """A trial from start that the supporter enters only at `entered` (the paperwork came in late)."""
    with time_machine.travel(entered):
        person = person_create(display_name="Noor", birth_year=2001, group=Group.YOUTH, actor=None)
        membership = membership_register_candidate(
            person=person, body=cast.chamber, suitability=[], on=start, actor=None
        )
        return membership_start_trial(membership=membership, on=start, actor=cast.supporter)


def _titles(kind: ReminderKind) -> set[str]:
    return set(Notification.objects.filter(kind=kind).values_list("title", flat=True))


def test_w_mem_4_reminder_after_gap_sent_once(
    cast: Cast, second_supporter: Any, django_capture_on_commit_callbacks: Capture
) -> None:
    """The worker is down from before "ends in 14 days" until five days after it: the reminder goes once at the next
    sweep, counting the days from that day. A second gap over "ends today" (found at 06:00 the next morning) gives
    way to "overdue" at 07:00. Every sweep runs twice: nothing is sent twice."""
    membership = _trial(cast)
    assert _sweep(SOON - timedelta(minutes=1), django_capture_on_commit_callbacks) == 0

    late = SOON + timedelta(days=5)
    assert _sweep(late, django_capture_on_commit_callbacks) == 1
    assert _sweep(late, django_capture_on_commit_callbacks) == 0
    assert _sweep(late + timedelta(hours=3), django_capture_on_commit_callbacks) == 0
    assert _sent(ReminderKind.TRIAL_ENDS_SOON) == [("sam-supporter", SOON), ("sara-supporter", SOON)]
    assert _titles(ReminderKind.TRIAL_ENDS_SOON) == {"The trial period of Noor in Cast youth chamber ends in 9 days"}
    assert len(mail.outbox) == 2
    assert all("That is in 9 days." in str(message.body) for message in mail.outbox)
    membership.refresh_from_db()
    assert membership.next_reminder_at == TODAY

    assert _sweep(OVERDUE - timedelta(hours=1), django_capture_on_commit_callbacks) == 1  # claimed, gives way
    assert _sent(ReminderKind.TRIAL_ENDS_TODAY) == []
    assert _sweep(OVERDUE, django_capture_on_commit_callbacks) == 1
    assert _sweep(OVERDUE, django_capture_on_commit_callbacks) == 0
    assert _sweep(OVERDUE + timedelta(days=3), django_capture_on_commit_callbacks) == 0
    assert _sent(ReminderKind.TRIAL_OVERDUE) == [("sam-supporter", OVERDUE), ("sara-supporter", OVERDUE)]
    assert _sent(ReminderKind.TRIAL_ENDS_TODAY) == []
    assert Notification.objects.count() == 4
    assert len(mail.outbox) == 4


def test_w_mem_4_trial_entered_late_gets_reminder(cast: Cast, django_capture_on_commit_callbacks: Capture) -> None:
    """A trial that started on 6 January is entered on 28 March, five days after its "ends in 14 days" moment: that
    reminder is scheduled (not skipped for "ends today") and sent once at the next sweep, as "ends in 9 days"."""
    entered = datetime(2025, 3, 28, 10, 0, tzinfo=AMSTERDAM)
    membership = _trial_entered_at(cast, entered)
    assert membership.trial_end == TRIAL_END
    assert membership.next_reminder_at == SOON

    assert _sweep(entered + timedelta(minutes=15), django_capture_on_commit_callbacks) == 1
    assert _sweep(entered + timedelta(minutes=30), django_capture_on_commit_callbacks) == 0
    assert _sent(ReminderKind.TRIAL_ENDS_SOON) == [("sam-supporter", SOON)]
    assert _titles(ReminderKind.TRIAL_ENDS_SOON) == {"The trial period of Noor in Cast youth chamber ends in 9 days"}
    assert len(mail.outbox) == 1
    membership.refresh_from_db()
    assert membership.next_reminder_at == TODAY  # and the later ones follow at their moments
    assert _sweep(TODAY, django_capture_on_commit_callbacks) == 1
    assert _sent(ReminderKind.TRIAL_ENDS_TODAY) == [("sam-supporter", TODAY)]


def test_w_mem_4_overdue_evaluation_reminded(cast: Cast, django_capture_on_commit_callbacks: Capture) -> None:
    """A trial entered after it ended has not been evaluated: the supporter gets the overdue reminder (once), not
    the "ends in 14 days" or "ends today" ones, whose text would be wrong."""
    entered = datetime(2025, 4, 20, 10, 0, tzinfo=AMSTERDAM)
    membership = _trial_entered_at(cast, entered)
    assert membership.trial_overdue(on=entered.date())
    assert membership.next_reminder_at == SOON

    assert _sweep(entered + timedelta(minutes=15), django_capture_on_commit_callbacks) == 3
    assert _sweep(entered + timedelta(minutes=15), django_capture_on_commit_callbacks) == 0
    assert _sweep(entered + timedelta(days=7), django_capture_on_commit_callbacks) == 0
    assert list(Notification.objects.values_list("kind", "due_at")) == [(ReminderKind.TRIAL_OVERDUE, OVERDUE)]
    assert _titles(ReminderKind.TRIAL_OVERDUE) == {
        "The trial period of Noor in Cast youth chamber has ended: plan the evaluation"
    }
    assert len(mail.outbox) == 1
    assert "The portal has no evaluation yet." in str(mail.outbox[0].body)
    membership.refresh_from_db()
    assert membership.next_reminder_at is None


def test_w_mem_4_a_role_change_does_not_reschedule_a_pending_reminder(
    cast: Cast, django_capture_on_commit_callbacks: Capture
) -> None:
    """A step that changes neither status nor dates while a reminder waits (worker down) leaves it waiting."""
    from members.models import Role
    from members.services.memberships import membership_set_role

    membership = _trial(cast)
    with time_machine.travel(SOON + timedelta(days=2)):
        membership_set_role(membership=membership, role=Role.SECRETARY, actor=cast.supporter, reason="Gekozen")
    membership.refresh_from_db()
    assert membership.next_reminder_at == SOON
    assert _sweep(SOON + timedelta(days=2, hours=1), django_capture_on_commit_callbacks) == 1
    assert _sent(ReminderKind.TRIAL_ENDS_SOON) == [("sam-supporter", SOON)]


def test_w_mem_5_term_entered_after_its_end_says_it_has_ended(
    cast: Cast, django_capture_on_commit_callbacks: Capture
) -> None:
    """A trial evaluated long after it started: the term (three years from the trial start) has already ended, so
    its reminder goes once, saying so, to the supporter and the member."""
    with time_machine.travel(datetime(2022, 1, 6, 10, 0, tzinfo=AMSTERDAM)):
        membership = _trial(cast, start=date(2022, 1, 6))
    at = datetime(2025, 3, 1, 10, 0, tzinfo=AMSTERDAM)
    with time_machine.travel(at):
        membership_evaluate_trial(
            membership=membership,
            held_on=date(2022, 4, 1),
            outcome=EvaluationOutcome.CONTINUE,
            record="Recorded late.",
            suitability=[],
            actor=cast.supporter,
        )
    membership.refresh_from_db()
    assert membership.term_end == date(2025, 1, 6)
    term_soon = moment_on(date(2025, 1, 6) - timedelta(days=60))
    assert membership.next_reminder_at == term_soon  # scheduled, though its day has passed

    assert _sweep(at + timedelta(minutes=15), django_capture_on_commit_callbacks) == 1
    assert _sweep(at + timedelta(minutes=30), django_capture_on_commit_callbacks) == 0
    titles = dict(
        Notification.objects.filter(kind=ReminderKind.TERM_ENDS_SOON).values_list("recipient__username", "title")
    )
    assert titles == {
        "sam-supporter": "The term of Noor in Cast youth chamber has ended: reappoint or end the membership",
        "noor-member": "Your term in Cast youth chamber has ended",
    }
    bodies = {message.to[0]: str(message.body) for message in mail.outbox}
    assert "ended on 6 January 2025. Reappoint Noor in the portal" in bodies[cast.supporter.email]
    member = membership.person.user
    assert member is not None
    assert "Your term in Cast youth chamber ended on 6 January 2025." in bodies[member.email]
    assert not any("That is in" in body for body in bodies.values())
