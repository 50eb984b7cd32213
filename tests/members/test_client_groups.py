"""W-BODY-3: members are not only young people and parents. HBH and Hollands Kroon represent adult clients and
their representatives; a body's client groups follow from what it represents (its units' kinds of service)."""

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from councils import services as council_services
from councils.models import Body, BodyKind
from councils.scope import ServiceKind
from members.models import (
    ADULT_GROUPS,
    YOUTH_GROUPS,
    Group,
    Person,
    Vacancy,
    client_groups_for_services,
    client_groups_of,
)
from members.services import people, vacancies
from tests.conftest import Cast
from tests.factories import make_body, make_business_unit, make_membership, make_person

TODAY = datetime.date(2026, 1, 1)


@pytest.fixture(autouse=True)
def _empty_rate_limit_counts() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def _household_council(name: str = "Klantenraad HBH") -> Body:
    """A council like HBH's: it represents a household-help unit (adult clients)."""
    council = make_body(kind=BodyKind.COUNCIL, name=name)
    unit = make_business_unit(name="HBH", services=[ServiceKind.HOUSEHOLD_HELP], care_provider_count=180)
    council_services.representation_start(body=council, unit=unit, on=TODAY, actor=None, reason="t")
    return council


def _adult_vacancy(body: Body) -> Vacancy:
    return vacancies.vacancy_publish(
        body=body,
        title="Praat mee",
        text="Krijgt u huishoudelijke hulp?",
        group=Group.ADULT,
        closes_on=timezone.localdate() + datetime.timedelta(days=30),
        actor=None,
    )


def test_w_body_3_adult_client_groups(cast: Cast) -> None:
    assert set(Group.values) == {"youth", "parent", "adult", "representative"}
    # What a body represents follows from its units' kinds of service.
    assert client_groups_for_services([ServiceKind.HOUSEHOLD_HELP]) == list(ADULT_GROUPS)
    assert client_groups_for_services([ServiceKind.WMO_SUPPORT, ServiceKind.WELFARE]) == list(ADULT_GROUPS)
    assert client_groups_for_services([ServiceKind.YOUTH_CARE, ServiceKind.YOUTH_WORK]) == list(YOUTH_GROUPS)
    assert client_groups_for_services([ServiceKind.YOUTH_CARE, ServiceKind.WMO_SUPPORT]) == list(Group)
    assert client_groups_for_services([]) == list(Group)
    council = _household_council()
    assert client_groups_of(council, on=timezone.localdate()) == list(ADULT_GROUPS)
    assert client_groups_of(cast.chamber, on=timezone.localdate()) == list(YOUTH_GROUPS)  # via its council

    year = timezone.localdate().year
    client = people.person_create(display_name="Henk", birth_year=1951, group=Group.ADULT, actor=None)
    representative = people.person_create(display_name="Marja", birth_year=1972, group=Group.REPRESENTATIVE, actor=None)
    assert (client.get_group_display(), representative.get_group_display()) == (
        "Adult client",
        "Representative of an adult client",
    )
    # An adult client or representative is an adult: someone who cannot have turned 18 this year is refused.
    before = Person.objects.count()
    with pytest.raises(ValidationError) as error:
        people.person_create(display_name="Tim", birth_year=year - 17, group=Group.ADULT, actor=None)
    assert "group" in error.value.message_dict
    assert Person.objects.count() == before
    with pytest.raises(ValidationError):
        people.person_update(person=client, data={"birth_year": year - 10}, actor=None)
    client.refresh_from_db()
    assert client.birth_year == 1951
    # The person form offers all four groups, and the person page shows the group in words.
    form = cast.client("supporter").get(reverse("members:person_create")).context["form"]
    assert [value for value, _label in form.fields["group"].choices] == list(Group.values)


def test_w_body_3_representation_overview_groups_by_body(cast: Cast) -> None:
    council = _household_council()
    for name, group in (("Henk", Group.ADULT), ("Ans", Group.ADULT), ("Marja", Group.REPRESENTATIVE)):
        make_membership(body=council, person=make_person(display_name=name, group=group, birth_year=1960))
    response = cast.client("board").get(reverse("members:body_composition", args=[council.slug]))
    assert response.status_code == 200
    (section,) = response.context["sections"]
    assert section.groups == [("Adult client", 2), ("Representative of an adult client", 1)]
    page = response.content.decode()
    assert "Young person" not in page
    assert "Parent or carer" not in page
    # The youth chamber shows young people and parents, not the adult groups.
    response = cast.client("board").get(reverse("members:body_composition", args=[cast.chamber.slug]))
    (section,) = response.context["sections"]
    assert [label for label, _count in section.groups] == ["Young person", "Parent or carer"]
    # A member outside the body's groups is still counted (nobody disappears from the overview).
    make_membership(body=council, person=make_person(display_name="Sandra", group=Group.PARENT, birth_year=1984))
    response = cast.client("board").get(reverse("members:body_composition", args=[council.slug]))
    (section,) = response.context["sections"]
    assert dict(section.groups) == {"Parent or carer": 1, "Adult client": 2, "Representative of an adult client": 1}


def test_w_body_3_vacancy_offers_the_body_groups(cast: Cast) -> None:
    council = _household_council()
    vacancy = _adult_vacancy(council)
    url = reverse("public:vacancy_respond", args=[council.slug, vacancy.uuid])
    visitor = Client(headers={"accept-language": "en"})
    form = visitor.get(url).context["form"]
    assert [value for value, _label in form.fields["group"].choices] == list(ADULT_GROUPS)
    answers: dict[str, Any] = {
        "display_name": "Ans",
        "email": "ans@example.org",
        "phone": "",
        "group": Group.YOUTH,
        "birth_year": 1946,
        "message": "",
        "guardian_consent_by": "",
        "website": "",
    }
    before = Person.objects.count()
    response = visitor.post(url, answers)
    assert response.status_code == 200
    assert response.context["form"].errors["group"]
    assert Person.objects.count() == before
    response = visitor.post(url, {**answers, "group": Group.REPRESENTATIVE, "birth_year": 1970})
    assert response.status_code == 302
    assert Person.objects.get(display_name="Ans").group == Group.REPRESENTATIVE
    # The service refuses the same, whatever the form offered; and the supporters' form offers the body's groups.
    with pytest.raises(ValidationError):
        vacancies.vacancy_publish(
            body=council, title="t", text="t", group=Group.YOUTH, closes_on=timezone.localdate(), actor=None
        )
    form = cast.client("administrator").get(reverse("members:vacancy_create", args=[council.slug])).context["form"]
    assert [value for value, _label in form.fields["group"].choices] == list(ADULT_GROUPS)
    listing = visitor.get(reverse("public:vacancy_list", args=[council.slug])).content.decode()
    assert "For adult clients." in listing
