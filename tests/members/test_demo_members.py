"""The demo members (issue 5 item 9), as the demo accounts see them."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from incluzio_mz.demo import load_demo_data
from members.models import Status
from tests.helpers import login_verified


@pytest.fixture
def demo(settings: Any, db: None) -> None:
    settings.DEMO_MODE = True
    load_demo_data()


def _client(username: str) -> Client:
    return login_verified(Client(), User.objects.get(username=username))


def test_supporter_sees_what_needs_attention(demo: None) -> None:
    jongeren = _client("ondersteuner-jongeren").get(reverse("members:person_list"))
    assert jongeren.context["counts"]["trial_soon"] == 1
    assert jongeren.context["counts"]["candidate"] == 1
    ouders = _client("ondersteuner-ouders").get(reverse("members:person_list"))
    assert ouders.context["counts"]["trial_overdue"] == 1
    names = {row["membership"].person.display_name for row in jongeren.context["rows"]}
    assert "Mika" in names
    assert "Robin" not in names  # the parents chamber is not theirs


def test_demo_members_see_their_own_membership_and_not_the_other_chamber(demo: None) -> None:
    mika = _client("lid-jongeren")
    page = mika.get(reverse("members:my_membership"))
    assert page.status_code == 200
    active = [row["membership"] for row in page.context["rows"] if row["membership"].status == Status.ACTIVE]
    assert [m.body.slug for m in active] == ["jongerenraad"]
    assert mika.get(reverse("members:body_composition", args=["ouderraad"])).status_code == 404
    assert mika.get(reverse("councils:body_detail", args=["ouderraad"])).status_code == 404
    assert mika.get(reverse("councils:body_detail", args=["jongerenraad"])).status_code == 200
    robin = _client("lid-ouders")
    assert robin.get(reverse("members:body_composition", args=["jongerenraad"])).status_code == 404


def test_each_chamber_has_an_open_vacancy(demo: None) -> None:
    for slug in ("jongerenraad", "ouderraad"):
        response = Client().get(reverse("public:vacancy_list", args=[slug]))
        assert response.status_code == 200
        assert len(response.context["vacancies"]) == 1


def test_w_body_3_hbh_and_hollands_kroon_have_adult_clients_and_representatives(demo: None) -> None:
    from members.models import Group, Membership

    for slug in ("klantenraad-hbh", "klantenraad-hollands-kroon"):
        groups = set(Membership.objects.filter(body__slug=slug).values_list("person__group", flat=True))
        assert {Group.ADULT, Group.REPRESENTATIVE} <= groups, slug
    page = _client("beheer").get(reverse("members:body_composition", args=["klantenraad-hbh"]))
    (section,) = page.context["sections"]
    assert [label for label, _count in section.groups] == ["Adult client", "Representative of an adult client"]
