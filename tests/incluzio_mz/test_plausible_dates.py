"""Issue 14 point 9: dates and texts that cannot be right are refused with a clear error on the field.

The shared window is in incluzio_mz.lib.dates (docs/ARCHITECTURE.md "Plausible dates")."""

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from advice.models import DecisionOutcome, RequestStatus
from advice.services import answers, decisions, requests
from councils import services as council_services
from councils.meetings import services as meeting_services
from councils.meetings.notices import meeting_notices_send
from councils.models import AgendaItemKind, MeetingKind, MeetingNotice, Representation
from incluzio_mz.lib.dates import birth_year_bounds, require_plausible_date
from members.models import Group, Status, Vacancy
from members.services import memberships, vacancies
from panels.services import activities
from tests.conftest import Cast
from tests.councils.meetings.conftest import hours_from_now
from tests.factories import make_advice_request, make_business_unit, make_meeting, make_membership, make_person


def _errors(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_require_plausible_date_names_the_window_in_dutch() -> None:
    with translation.override("nl"), pytest.raises(ValidationError) as excinfo:
        require_plausible_date(datetime.date(1900, 1, 1), field="held_on")
    (message,) = _errors(excinfo)["held_on"]
    assert message.startswith("Vul een datum in tussen 1 januari 2000 en ")
    with pytest.raises(ValidationError):
        require_plausible_date(datetime.date(2200, 1, 1), field="held_on")
    require_plausible_date(timezone.localdate(), field="held_on")  # today is fine


# --- meetings ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("year", [1900, 2200])
def test_w_ovl_1_meeting_in_an_implausible_year_is_refused_on_the_field(cast: Cast, year: int) -> None:
    starts = datetime.datetime(year, 3, 1, 19, tzinfo=datetime.UTC)
    with pytest.raises(ValidationError) as excinfo:
        meeting_services.meeting_create(
            body=cast.chamber,
            kind=MeetingKind.CHAMBER,
            title="Jongerenraad",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            actor=cast.supporter,
        )
    assert "starts_at" in _errors(excinfo)
    assert not cast.chamber.meetings.exists()


def test_w_ovl_1_meeting_moved_to_an_implausible_year_is_refused(cast: Cast) -> None:
    meeting = make_meeting(body=cast.chamber, title="Jongerenraad")
    later = meeting.starts_at.replace(year=2200)
    with pytest.raises(ValidationError) as excinfo:
        meeting_services.meeting_update(
            meeting=meeting, data={"starts_at": later, "ends_at": later + datetime.timedelta(hours=1)}, actor=None
        )
    assert set(_errors(excinfo)) == {"starts_at"}
    meeting.refresh_from_db()
    assert meeting.starts_at.year != 2200


def test_w_ovl_1_no_invitations_for_past_meeting(cast: Cast, mailoutbox: list[Any]) -> None:
    meeting = make_meeting(body=cast.chamber, title="Jongerenraad vorige week", starts_at=hours_from_now(-48))
    meeting_services.agenda_item_add(meeting=meeting, title="Opening", kind=AgendaItemKind.INFORMATION, actor=None)

    meeting = meeting_services.meeting_publish_agenda(meeting=meeting, actor=cast.supporter)

    assert meeting.pending_notice == MeetingNotice.NONE
    assert meeting_notices_send(now=timezone.now()) == 0
    assert mailoutbox == []


def test_w_ovl_1_no_invitation_goes_out_once_the_meeting_has_started(cast: Cast, mailoutbox: list[Any]) -> None:
    """An invitation still waiting when the meeting starts (the worker was down) is dropped, not sent late."""
    meeting = make_meeting(body=cast.chamber, title="Jongerenraad", starts_at=hours_from_now(2))
    meeting_services.agenda_item_add(meeting=meeting, title="Opening", kind=AgendaItemKind.INFORMATION, actor=None)
    meeting = meeting_services.meeting_publish_agenda(meeting=meeting, actor=cast.supporter)
    assert meeting.pending_notice == MeetingNotice.INVITATION

    assert meeting_notices_send(now=timezone.now() + datetime.timedelta(hours=3)) == 0

    assert mailoutbox == []
    meeting.refresh_from_db()
    assert meeting.pending_notice == MeetingNotice.NONE


def test_w_ovl_1_publishing_a_past_meeting_says_no_invitations_go_out(cast: Cast) -> None:
    meeting = make_meeting(body=cast.chamber, title="Jongerenraad vorige week", starts_at=hours_from_now(-48))
    meeting_services.agenda_item_add(meeting=meeting, title="Opening", kind=AgendaItemKind.INFORMATION, actor=None)

    client = cast.client("supporter")  # Dutch by default
    response = client.post(reverse("meetings:meeting_publish_agenda", kwargs={"uuid": meeting.uuid}), follow=True)
    assert response.status_code == 200
    assert "geen uitnodigingen" in response.content.decode()


# --- members ----------------------------------------------------------------------------------------------------


def test_w_mem_4_trial_cannot_start_before_candidate(cast: Cast) -> None:
    today = timezone.localdate()
    candidate = memberships.membership_register_candidate(
        person=make_person(display_name="Jip"), body=cast.chamber, suitability=[], on=today, actor=None
    )
    with translation.override("nl"), pytest.raises(ValidationError) as excinfo:
        memberships.membership_start_trial(membership=candidate, on=today - datetime.timedelta(days=1), actor=None)
    (message,) = _errors(excinfo)["on"]
    assert "kandidaat" in message
    assert "Jip" in message
    candidate.refresh_from_db()
    assert candidate.status == Status.CANDIDATE
    assert candidate.trial_start is None
    started = memberships.membership_start_trial(membership=candidate, on=today, actor=None)
    assert started.status == Status.TRIAL


def test_w_mem_4_trial_cannot_start_before_the_person_was_born(cast: Cast) -> None:
    person = make_person(display_name="Jip", birth_year=2015)
    candidate = memberships.membership_register_candidate(
        person=person, body=cast.chamber, suitability=[], on=datetime.date(2015, 6, 1), actor=None
    )
    with pytest.raises(ValidationError) as excinfo:
        memberships.membership_start_trial(membership=candidate, on=datetime.date(2014, 12, 31), actor=None)
    assert set(_errors(excinfo)) == {"on"}


@pytest.mark.parametrize("year", [1900, 2200])
def test_w_mem_4_trial_start_in_an_implausible_year_is_refused(cast: Cast, year: int) -> None:
    candidate = make_membership(body=cast.chamber, status=Status.CANDIDATE)
    with pytest.raises(ValidationError) as excinfo:
        memberships.membership_start_trial(membership=candidate, on=datetime.date(year, 1, 1), actor=None)
    assert set(_errors(excinfo)) == {"on"}


def test_w_mem_4_candidate_date_cannot_be_in_the_future_or_before_birth(cast: Cast) -> None:
    person = make_person(birth_year=2010)
    for day in (timezone.localdate() + datetime.timedelta(days=1), datetime.date(2009, 12, 31)):
        with pytest.raises(ValidationError) as excinfo:
            memberships.membership_register_candidate(
                person=person, body=cast.chamber, suitability=[], on=day, actor=None
            )
        assert set(_errors(excinfo)) == {"candidate_on"}
    assert not person.memberships.exists()


def test_w_mem_8_birth_year_plausible_on_the_public_form(cast: Cast) -> None:
    vacancy = vacancies.vacancy_publish(
        body=cast.chamber,
        title="Jongeren gezocht",
        text="Denk mee.",
        group=Group.YOUTH,
        closes_on=timezone.localdate() + datetime.timedelta(days=30),
        actor=None,
    )
    earliest, latest = birth_year_bounds()
    response = Client().post(
        reverse("public:vacancy_respond", args=[vacancy.body.slug, vacancy.uuid]),
        {"display_name": "Sanne", "email": "sanne@example.org", "group": Group.YOUTH, "birth_year": 1900},
    )
    assert response.status_code == 200
    (message,) = response.context["form"].errors["birth_year"]
    assert f"tussen {earliest} en {latest}" in message
    assert not vacancy.responses.exists()


def test_w_mem_7_vacancy_closing_date_at_most_a_year_ahead(cast: Cast) -> None:
    for closes_on in (datetime.date(2200, 1, 1), timezone.localdate() + datetime.timedelta(days=400)):
        with pytest.raises(ValidationError) as excinfo:
            vacancies.vacancy_publish(
                body=cast.chamber, title="Gezocht", text="Denk mee.", group=Group.YOUTH, closes_on=closes_on, actor=None
            )
        assert set(_errors(excinfo)) == {"closes_on"}
    assert not Vacancy.objects.exists()


# --- advice -----------------------------------------------------------------------------------------------------


def test_w_adv_2_planned_decision_not_before_request(cast: Cast) -> None:
    request = make_advice_request(
        council=cast.council, responsible=cast.board, planned_decision_on=datetime.date(2026, 3, 1)
    )
    with translation.override("nl"), pytest.raises(ValidationError) as excinfo:
        requests.request_submit(request=request, on=datetime.date(2026, 3, 2), actor=cast.board)
    (message,) = _errors(excinfo)["planned_decision_on"]
    assert "1 maart 2026" in message
    assert "2 maart 2026" in message
    request.refresh_from_db()
    assert request.status == RequestStatus.DRAFT


@pytest.mark.parametrize("year", [1900, 2200])
def test_w_adv_2_planned_decision_in_an_implausible_year_is_refused(cast: Cast, year: int) -> None:
    with pytest.raises(ValidationError) as excinfo:
        make_advice_request(council=cast.council, responsible=cast.board, planned_decision_on=datetime.date(year, 1, 1))
    assert set(_errors(excinfo)) == {"planned_decision_on"}


def test_w_adv_5_decision_date_and_effective_date_plausible(cast: Cast) -> None:
    received = timezone.localdate() - datetime.timedelta(days=20)
    request = make_advice_request(council=cast.council, responsible=cast.board, submitted_on=received)
    answers.request_respond(request=request, on=received + datetime.timedelta(days=5), advice="Doen.", actor=None)
    request.refresh_from_db()
    cases: list[tuple[datetime.date | None, datetime.date | None, str]] = [
        (received - datetime.timedelta(days=1), None, "decided_on"),
        (timezone.localdate() + datetime.timedelta(days=1), None, "decided_on"),
        (None, datetime.date(2200, 1, 1), "effective_on"),
    ]
    for on, effective_on, field in cases:
        with pytest.raises(ValidationError) as excinfo:
            decisions.request_decide(
                request=request,
                outcome=DecisionOutcome.FOLLOWS,
                text="We doen het.",
                on=on,
                effective_on=effective_on,
                actor=cast.board,
            )
        assert set(_errors(excinfo)) == {field}
    request.refresh_from_db()
    assert request.status == RequestStatus.ANSWERED


# --- texts ------------------------------------------------------------------------------------------------------


def test_text_over_limit_is_refused_with_limit(cast: Cast) -> None:
    """A text longer than its limit is refused with the limit in the message, never cut (form and service)."""
    vacancy = vacancies.vacancy_publish(
        body=cast.chamber,
        title="Jongeren gezocht",
        text="Denk mee.",
        group=Group.YOUTH,
        closes_on=timezone.localdate() + datetime.timedelta(days=30),
        actor=None,
    )
    address = reverse("public:vacancy_respond", args=[vacancy.body.slug, vacancy.uuid])
    page = Client().get(address).content.decode()
    assert "maxlength" not in page  # the browser would cut pasted text silently
    response = Client().post(
        address,
        {
            "display_name": "Sanne",
            "email": "sanne@example.org",
            "group": Group.YOUTH,
            "birth_year": timezone.localdate().year - 30,
            "message": "x" * 2001,
        },
    )
    assert response.status_code == 200
    (message,) = response.context["form"].errors["message"]
    assert "2000" in message
    assert "2001" in message
    assert not vacancy.responses.exists()

    # A service does not cut either: a structure change's reason over 300 characters is refused on the field.
    unit = make_business_unit(name="Kracht")
    with pytest.raises(ValidationError) as excinfo:
        council_services.representation_start(
            body=cast.council, unit=unit, on=timezone.localdate(), actor=None, reason="r" * 301
        )
    (message,) = _errors(excinfo)["reason"]
    assert "300" in message
    assert not Representation.objects.filter(unit=unit).exists()


def test_w_mem_4_candidate_since_is_entered_on_the_form_and_checked_on_the_field(cast: Cast) -> None:
    """A member entered afterwards: the supporter gives the day they became a candidate; a future day is refused."""
    client = cast.client("supporter")
    data = {
        "body": cast.chamber.pk,
        "display_name": "Noor",
        "birth_year": 2001,
        "group": "youth",
        "client_status": "current",
        "email": "noor@example.org",
    }
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(reverse("members:person_create"), {**data, "candidate_on": tomorrow.isoformat()})
    assert response.status_code == 200
    assert "toekomst" in response.context["form"].errors["candidate_on"][0]
    assert not cast.chamber.memberships.filter(person__display_name="Noor").exists()

    response = client.post(reverse("members:person_create"), {**data, "candidate_on": "2026-01-05"})
    assert response.status_code == 302
    membership = cast.chamber.memberships.get(person__display_name="Noor")
    assert membership.candidate_on == datetime.date(2026, 1, 5)
    started = memberships.membership_start_trial(membership=membership, on=datetime.date(2026, 2, 1), actor=None)
    assert started.trial_start == datetime.date(2026, 2, 1)


@pytest.mark.parametrize("year", [1900, 2200])
def test_w_pan_1_activity_in_an_implausible_year_is_refused(cast: Cast, year: int) -> None:
    with pytest.raises(ValidationError) as excinfo:
        activities.activity_create(
            body=cast.chamber, method="survey", title="Enquête", held_on=datetime.date(year, 5, 1), actor=None
        )
    assert set(_errors(excinfo)) == {"held_on"}


def test_w_ovl_1_minutes_not_approved_before_the_meeting(cast: Cast) -> None:
    meeting = make_meeting(body=cast.chamber, title="Jongerenraad vorige week", starts_at=hours_from_now(-48))
    meeting_services.agenda_item_add(meeting=meeting, title="Opening", kind=AgendaItemKind.INFORMATION, actor=None)
    meeting_services.meeting_publish_agenda(meeting=meeting, actor=None)
    meeting_services.meeting_mark_held(meeting=meeting, actor=None)
    minutes = meeting_services.minutes_share(
        minutes=meeting_services.minutes_save_draft(meeting=meeting, text="Besproken.", actor=None), actor=None
    )
    later = make_meeting(body=cast.chamber, title="Jongerenraad deze week", starts_at=hours_from_now(-1))
    day_before = timezone.localtime(meeting.starts_at).date() - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        meeting_services.minutes_approve(minutes=minutes, approved_on=day_before, at_meeting=later, actor=None)
    assert set(_errors(excinfo)) == {"approved_on"}
