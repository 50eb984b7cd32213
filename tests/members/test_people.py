"""members.services.people: registering people with the minimum (W-MEM-8), anonymising and retention (W-MEM-10)."""

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from members.models import EndReason, Group, Membership, Person, Status
from members.services import memberships, people
from tests.factories import make_body, make_membership, make_person, make_user

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def test_person_create_records_actor_and_reason() -> None:
    supporter = make_user(username="supporter")
    person = people.person_create(
        display_name=" Sanne ", birth_year=1990, group=Group.PARENT, email="sanne@example.org", actor=supporter,
        reason="intake",
    )  # fmt: skip
    person.refresh_from_db()
    assert person.display_name == "Sanne"
    row = person.history.get()
    assert (row.history_user, row.history_change_reason) == (supporter, "intake")
    # Contact details never enter the history tables (W-MEM-10).
    assert not hasattr(row, "email")
    assert not hasattr(row, "phone")


@time_machine.travel(datetime(2026, 6, 1, 12, tzinfo=AMSTERDAM), tick=False)
@time_machine.travel(datetime(2026, 6, 1, 12, tzinfo=AMSTERDAM), tick=False)
@pytest.mark.parametrize("birth_year", [1900, 1915, 2021, 2027])
def test_w_mem_8_birth_year_plausible(birth_year: int) -> None:
    """W-MEM-8 needs a real age: a member is 6 to 110 years old (incluzio_mz.lib.dates), so in 2026 born 1916-2020."""
    with pytest.raises(ValidationError) as info:
        make_person(birth_year=birth_year)
    assert info.value.message_dict == {"birth_year": ["Fill in a birth year between 1916 and 2020."]}
    assert make_person(birth_year=1916).birth_year == 1916
    assert make_person(birth_year=2020).birth_year == 2020


@time_machine.travel(datetime(2026, 6, 1, 12, tzinfo=AMSTERDAM), tick=False)
@pytest.mark.parametrize(("birth_year", "needs_consent"), [(2012, True), (2010, True), (2009, False)])
def test_w_mem_8_no_contact_details_without_parental_consent(birth_year: int, needs_consent: bool) -> None:
    """Born in 2010: 15 or 16 in 2026, so possibly under 16; born in 2009: at least 16 (docs/MEMBERS.md)."""
    if needs_consent:
        for contact in ({"email": "kid@example.org"}, {"phone": "0612345678"}):
            with pytest.raises(ValidationError) as info:
                make_person(birth_year=birth_year, **contact)
            assert info.value.message_dict["email"] == [
                "This person may be under 16. Record the consent of a parent or guardian before you store an "
                "e-mail address or phone number."
            ]
        assert not Person.objects.exists()
        # Without contact details the person can be registered; consent first, then the details.
        person = make_person(birth_year=birth_year)
        with pytest.raises(ValidationError, match="may be under 16"):
            people.person_update(person=person, data={"phone": "0612345678"}, actor=None)
        person.refresh_from_db()
        assert person.phone == ""
        people.person_record_guardian_consent(person=person, on=date(2026, 5, 30), by="moeder", actor=None)
        people.person_update(person=person, data={"phone": "0612345678"}, actor=None, reason="phone added")
        person.refresh_from_db()
        assert (person.phone, person.guardian_consent_on, person.guardian_consent_by) == (
            "0612345678",
            date(2026, 5, 30),
            "moeder",
        )
        assert person.history.first().history_change_reason == "phone added"
        # Consent given at registration works too.
        with_consent = make_person(
            birth_year=birth_year,
            email="kid@example.org",
            guardian_consent_on=date(2026, 6, 1),
            guardian_consent_by="vader",
        )
        assert with_consent.email == "kid@example.org"
    else:
        person = make_person(birth_year=birth_year, email="teen@example.org")
        assert person.email == "teen@example.org"


