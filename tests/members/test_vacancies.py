"""members.services.vacancies: publish, close, and the public response that becomes a candidate (W-MEM-7, W-MEM-8)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from councils import services as council_services
from councils.models import Body, BodyKind
from incluzio_mz.models import Notification
from members.models import Group, Membership, Person, Status, Vacancy
from members.services import vacancies
from tests.factories import make_body, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_today")]

TODAY = date(2026, 6, 1)


@pytest.fixture
def _today():
    with time_machine.travel(datetime(2026, 6, 1, 12, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=False):
        yield


@pytest.fixture
def body() -> Body:
    return make_body(name="Jongerenraad")


@pytest.fixture
def vacancy(body: Body) -> Vacancy:
    return vacancies.vacancy_publish(
        body=body,
        title="Word lid van de jongerenraad",
        text="Praat mee over de hulp.",
        group=Group.YOUTH,
        closes_on=date(2026, 7, 1),
        actor=None,
    )


def _respond(vacancy: Vacancy, **kwargs: object) -> Membership:
    values: dict[str, object] = {
        "display_name": "Daan",
        "birth_year": 2005,
        "group": Group.YOUTH,
        "email": "daan@example.org",
        "message": "Ik wil meedenken.",
        "today": TODAY,
    }
    values.update(kwargs)
    return vacancies.vacancy_respond(vacancy=vacancy, **values)  # type: ignore[arg-type]


def test_w_mem_7_vacancy_published_and_closed_with_history(body: Body) -> None:
    supporter = make_user(username="supporter")
    with pytest.raises(ValidationError) as info:
        vacancies.vacancy_publish(
            body=body, title="t", text="t", group=Group.YOUTH, closes_on=date(2026, 5, 31), actor=supporter
        )
    assert info.value.message_dict == {"closes_on": ["The closing date cannot be in the past."]}
    vacancy = vacancies.vacancy_publish(
        body=body, title="Lid", text="Tekst", group=Group.PARENT, closes_on=TODAY, actor=supporter
    )
    assert list(Vacancy.objects.open(on=TODAY)) == [vacancy]
    row = vacancy.history.get()
    assert (row.history_user, row.history_change_reason) == (supporter, "Vacancy published")
    vacancies.vacancy_close(vacancy=vacancy, actor=supporter)
    assert not Vacancy.objects.open(on=TODAY).exists()
    assert vacancy.history.first().history_change_reason == "Vacancy closed"
    with pytest.raises(ValidationError, match="already closed"):
        vacancies.vacancy_close(vacancy=vacancy, actor=supporter)


def test_w_mem_7_public_response_becomes_a_candidate(vacancy: Vacancy) -> None:
    membership = _respond(vacancy)
    membership.refresh_from_db()
    assert (membership.status, membership.body, membership.vacancy) == (Status.CANDIDATE, vacancy.body, vacancy)
    assert membership.application_text == "Ik wil meedenken."
    person = membership.person
    assert (person.display_name, person.email, person.guardian_consent_on) == ("Daan", "daan@example.org", None)
    assert person.history.get().history_user is None
    assert membership.history.get().history_user is None
    # A phone number alone is enough; no way to reach them at all is refused.
    assert _respond(vacancy, display_name="Sara", email="", phone="0612345678").person.phone == "0612345678"
    with pytest.raises(ValidationError) as info:
        _respond(vacancy, display_name="Anoniem", email=" ", phone="")
    assert info.value.message_dict == {"email": ["Give an e-mail address or a phone number, so that we can reach you."]}
    assert Person.objects.count() == 2


def test_w_mem_7_no_response_to_a_closed_vacancy(vacancy: Vacancy) -> None:
    with pytest.raises(ValidationError, match="This vacancy is closed"):
        _respond(vacancy, today=date(2026, 7, 2))
    vacancies.vacancy_close(vacancy=vacancy, actor=None)
    with pytest.raises(ValidationError, match="This vacancy is closed"):
        _respond(vacancy)
    assert not Person.objects.exists()


def test_w_mem_8_no_contact_details_without_parental_consent_in_a_response(vacancy: Vacancy) -> None:
    with pytest.raises(ValidationError) as info:
        _respond(vacancy, birth_year=2011)
    assert info.value.message_dict == {
        "guardian_consent_by": [
            "You may be younger than 16. Fill in this form together with a parent or carer, and write down who they "
            "are (for example: my mother)."
        ]
    }
    assert not Person.objects.exists()
    assert not Membership.objects.exists()
    membership = _respond(vacancy, birth_year=2011, guardian_consent_by=" mijn moeder ")
    person = membership.person
    assert (person.email, person.guardian_consent_on, person.guardian_consent_by) == (
        "daan@example.org",
        TODAY,
        "mijn moeder",
    )
    # An adult's answer in that field is not kept: it is no consent that anyone needs.
    adult = _respond(vacancy, display_name="Eva", birth_year=1990, guardian_consent_by="n.v.t.").person
    assert (adult.guardian_consent_on, adult.guardian_consent_by) == (None, "")


def test_w_mem_7_response_notifies_the_supporters_of_the_body_and_its_council() -> None:
    council = make_body(kind=BodyKind.COUNCIL)
    chamber = council_services.chamber_create(council=council, name="Ouderraad", slug="or", actor=None, reason="r")
    chamber_supporter, council_supporter, other = (make_user(username=name) for name in ("cs", "ks", "xx"))
    council_services.body_supporter_add(body=chamber, user=chamber_supporter, actor=None)
    council_services.body_supporter_add(body=council, user=council_supporter, actor=None)
    council_services.body_supporter_add(body=chamber, user=council_supporter, actor=None)  # once, not twice
    council_services.body_supporter_add(body=make_body(), user=other, actor=None)
    vacancy = vacancies.vacancy_publish(
        body=chamber, title="Ouder gezocht", text="t", group=Group.PARENT, closes_on=TODAY, actor=None
    )
    membership = _respond(vacancy, group=Group.PARENT)
    notifications = Notification.objects.order_by("recipient__username")
    assert [n.recipient for n in notifications] == [chamber_supporter, council_supporter]
    assert {n.kind for n in notifications} == {"vacancy_response"}
    assert {n.url for n in notifications} == {f"/leden/{membership.person.uuid}/"}
    assert "Daan" not in notifications[0].title  # the person is not named: notifications outlive anonymising
    assert "Ouder gezocht" in notifications[0].title
