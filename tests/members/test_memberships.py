"""members.services.memberships: the lifecycle candidate → trial → active → ended (W-MEM-1..6, W-MEM-10)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from accounts.roles import Role as OrgRole
from councils import services as council_services
from councils.models import Body, BodyKind, Regulation
from members.models import (
    ClientStatus,
    EndReason,
    Evaluation,
    EvaluationOutcome,
    Membership,
    Role,
    Status,
    Suitability,
)
from members.reminders import moment_on
from members.services import memberships, people
from tests.conftest import Cast
from tests.factories import make_body, make_membership, make_person, make_user

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TODAY = datetime(2026, 8, 1, 12, tzinfo=AMSTERDAM)


@dataclass
class Structure:
    council: Body
    youth: Body
    parents: Body
    panel: Body
    regulation: Regulation


@pytest.fixture
def structure() -> Structure:
    council = make_body(kind=BodyKind.COUNCIL, name="Centrale klantenraad")
    regulation = council_services.regulation_create_for_council(council=council, actor=None, reason="new")
    youth = council_services.chamber_create(council=council, name="Jongerenraad", slug="jr", actor=None, reason="r")
    parents = council_services.chamber_create(council=council, name="Ouderraad", slug="or", actor=None, reason="r")
    panel = make_body(kind=BodyKind.PANEL, name="Klantenpanel Noord", parent=council)
    return Structure(council=council, youth=youth, parents=parents, panel=panel, regulation=regulation)


def _candidate(body: Body, **person: object) -> Membership:
    return memberships.membership_register_candidate(
        person=make_person(**person),
        body=body,
        suitability=[Suitability.WANTS_TO_IMPROVE],
        on=date(2026, 1, 1),  # before every trial start below (W-MEM-4)
        actor=None,
    )


def test_regulation_for(structure: Structure) -> None:
    assert memberships.regulation_for(structure.council) == structure.regulation
    assert memberships.regulation_for(structure.youth) == structure.regulation
    assert memberships.regulation_for(structure.panel) is None
    assert memberships.regulation_for(make_body()) is None


def test_register_candidate_records_suitability_with_history(structure: Structure) -> None:
    supporter = make_user(username="supporter")
    membership = memberships.membership_register_candidate(
        person=make_person(),
        body=structure.youth,
        suitability=[Suitability.LOOKS_BEYOND_OWN, Suitability.HAS_EXPERIENCE],
        suitability_notes=" wil graag ",
        actor=supporter,
    )
    membership.refresh_from_db()
    assert membership.status == Status.CANDIDATE
    assert membership.suitability == [Suitability.HAS_EXPERIENCE, Suitability.LOOKS_BEYOND_OWN]
    assert membership.suitability_notes == "wil graag"
    row = membership.history.get()
    assert (row.history_user, row.history_change_reason) == (supporter, "Registered as a candidate")
    with pytest.raises(ValidationError) as info:
        memberships.membership_register_candidate(
            person=make_person(), body=structure.youth, suitability=["rich"], actor=None
        )
    assert info.value.message_dict == {"suitability": ["Unknown suitability criterion: rich."]}


@time_machine.travel(TODAY, tick=False)
def test_w_mem_1_open_complaint_blocks_the_trial(structure: Structure) -> None:
    supporter = make_user(username="supporter")
    membership = memberships.membership_register_candidate(
        person=make_person(display_name="Noor"),
        body=structure.youth,
        suitability=[],
        open_complaint=True,
        actor=supporter,
    )
    with pytest.raises(ValidationError) as info:
        memberships.membership_start_trial(membership=membership, on=date(2026, 8, 1), actor=supporter)
    assert info.value.messages == [
        "Noor has an open complaint procedure. The trial period can start once it is closed."
    ]
    membership.refresh_from_db()
    assert membership.status == Status.CANDIDATE
    with pytest.raises(ValidationError, match="Give a reason"):
        memberships.membership_set_open_complaint(membership=membership, open_complaint=False, actor=None, reason="")
    memberships.membership_set_open_complaint(
        membership=membership, open_complaint=False, actor=supporter, reason="complaint settled"
    )
    assert membership.history.first().history_change_reason == "complaint settled"
    memberships.membership_start_trial(membership=membership, on=date(2026, 8, 1), actor=supporter)
    # A complaint opened during the trial blocks continuing (appointment), not extending or ending.
    memberships.membership_set_open_complaint(
        membership=membership, open_complaint=True, actor=supporter, reason="new complaint"
    )
    with pytest.raises(ValidationError, match="open complaint procedure"):
        memberships.membership_evaluate_trial(
            membership=membership,
            held_on=date(2026, 8, 1),
            outcome=EvaluationOutcome.CONTINUE,
            record="Goed gesprek",
            suitability=[],
            actor=supporter,
        )
    assert not Evaluation.objects.exists()


def test_w_mem_2_former_clients_per_regulation(structure: Structure) -> None:
    former = make_person(client_status=ClientStatus.FORMER)
    on = date(2026, 8, 1)
    # Default (seed): former clients are eligible.
    assert memberships.membership_eligibility_problems(person=former, body=structure.youth, on=on) == []
    council_services.regulation_update(
        regulation=structure.regulation, data={"former_clients_eligible": False}, actor=None, reason="lawyer"
    )
    expected = ["The regulation of Centrale klantenraad admits current clients only; this person is a former client."]
    assert memberships.membership_eligibility_problems(person=former, body=structure.youth, on=on) == expected
    assert memberships.membership_eligibility_problems(person=former, body=structure.council, on=on) == expected
    with pytest.raises(ValidationError) as info:
        memberships.membership_register_candidate(person=former, body=structure.youth, suitability=[], actor=None)
    assert info.value.messages == expected
    # A panel has no regulation: former clients are welcome there.
    assert memberships.membership_eligibility_problems(person=former, body=structure.panel, on=on) == []
    current = make_person()
    assert memberships.membership_eligibility_problems(person=current, body=structure.youth, on=on) == []


def test_w_mem_3_employees_and_board_not_eligible(structure: Structure) -> None:
    on = date(2026, 8, 1)
    employee = make_person(is_employee=True)
    board = make_person(is_board=True)
    board_user = make_person(user=make_user(username="bestuurder", roles=[OrgRole.BOARD]))
    employee_message = "Employees of the organisation cannot be members of a council or panel."
    board_message = "Board and supervisory board members cannot be members of a council or panel."
    for body in (structure.youth, structure.panel):
        assert memberships.membership_eligibility_problems(person=employee, body=body, on=on) == [employee_message]
        assert memberships.membership_eligibility_problems(person=board, body=body, on=on) == [board_message]
        assert memberships.membership_eligibility_problems(person=board_user, body=body, on=on) == [board_message]
    with pytest.raises(ValidationError, match="Employees"):
        memberships.membership_register_candidate(person=employee, body=structure.youth, suitability=[], actor=None)
    # Eligibility is checked again when the trial starts: someone who became an employee meanwhile is refused.
    membership = _candidate(structure.youth)
    person = membership.person
    people.person_update(person=person, data={"is_employee": True}, actor=None, reason="now works here")
    with pytest.raises(ValidationError, match="Employees"):
        memberships.membership_start_trial(membership=membership, on=on, actor=None)
    assert not Membership.objects.exclude(status=Status.CANDIDATE).exists()


@time_machine.travel(TODAY, tick=False)
def test_w_mem_4_trial_continue_sets_the_first_term_from_the_trial_start(structure: Structure) -> None:
    supporter = make_user(username="supporter")
    membership = _candidate(structure.youth)
    memberships.membership_start_trial(membership=membership, on=date(2026, 5, 31), actor=supporter)
    membership.refresh_from_db()
    assert (membership.status, membership.trial_start, membership.trial_end) == (
        Status.TRIAL,
        date(2026, 5, 31),
        date(2026, 8, 31),  # three months (W-REG-4 default)
    )
    assert membership.next_reminder_at == moment_on(date(2026, 8, 17))  # 14 days before the end
    assert membership.history.first().history_user == supporter
    with pytest.raises(ValidationError, match="short record"):
        memberships.membership_evaluate_trial(
            membership=membership,
            held_on=date(2026, 8, 1),
            outcome=EvaluationOutcome.CONTINUE,
            record="  ",
            suitability=[],
            actor=supporter,
        )
    evaluation = memberships.membership_evaluate_trial(
        membership=membership,
        held_on=date(2026, 8, 1),
        outcome=EvaluationOutcome.CONTINUE,
        record="Samen besloten: door.",
        suitability=[Suitability.HAS_EXPERIENCE],
        actor=supporter,
    )
    membership.refresh_from_db()
    assert evaluation.outcome == EvaluationOutcome.CONTINUE
    assert evaluation.history.get().history_user == supporter
    assert (membership.status, membership.term_start, membership.term_end, membership.term_number) == (
        Status.ACTIVE,
        date(2026, 5, 31),
        date(2029, 5, 31),
        1,
    )
    assert membership.suitability == [Suitability.HAS_EXPERIENCE]
    assert membership.next_reminder_at == moment_on(date(2029, 5, 31) - timedelta(days=60))
    assert membership.history.first().history_change_reason == "Trial evaluated: continues as a member"
    with pytest.raises(ValidationError, match="Only a membership in its trial period"):
        memberships.membership_evaluate_trial(
            membership=membership,
            held_on=date(2026, 8, 1),
            outcome=EvaluationOutcome.END,
            record="x",
            suitability=[],
            actor=supporter,
        )


@time_machine.travel(TODAY, tick=False)
def test_w_mem_4_trial_extended_once_then_ended(structure: Structure) -> None:
    membership = _candidate(structure.parents)
    memberships.membership_start_trial(membership=membership, on=date(2026, 4, 1), actor=None)

    def evaluate(outcome: str) -> Evaluation:
        return memberships.membership_evaluate_trial(
            membership=membership,
            held_on=date(2026, 7, 1),
            outcome=outcome,
            record="Gesprek gevoerd.",
            suitability=[],
            actor=None,
        )

    evaluate(EvaluationOutcome.EXTEND)
    membership.refresh_from_db()
    assert (membership.status, membership.trial_end, membership.trial_extended) == (
        Status.TRIAL,
        date(2026, 10, 1),
        True,
    )
    assert membership.next_reminder_at == moment_on(date(2026, 9, 17))
    with pytest.raises(ValidationError) as info:
        evaluate(EvaluationOutcome.EXTEND)
    assert info.value.message_dict == {
        "outcome": ["The trial period has already been extended once; continue or end it."]
    }
    evaluate(EvaluationOutcome.END)
    membership.refresh_from_db()
    assert (membership.status, membership.ended_on, membership.end_reason, membership.next_reminder_at) == (
        Status.ENDED,
        date(2026, 7, 1),
        EndReason.TRIAL_NOT_CONTINUED,
        None,
    )
    assert membership.evaluations.count() == 2


@time_machine.travel(TODAY, tick=False)
def test_w_mem_4_evaluation_dates(structure: Structure) -> None:
    membership = _candidate(structure.youth)
    memberships.membership_start_trial(membership=membership, on=date(2026, 6, 1), actor=None)
    for held_on, message in ((date(2026, 5, 1), "before the trial"), (date(2026, 8, 2), "has been held")):
        with pytest.raises(ValidationError, match=message):
            memberships.membership_evaluate_trial(
                membership=membership,
                held_on=held_on,
                outcome=EvaluationOutcome.END,
                record="x",
                suitability=[],
                actor=None,
            )


def test_trial_length_follows_the_regulation_and_panels_use_the_default(structure: Structure) -> None:
    council_services.regulation_update(
        regulation=structure.regulation, data={"trial_months": 6}, actor=None, reason="longer trial"
    )
    chamber = memberships.membership_start_trial(
        membership=_candidate(structure.youth), on=date(2026, 1, 31), actor=None
    )
    panel = memberships.membership_start_trial(membership=_candidate(structure.panel), on=date(2026, 1, 31), actor=None)
    assert chamber.trial_end == date(2026, 7, 31)
    assert panel.trial_end == date(2026, 4, 30)


def test_w_mem_5_reappointment_refused_past_max_terms(structure: Structure) -> None:
    supporter = make_user(username="supporter")
    membership = make_membership(body=structure.youth, on=date(2026, 1, 1))
    assert (membership.term_start, membership.term_end, membership.term_number) == (
        date(2026, 1, 1),
        date(2029, 1, 1),
        1,
    )
    memberships.membership_reappoint(membership=membership, actor=supporter, reason="meeting 3")
    membership.refresh_from_db()
    assert (membership.term_start, membership.term_end, membership.term_number) == (
        date(2029, 1, 1),
        date(2032, 1, 1),
        2,
    )
    assert membership.history.first().history_change_reason == "meeting 3"
    assert membership.next_reminder_at == moment_on(date(2032, 1, 1) - timedelta(days=60))
    with pytest.raises(ValidationError) as info:
        memberships.membership_reappoint(membership=membership, actor=supporter)
    assert info.value.messages == [
        f"{membership.person.display_name} has served 2 consecutive terms, the maximum in the regulation of "
        "Centrale klantenraad; reappointment is not possible."
    ]
    membership.refresh_from_db()
    assert membership.term_number == 2
    # A candidate or trial member cannot be reappointed.
    with pytest.raises(ValidationError, match="Only an active member"):
        memberships.membership_reappoint(membership=_candidate(structure.youth), actor=None)
    # A panel has no maximum of terms.
    panel_membership = make_membership(body=structure.panel, on=date(2026, 1, 1))
    for _ in range(3):
        memberships.membership_reappoint(membership=panel_membership, actor=None)
    panel_membership.refresh_from_db()
    assert panel_membership.term_number == 4


def test_w_mem_6_one_chamber_per_council_and_one_chair(structure: Structure) -> None:
    on = date(2026, 8, 1)
    person = make_person(display_name="Sem")
    make_membership(body=structure.youth, person=person, on=date(2026, 1, 1))
    expected = "This person is already in Jongerenraad; a person may sit in one chamber of a council only."
    assert memberships.membership_eligibility_problems(person=person, body=structure.parents, on=on) == [expected]
    with pytest.raises(ValidationError, match="one chamber of a council only"):
        memberships.membership_register_candidate(person=person, body=structure.parents, suitability=[], actor=None)
    assert memberships.membership_eligibility_problems(person=person, body=structure.youth, on=on) == [
        "This person is already a candidate or member of Jongerenraad."
    ]
    # A panel besides the chamber is fine.
    assert memberships.membership_eligibility_problems(person=person, body=structure.panel, on=on) == []
    # A chamber of another council is fine too.
    other_council = make_body(kind=BodyKind.COUNCIL)
    other_chamber = council_services.chamber_create(council=other_council, name="X", slug="x", actor=None, reason="r")
    assert memberships.membership_eligibility_problems(person=person, body=other_chamber, on=on) == []
    # Once the first term has ended the person may move to the other chamber.
    assert memberships.membership_eligibility_problems(person=person, body=structure.parents, on=date(2029, 1, 1)) == []

    # One chair per body; each chamber has its own.
    chair = make_membership(body=structure.youth, role=Role.CHAIR, on=date(2026, 1, 1))
    make_membership(body=structure.parents, role=Role.CHAIR, on=date(2026, 1, 1))
    second = _candidate(structure.youth, display_name="Lotte")
    with pytest.raises(ValidationError) as info:
        memberships.membership_start_trial(membership=second, on=on, role=Role.CHAIR, actor=None)
    assert info.value.message_dict == {
        "role": [f"Jongerenraad already has a chair: {chair.person.display_name}. Change their role first."]
    }
    second = memberships.membership_start_trial(membership=second, on=on, role=Role.SECRETARY, actor=None)
    with pytest.raises(ValidationError, match="already has a chair"):
        memberships.membership_set_role(membership=second, role=Role.CHAIR, actor=None)
    memberships.membership_set_role(membership=chair, role=Role.VICE_CHAIR, actor=None, reason="swap")
    memberships.membership_set_role(membership=second, role=Role.CHAIR, actor=None, reason="swap")
    second.refresh_from_db()
    assert second.role == Role.CHAIR
    assert second.history.first().history_change_reason == "swap"
    with pytest.raises(ValidationError, match="Unknown role"):
        memberships.membership_set_role(membership=second, role="king", actor=None)
    # An ended chair frees the role.
    memberships.membership_end(membership=second, on=on, reason=EndReason.OWN_WISH, actor=None)
    memberships.membership_set_role(membership=chair, role=Role.CHAIR, actor=None)


@time_machine.travel(TODAY, tick=False)
def test_seats_per_chamber_from_the_regulation(structure: Structure) -> None:
    council_services.regulation_update(
        regulation=structure.regulation, data={"seats_per_chamber_max": 5}, actor=None, reason="small council"
    )
    for status in (Status.ACTIVE, Status.ACTIVE, Status.ACTIVE, Status.TRIAL, Status.TRIAL):
        make_membership(body=structure.youth, status=status, on=date(2026, 3, 1))
    make_membership(body=structure.youth, status=Status.CANDIDATE)  # candidates take no seat
    sixth = _candidate(structure.youth)
    with pytest.raises(ValidationError) as info:
        memberships.membership_start_trial(membership=sixth, on=date(2026, 8, 1), actor=None)
    assert info.value.messages == [
        "All 5 seats of Jongerenraad are taken. End a membership first, or change the regulation."
    ]
    # The other chamber has its own seats; a panel has no limit.
    memberships.membership_start_trial(membership=_candidate(structure.parents), on=date(2026, 8, 1), actor=None)
    for _ in range(6):
        make_membership(body=structure.panel, status=Status.TRIAL, on=date(2026, 8, 1))
    # A member who leaves frees a seat.
    leaving = Membership.objects.filter(body=structure.youth, status=Status.ACTIVE).first()
    assert leaving is not None
    memberships.membership_end(membership=leaving, on=date(2026, 8, 1), reason=EndReason.OWN_WISH, actor=None)
    memberships.membership_start_trial(membership=sixth, on=date(2026, 8, 1), actor=None)


@time_machine.travel(TODAY, tick=False)
def test_w_mem_10_leaving_always_possible(structure: Structure) -> None:
    supporter = make_user(username="supporter")
    candidate = _candidate(structure.youth)
    trial = make_membership(body=structure.youth, status=Status.TRIAL, on=date(2026, 7, 1))
    active = make_membership(body=structure.youth, on=date(2026, 1, 1))
    assert active.next_reminder_at is not None

    with pytest.raises(ValidationError, match="Only a candidate can end as not appointed"):
        memberships.membership_end(membership=active, on=date(2026, 8, 1), reason=EndReason.NOT_APPOINTED, actor=None)
    with pytest.raises(ValidationError, match="in advance"):
        memberships.membership_end(membership=active, on=date(2026, 8, 2), reason=EndReason.OWN_WISH, actor=None)
    with pytest.raises(ValidationError, match="before its trial period started"):
        memberships.membership_end(membership=trial, on=date(2026, 6, 30), reason=EndReason.OWN_WISH, actor=None)
    with pytest.raises(ValidationError, match="reason for leaving"):
        memberships.membership_end(membership=trial, on=date(2026, 8, 1), reason="bored", actor=None)

    memberships.membership_end(
        membership=candidate, on=date(2026, 8, 1), reason=EndReason.NOT_APPOINTED, actor=supporter
    )
    memberships.membership_end(membership=trial, on=date(2026, 7, 15), reason=EndReason.OWN_WISH, actor=supporter)
    memberships.membership_end(
        membership=active, on=date(2026, 8, 1), reason=EndReason.OWN_WISH, note="Verhuisd", actor=supporter
    )
    for membership in (candidate, trial, active):
        membership.refresh_from_db()
        assert membership.status == Status.ENDED
        assert membership.next_reminder_at is None
        assert membership.history.first().history_user == supporter
    assert (active.ended_on, active.end_reason, active.end_note) == (date(2026, 8, 1), EndReason.OWN_WISH, "Verhuisd")
    assert active.history.first().history_change_reason == "Verhuisd"
    assert candidate.history.first().history_change_reason == "Candidate not appointed"
    with pytest.raises(ValidationError, match="already ended"):
        memberships.membership_end(membership=active, on=date(2026, 8, 1), reason=EndReason.OWN_WISH, actor=None)
    with pytest.raises(ValidationError, match="Only a candidate can start"):
        memberships.membership_start_trial(membership=candidate, on=date(2026, 8, 1), actor=None)


@time_machine.travel(TODAY, tick=False)
def test_current_queryset_and_is_current_twin(structure: Structure) -> None:
    """Convention 3: Membership.objects.current(on=day) and membership.is_current(on=day) agree on the same data."""
    candidate = _candidate(structure.youth)
    future_trial = make_membership(body=structure.youth, status=Status.TRIAL, on=date(2026, 9, 1))
    trial = make_membership(body=structure.youth, status=Status.TRIAL, on=date(2026, 7, 1))
    active = make_membership(body=structure.parents, on=date(2023, 8, 1))  # term until 2026-08-01
    ended = make_membership(body=structure.panel, on=date(2026, 2, 1))
    memberships.membership_end(membership=ended, on=date(2026, 6, 1), reason=EndReason.OWN_WISH, actor=None)
    rows = list(Membership.objects.all())
    expected_by_day = {
        # A membership that ended since still answers for the days before it ended (W-BODY-5: the past stays
        # what it was); access is asked for today, when it has ended.
        date(2026, 5, 31): {active, ended},
        date(2026, 6, 1): {active},
        date(2026, 7, 1): {active, trial},
        date(2026, 7, 31): {active, trial},
        date(2026, 8, 1): {trial},  # the term ended on its end date
        date(2026, 9, 1): {trial, future_trial},
    }
    for day, expected in expected_by_day.items():
        current = set(Membership.objects.current(on=day))
        assert current == expected, day
        assert {row for row in rows if row.is_current(on=day)} == expected, day
    assert candidate not in set(Membership.objects.current(on=date(2026, 8, 1)))


def test_cast_members_are_active_members_of_their_chambers(cast: Cast) -> None:
    day = date(2026, 6, 1)
    member = Membership.objects.current(on=day).get(person__user=cast.member)
    other = Membership.objects.current(on=day).get(person__user=cast.other_member)
    assert (member.body, member.status, member.term_end) == (cast.chamber, Status.ACTIVE, date(2029, 1, 1))
    assert (other.body, other.status) == (cast.other_chamber, Status.ACTIVE)
    assert cast.member_person.memberships.get() == member
    assert not Membership.objects.current(on=day).filter(person__user=cast.outsider).exists()
