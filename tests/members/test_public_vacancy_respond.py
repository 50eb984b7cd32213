"""The public response form /openbaar/<slug>/vacatures/<uuid>/reageren/ and its thank-you page (W-MEM-7, W-MEM-8).

A response becomes a candidate membership of the vacancy's body; someone who may be under 16 needs a parent or
carer named in the form, or nothing is stored; the honeypot and the rate limit (DESIGN.md §7) store nothing either.
"""

import datetime
from collections.abc import Iterator
from typing import Any

import html5lib
import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from councils.models import Body
from members.models import CONSENT_AGE, Group, Membership, Person, Status, Vacancy
from members.public_views import PUBLIC_FORM_RATE
from members.services import vacancies
from tests.conftest import Cast

LIMIT = int(PUBLIC_FORM_RATE.split("/")[0])


@pytest.fixture(autouse=True)
def _empty_rate_limit_counts() -> Iterator[None]:
    """Rate-limit counts live in the shared cache: every test starts and ends without any."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def vacancy(cast: Cast) -> Vacancy:
    return vacancies.vacancy_publish(
        body=cast.chamber,
        title="Jongeren gezocht",
        text="Denk mee over de jeugdhulp.",
        group=Group.YOUTH,
        closes_on=timezone.localdate() + datetime.timedelta(days=30),
        actor=None,
    )


def english(address: str = "127.0.0.1") -> Client:
    return Client(headers={"accept-language": "en"}, REMOTE_ADDR=address)


def url(vacancy: Vacancy) -> str:
    return reverse("public:vacancy_respond", args=[vacancy.body.slug, vacancy.uuid])


def thanks(body: Body) -> str:
    return reverse("public:vacancy_thanks", args=[body.slug])


def new_people(cast: Cast) -> Any:
    """The people stored besides the cast's own members."""
    return Person.objects.exclude(pk__in=[cast.member_person.pk, cast.other_member_person.pk])


def responses() -> Any:
    return Membership.objects.filter(vacancy__isnull=False)


def adult_year() -> int:
    return timezone.localdate().year - 25


def minor_year() -> int:
    return timezone.localdate().year - 14


def answers(**overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "display_name": "Sanne",
        "email": "sanne@example.org",
        "phone": "",
        "group": Group.YOUTH,
        "birth_year": adult_year(),
        "message": "Ik wil graag meedenken.",
        "guardian_consent_by": "",
        "website": "",
    }
    values.update(overrides)
    return values


def test_form_is_public_and_starts_with_the_vacancy_group(cast: Cast, vacancy: Vacancy) -> None:
    response = english().get(url(vacancy))
    assert response.status_code == 200
    assert response.context["form"].initial["group"] == Group.YOUTH
    assert "Jongeren gezocht" in response.text
    assert f"born in {timezone.localdate().year - CONSENT_AGE} or later" in response.text


def test_response_becomes_a_candidate_with_the_vacancy_and_the_text(cast: Cast, vacancy: Vacancy) -> None:
    response = english().post(url(vacancy), answers(phone="06 12345678"))

    assert response.status_code == 302
    assert response["Location"] == thanks(cast.chamber)
    membership = responses().select_related("person").get()
    assert membership.body == cast.chamber
    assert membership.status == Status.CANDIDATE
    assert membership.vacancy == vacancy
    assert membership.application_text == "Ik wil graag meedenken."
    person = membership.person
    assert (person.display_name, person.email, person.phone) == ("Sanne", "sanne@example.org", "06 12345678")
    assert (person.birth_year, person.group) == (adult_year(), Group.YOUTH)
    assert person.guardian_consent_on is None


def test_thank_you_page_promises_contact_within_two_weeks(cast: Cast, vacancy: Vacancy) -> None:
    response = english().post(url(vacancy), answers(), follow=True)
    assert response.status_code == 200
    assert "We have received your response." in response.text
    assert "will contact you within two weeks" in response.text


def test_phone_alone_is_enough(cast: Cast, vacancy: Vacancy) -> None:
    english().post(url(vacancy), answers(email="", phone="0612345678"))
    assert new_people(cast).get().phone == "0612345678"


def test_without_email_and_phone_nothing_is_stored(cast: Cast, vacancy: Vacancy) -> None:
    response = english().post(url(vacancy), answers(email="", phone=""))
    assert response.status_code == 200
    assert "so that we can reach you" in response.text
    assert not new_people(cast).exists()


def test_under_16_without_a_parent_shows_the_error_keeps_the_answers_and_stores_nothing(
    cast: Cast, vacancy: Vacancy
) -> None:
    """W-MEM-8: no contact details of a possible under-16 without a parent's or carer's consent."""
    response = english().post(url(vacancy), answers(birth_year=minor_year(), message="Mijn eigen woorden."))

    assert response.status_code == 200
    form = response.context["form"]
    assert "guardian_consent_by" in form.errors
    assert "Fill in this form together with a parent or carer" in response.text
    assert 'aria-invalid="true"' in response.text
    # What was typed stays in the form.
    assert 'value="Sanne"' in response.text
    assert 'value="sanne@example.org"' in response.text
    assert "Mijn eigen woorden." in response.text
    assert not new_people(cast).exists()
    assert not responses().exists()


