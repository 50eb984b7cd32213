"""advice/deadlines.py: pure date arithmetic of the response periods (W-ADV-2, W-ADV-3, W-CON-6, W-INF-1)."""

from datetime import date

from advice import deadlines
from advice.deadlines import Pause


def test_w_adv_3_due_date_is_received_plus_the_period() -> None:
    assert deadlines.due_date(date(2026, 3, 2)) == date(2026, 4, 13)  # default 6 weeks
    assert deadlines.due_date(date(2026, 3, 2), 4) == date(2026, 3, 30)


def test_w_inf_1_answered_pauses_move_the_due_date_by_their_length() -> None:
    pauses = [Pause(date(2026, 3, 10), date(2026, 3, 17)), Pause(date(2026, 3, 20), date(2026, 3, 23))]
    assert deadlines.paused_days(pauses) == 10
    assert deadlines.due_date(date(2026, 3, 2), 6, pauses) == date(2026, 4, 23)


def test_w_inf_1_an_open_pause_has_no_length_yet() -> None:
    pause = Pause(date(2026, 3, 10))
    assert pause.is_open
    assert pause.days == 0
    assert deadlines.due_date(date(2026, 3, 2), 6, [pause]) == date(2026, 4, 13)


def test_w_adv_2_due_after_planned_decision() -> None:
    assert deadlines.due_after_planned_decision(date(2026, 4, 13), date(2026, 4, 1))
    assert not deadlines.due_after_planned_decision(date(2026, 4, 13), date(2026, 4, 13))
    assert not deadlines.due_after_planned_decision(None, date(2026, 4, 1))


def test_days_left_and_reminders() -> None:
    due = date(2026, 4, 13)
    assert deadlines.days_left(due, on=date(2026, 4, 10)) == 3
    assert deadlines.days_left(due, on=date(2026, 4, 14)) == -1
    assert deadlines.reminder_dates(due, [14, 3]) == [date(2026, 3, 30), date(2026, 4, 10), due]
    assert deadlines.next_reminder_on(due, [14, 3], after=date(2026, 3, 2)) == date(2026, 3, 30)
    assert deadlines.next_reminder_on(due, [14, 3], after=date(2026, 4, 1)) == date(2026, 4, 10)
    assert deadlines.next_reminder_on(due, [14, 3], after=date(2026, 4, 14)) is None