def test_w_mem_8_consent_needs_who_gave_it_and_no_future_date() -> None:
    person = make_person(birth_year=2015)
    with pytest.raises(ValidationError, match="Say who gave the consent"):
        people.person_record_guardian_consent(person=person, on=date(2026, 1, 1), by=" ", actor=None)
    with pytest.raises(ValidationError, match="future"):
        people.person_record_guardian_consent(person=person, on=date(2999, 1, 1), by="moeder", actor=None)
    with pytest.raises(ValidationError, match="Say who gave the consent"):
        make_person(birth_year=2015, guardian_consent_on=date(2026, 1, 1))


def test_person_update_refuses_unknown_fields() -> None:
    person = make_person()
    with pytest.raises(ValidationError, match="anonymised_at"):
        people.person_update(person=person, data={"anonymised_at": None}, actor=None)


@time_machine.travel(datetime(2026, 6, 1, 12, tzinfo=AMSTERDAM), tick=False)
def test_w_mem_10_leaving_always_possible_and_anonymising() -> None:
    """Anonymising on request: contact details and name go, also from the history; the memberships stay."""
    supporter = make_user(username="supporter")
    body = make_body()
    person = make_person(display_name="Mia de Vries", email="mia@example.org", phone="0612345678")
    people.person_update(person=person, data={"display_name": "Mia"}, actor=supporter, reason="shorter")
    membership = make_membership(body=body, person=person, on=date(2026, 1, 1))
    with pytest.raises(ValidationError, match="End it before anonymising"):
        people.person_anonymise(person=person, actor=supporter, reason="on request")
    memberships.membership_end(membership=membership, on=date(2026, 5, 1), reason=EndReason.OWN_WISH, actor=supporter)
    with pytest.raises(ValidationError, match="Give a reason"):
        people.person_anonymise(person=person, actor=supporter, reason=" ")

    people.person_anonymise(person=person, actor=supporter, reason="on request")

    person.refresh_from_db()
    pseudonym = f"Lid {person.uuid.hex[:6].upper()}"
    assert person.display_name == pseudonym
    assert (person.email, person.phone, person.guardian_consent_by, person.name_public) == ("", "", "", False)
    assert person.is_anonymised
    assert {row.display_name for row in person.history.all()} == {pseudonym}
    latest = person.history.first()
    assert (latest.history_user, latest.history_change_reason) == (supporter, "on request")
    # The membership and its history stay, pointing at the pseudonymous person.
    membership.refresh_from_db()
    assert membership.status == Status.ENDED
    assert membership.history.count() >= 4
    with pytest.raises(ValidationError, match="already been anonymised"):
        people.person_anonymise(person=person, actor=supporter, reason="again")
    with pytest.raises(ValidationError, match="anonymised"):
        people.person_update(person=person, data={"email": "x@example.org"}, actor=None)
    assert memberships.membership_eligibility_problems(person=person, body=make_body(), on=date(2026, 6, 1)) == [
        "This person has been anonymised."
    ]


def _left_on(day: date, *, person: Person | None = None) -> Membership:
    with time_machine.travel(datetime(day.year, day.month, day.day, 12, tzinfo=AMSTERDAM), tick=False):
        membership = make_membership(body=make_body(), person=person or make_person(email="x@example.org"), on=day)
        return memberships.membership_end(membership=membership, on=day, reason=EndReason.OWN_WISH, actor=None)