def test_under_16_with_a_parent_records_the_consent(cast: Cast, vacancy: Vacancy) -> None:
    """W-MEM-8: the parent or carer named in the form is the recorded consent, given today."""
    response = english().post(url(vacancy), answers(birth_year=minor_year(), guardian_consent_by="Mijn moeder, Anna"))
    assert response.status_code == 302
    person = new_people(cast).get()
    assert person.guardian_consent_by == "Mijn moeder, Anna"
    assert person.guardian_consent_on == timezone.localdate()
    assert person.email == "sanne@example.org"


def test_a_parent_responding_for_the_parents_chamber(cast: Cast) -> None:
    parents = vacancies.vacancy_publish(
        body=cast.other_chamber,
        title="Ouders gezocht",
        text="Denk mee.",
        group=Group.PARENT,
        closes_on=timezone.localdate(),
        actor=None,
    )
    english().post(url(parents), answers(group=Group.PARENT, birth_year=1985))
    membership = responses().get()
    assert (membership.body, membership.person.group) == (cast.other_chamber, Group.PARENT)


def test_birth_year_in_the_future_is_refused(cast: Cast, vacancy: Vacancy) -> None:
    response = english().post(url(vacancy), answers(birth_year=timezone.localdate().year + 1))
    assert "birth_year" in response.context["form"].errors
    assert not new_people(cast).exists()


def test_honeypot_shows_the_thank_you_page_and_stores_nothing(cast: Cast, vacancy: Vacancy) -> None:
    response = english().post(url(vacancy), answers(website="https://spam.example"))
    assert response.status_code == 302
    assert response["Location"] == thanks(cast.chamber)
    assert not new_people(cast).exists()
    assert not responses().exists()


def test_honeypot_is_hidden_from_people_and_assistive_technology(cast: Cast, vacancy: Vacancy) -> None:
    text = english().get(url(vacancy)).text
    assert '<div class="portal-honeypot" hidden aria-hidden="true">' in text
    assert '<label for="id_website">' in text
    assert 'tabindex="-1"' in text
    assert "style=" not in text


def test_rate_limit_refuses_with_429_and_stores_nothing(cast: Cast, vacancy: Vacancy) -> None:
    client = english("192.0.2.10")
    for n in range(LIMIT):
        assert client.post(url(vacancy), answers(display_name=f"Persoon {n}")).status_code == 302
    assert new_people(cast).count() == LIMIT

    refused = client.post(url(vacancy), answers(display_name="One too many"))

    assert refused.status_code == 429
    assert "Please try again in an hour." in refused.text
    assert new_people(cast).count() == LIMIT
    assert not new_people(cast).filter(display_name="One too many").exists()
    # Reading the form is not counted; another address is not limited.
    assert client.get(url(vacancy)).status_code == 200
    assert english("192.0.2.11").post(url(vacancy), answers()).status_code == 302


def test_rate_limit_counts_every_post_also_the_honeypot_and_mistakes(cast: Cast, vacancy: Vacancy) -> None:
    client = english("192.0.2.20")
    for n in range(LIMIT):
        spam = answers(website="x") if n % 2 else answers(email="")
        client.post(url(vacancy), spam)
    assert client.post(url(vacancy), answers()).status_code == 429
    assert not new_people(cast).exists()


def test_closed_or_unknown_vacancy_is_404(cast: Cast, vacancy: Vacancy) -> None:
    other = vacancies.vacancy_publish(
        body=cast.other_chamber,
        title="Ouders gezocht",
        text="Denk mee.",
        group=Group.PARENT,
        closes_on=timezone.localdate(),
        actor=None,
    )
    # Another body's vacancy under this body's address.
    wrong_body = reverse("public:vacancy_respond", args=[cast.chamber.slug, other.uuid])
    assert english().get(wrong_body).status_code == 404
    vacancies.vacancy_close(vacancy=vacancy, actor=None)
    assert english().get(url(vacancy)).status_code == 404
    assert english().post(url(vacancy), answers()).status_code == 404
    assert not new_people(cast).exists()


def test_inactive_body_is_404(cast: Cast, vacancy: Vacancy) -> None:
    Body.objects.filter(pk=cast.chamber.pk).update(active=False)
    assert english().get(url(vacancy)).status_code == 404
    assert english().get(thanks(cast.chamber)).status_code == 404


def test_thank_you_page_for_an_unknown_body_is_404(db: None) -> None:
    assert english().get(reverse("public:vacancy_thanks", args=["does-not-exist"])).status_code == 404


def _assert_valid_html(content: bytes) -> None:
    parser = html5lib.HTMLParser(strict=True)
    parser.parse(content)  # raises ParseError on the first error
    assert parser.errors == []


@pytest.mark.parametrize("language", ["nl", "en"])
def test_pages_are_valid_html5(cast: Cast, vacancy: Vacancy, language: str) -> None:
    client = Client(headers={"accept-language": language}, REMOTE_ADDR="192.0.2.30")
    _assert_valid_html(client.get(url(vacancy)).content)
    with_errors = client.post(url(vacancy), answers(birth_year=minor_year(), email="", display_name=""))
    assert with_errors.status_code == 200
    _assert_valid_html(with_errors.content)
    _assert_valid_html(client.post(url(vacancy), answers(), follow=True).content)
    for _n in range(LIMIT):
        client.post(url(vacancy), answers(website="x"))
    limited = client.post(url(vacancy), answers())
    assert limited.status_code == 429
    _assert_valid_html(limited.content)
