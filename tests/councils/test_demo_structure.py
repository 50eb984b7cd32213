"""The demo structure (issue 4, "what it must show"), seen through the pages as the demo accounts see them."""

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from councils.models import Body, BodyKind
from incluzio_mz.demo import load_demo_data
from tests.helpers import login_verified, nl


@pytest.fixture
def demo(settings: Any, db: None) -> None:
    settings.DEMO_MODE = True
    # The pages as the demo shows them: in Dutch, the default language (tests/councils/conftest.py picks English).
    settings.LANGUAGE_CODE = "nl"
    load_demo_data()


def _client(username: str) -> Client:
    return login_verified(Client(), User.objects.get(username=username))


def _row(html: str, slug: str) -> str:
    match = re.search(rf'<tr class="utrecht-table__row" data-testid="unit-{slug}">(.*?)</tr>', html, re.S)
    assert match, f"no row for {slug}"
    return match.group(1)


def test_beheer_sees_ten_units_with_obligation_and_reason(demo: None) -> None:
    # The Dutch page, as the demo shows it.
    response = _client("beheer").get(reverse("councils:business_unit_list"))
    html = response.content.decode()
    assert len(response.context["rows"]) >= 10
    for row in response.context["rows"]:
        assert row["obligation"].rule_id.startswith("W-SCOPE-")
        assert str(row["obligation"].explanation)
    hbh, kracht = _row(html, "hbh"), _row(html, "kracht")
    assert nl("council not required") in hbh
    assert "W-SCOPE" not in hbh  # the rule in words, with the article (issue 14 point 10)
    assert "artikel 1 Wmcz 2018" in hbh
    assert "household help" not in hbh  # Dutch, not the source text
    assert nl("council required") in kracht
    assert nl("council not required") not in kracht
    assert "Centrale Klantenraad Jeugd" in kracht


def test_raden_shows_the_central_council_with_chambers_the_old_councils_and_panels(demo: None) -> None:
    response = _client("beheer").get(reverse("councils:body_list"))
    tree = {node["body"].slug: [child.slug for child in node["children"]] for node in response.context["tree"]}
    assert tree["centrale-klantenraad-jeugd"] == [
        "jongerenraad",
        "klantenpanel-kracht",
        "klantenpanel-tim-stichtse-vecht",
        "ouderraad",
    ]
    assert {"klantenraad-hbh", "klantenraad-hollands-kroon"} <= set(tree)
    html = response.content.decode()
    for name in ("Centrale Klantenraad Jeugd", "Jongerenraad", "Ouderraad", "Klantenraad HBH", "Klantenpanel Kracht"):
        assert name in html


def test_w_body_1_and_w_body_3_demo_structure(demo: None) -> None:
    central = Body.objects.get(slug="centrale-klantenraad-jeugd")
    assert central.statutory
    chambers = {body.slug for body in Body.objects.chambers().filter(parent=central)}
    assert chambers == {"jongerenraad", "ouderraad"}
    # W-BODY-3: the councils of HBH and Hollands Kroon continue as statutory councils (convertible later).
    for slug in ("klantenraad-hbh", "klantenraad-hollands-kroon"):
        assert Body.objects.get(slug=slug).kind == BodyKind.COUNCIL


def test_supporter_of_the_youth_chamber_edits_it_and_not_the_parents_chamber(demo: None) -> None:
    client = _client("ondersteuner-jongeren")
    assert client.get(reverse("councils:body_update", args=["jongerenraad"])).status_code == 200
    assert client.get(reverse("councils:body_update", args=["ouderraad"])).status_code == 403
    other = _client("ondersteuner-ouders")
    assert other.get(reverse("councils:body_update", args=["ouderraad"])).status_code == 200
    assert other.get(reverse("councils:body_update", args=["jongerenraad"])).status_code == 403
    # Members get their pages in the members issue; until then the body pages are not theirs.
    assert _client("lid-jongeren").get(reverse("councils:body_detail", args=["klantenraad-hbh"])).status_code == 404


def test_compliance_shows_what_the_demo_misses(demo: None) -> None:
    response = _client("bestuurder").get(reverse("councils:compliance_overview"))
    assert [council.slug for council in response.context["councils"]] == ["klantenraad-hollands-kroon"]
    assert not [row for row in response.context["rows"] if row["unit"].slug in {"kracht", "tim-stichtse-vecht"}]


def test_w_reg_1_and_w_reg_3_demo_regulation_and_house_rules(demo: None) -> None:
    """The central council's settings were set by an administrator (not consented yet) and a proposed change waits
    for its consent; the council adopted its own house rules, shown on its public page."""
    from councils.models import HouseRules

    central = Body.objects.get(slug="centrale-klantenraad-jeugd")
    regulation = central.regulation
    in_force, proposal = regulation.effective_version(), regulation.pending_proposal()
    assert in_force is not None
    assert proposal is not None
    assert in_force.consented is False
    assert proposal.values["joint_meetings_target"] == 10
    assert regulation.joint_meetings_target == 8  # the old value applies until the council consents
    rules = HouseRules.objects.get(council=central)
    assert rules.meeting.body == central
    compliance = _client("bestuurder").get(reverse("councils:compliance_overview"))
    assert central in compliance.context["unconsented"]
    public = Client().get(reverse("public:body_detail", args=[central.slug]))
    assert rules.wishes_inventory in public.content.decode()
    load_demo_data()  # idempotent: nothing added twice
    assert HouseRules.objects.filter(council=central).count() == 1
    assert regulation.parameter_versions.count() == 2


def test_w_body_6_central_council_has_its_own_supporter_who_plans_the_joint_meeting(demo: None) -> None:
    """The central council's own supporter (not a chamber's, not the administrator) plans its joint meeting."""
    from councils.services import body_supporters

    central = Body.objects.get(slug="centrale-klantenraad-jeugd")
    supporter = User.objects.get(username="ondersteuner-centraal")
    assert supporter in body_supporters(central)
    client = _client("ondersteuner-centraal")
    assert client.get(reverse("meetings:meeting_create", args=[central.slug])).status_code == 200
    response = client.post(
        reverse("meetings:meeting_create", args=[central.slug]),
        {
            "title": "Gezamenlijke vergadering met de bestuurder",
            "kind": "joint",
            "starts_at": "2030-03-04T19:00",
            "ends_at": "2030-03-04T21:00",
            "place": "Kantoor Utrecht",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = central.meetings.get(title="Gezamenlijke vergadering met de bestuurder")
    assert meeting.kind == "joint"