def test_w_mem_10_retention_sweep_after_the_configured_months(settings) -> None:
    long_gone = _left_on(date(2025, 1, 10)).person
    recent = _left_on(date(2025, 6, 1)).person
    still_member = _left_on(date(2024, 1, 1)).person
    make_membership(body=make_body(), person=still_member, on=date(2025, 1, 1))
    candidate = _left_on(date(2024, 1, 1)).person
    make_membership(body=make_body(), person=candidate, status=Status.CANDIDATE)
    never_member = make_person(email="n@example.org")

    now = datetime(2026, 1, 11, 3, tzinfo=AMSTERDAM)
    assert people.people_retention_sweep(now=now) == 1
    assert people.people_retention_sweep(now=now) == 0  # a second run finds nothing new

    for person in (long_gone, recent, still_member, candidate, never_member):
        person.refresh_from_db()
    assert long_gone.is_anonymised
    assert long_gone.email == ""
    assert long_gone.history.first().history_user is None
    assert long_gone.history.first().history_change_reason == "Retention period of 12 months passed"
    assert not any(p.is_anonymised for p in (recent, still_member, candidate, never_member))

    settings.MEMBER_RETENTION_MONTHS = 6
    assert people.people_retention_sweep(now=now) == 1
    recent.refresh_from_db()
    assert recent.is_anonymised


def test_w_mem_10_anonymising_removes_what_the_candidate_wrote() -> None:
    body = make_body()
    person = make_person(email="sam@example.org")
    membership = memberships.membership_register_candidate(
        person=person, body=body, suitability=[], application_text="Ik ben Sam en woon in Zeist.", actor=None
    )
    memberships.membership_end(membership=membership, on=date(2026, 1, 1), reason=EndReason.NOT_APPOINTED, actor=None)
    people.person_anonymise(person=person, actor=None, reason="on request")
    membership.refresh_from_db()
    assert membership.application_text == ""
    assert {row.application_text for row in membership.history.all()} == {""}


def test_person_account_invite_links_a_login_that_follows_the_membership(
    mailoutbox: list, django_capture_on_commit_callbacks: Any
) -> None:
    body = make_body()
    person = make_person(email="robin@example.org")
    make_membership(body=body, person=person, on=date(2026, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        people.person_account_invite(person=person, base_url="http://testserver/", actor=None)
    person.refresh_from_db()
    assert person.user is not None
    assert person.user.email == "robin@example.org"
    assert not person.user.has_usable_password()
    assert [message.to for message in mailoutbox] == [["robin@example.org"]]
    with pytest.raises(ValidationError, match="already has a login"):
        people.person_account_invite(person=person, base_url="http://testserver/", actor=None)
    without_email = make_person(phone="0612345678")
    with pytest.raises(ValidationError, match="e-mail address first"):
        people.person_account_invite(person=without_email, base_url="http://testserver/", actor=None)


@time_machine.travel(datetime(2026, 6, 1, 12, tzinfo=AMSTERDAM), tick=False)
def test_w_mem_8_minor_name_public_needs_consent() -> None:
    """W-MEM-8: the first name of someone who may be under 16 is published only with a parent's or guardian's
    consent, on registering and on editing; an adult's name may be published as before."""
    message = "This person may be under 16. Record the consent of a parent or guardian before you publish"
    with pytest.raises(ValidationError, match=message) as info:
        make_person(birth_year=2012, name_public=True)
    assert "name_public" in info.value.message_dict
    assert not Person.objects.filter(birth_year=2012).exists()

    minor = make_person(birth_year=2012)
    with pytest.raises(ValidationError, match=message):
        people.person_update(person=minor, data={"name_public": True}, actor=None)
    minor.refresh_from_db()
    assert minor.name_public is False
    # Lowering the birth year onto a published name is refused the same way.
    adult = make_person(birth_year=1990, name_public=True)
    with pytest.raises(ValidationError, match=message):
        people.person_update(person=adult, data={"birth_year": 2012}, actor=None)

    people.person_record_guardian_consent(person=minor, on=date(2026, 5, 30), by="moeder", actor=None)
    people.person_update(person=minor, data={"name_public": True}, actor=None)
    minor.refresh_from_db()
    assert minor.name_public is True
    with_consent = make_person(
        birth_year=2012, name_public=True, guardian_consent_on=date(2026, 6, 1), guardian_consent_by="vader"
    )
    assert with_consent.name_public is True
    assert adult.name_public is True
