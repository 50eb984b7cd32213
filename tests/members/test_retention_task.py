"""The retention task (W-MEM-10): contact details of people who left more than 12 months ago are removed."""

from datetime import date, datetime

import time_machine

from members.models import EndReason, Group, Person
from members.reminders import AMSTERDAM
from members.services.memberships import membership_end, membership_register_candidate
from members.services.people import person_create
from members.tasks import people_retention_sweep_task
from tests.conftest import Cast

NOW = datetime(2025, 6, 15, 3, 30, tzinfo=AMSTERDAM)  # the beat schedule's 03:30 run


def _left_on(cast: Cast, day: date, name: str) -> Person:
    """A candidate with contact details who was not appointed and left on day (through the services)."""
    with time_machine.travel(datetime(day.year, day.month, day.day, 12, 0, tzinfo=AMSTERDAM)):
        person = person_create(
            display_name=name, birth_year=1985, group=Group.PARENT, email=f"{name}@example.org", actor=None
        )
        membership = membership_register_candidate(person=person, body=cast.chamber, suitability=[], actor=None)
        membership_end(membership=membership, on=day, reason=EndReason.NOT_APPOINTED, actor=None)
    return person


def test_w_mem_10_the_task_anonymises_who_left_13_months_ago_and_not_11(cast: Cast) -> None:
    left_long_ago = _left_on(cast, date(2024, 5, 15), "Kees")
    left_recently = _left_on(cast, date(2024, 7, 15), "Lotte")

    with time_machine.travel(NOW, tick=False):
        people_retention_sweep_task.delay()

    left_long_ago.refresh_from_db()
    left_recently.refresh_from_db()
    assert left_long_ago.is_anonymised
    assert not left_long_ago.has_contact_details
    assert left_long_ago.display_name != "Kees"
    assert not left_recently.is_anonymised
    assert left_recently.email == "Lotte@example.org"
    assert left_recently.display_name == "Lotte"


def test_w_mem_10_a_second_run_changes_nothing(cast: Cast) -> None:
    left_long_ago = _left_on(cast, date(2024, 5, 15), "Kees")
    with time_machine.travel(NOW, tick=False):
        people_retention_sweep_task.delay()
        left_long_ago.refresh_from_db()
        anonymised_at = left_long_ago.anonymised_at
        people_retention_sweep_task.delay()
    left_long_ago.refresh_from_db()
    assert left_long_ago.anonymised_at == anonymised_at
