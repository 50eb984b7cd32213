"""Business-unit pages: list (filters, query count), detail (look-up by day), create, update, merge, move, close."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from councils import services
from councils.models import BodyKind, BusinessUnit
from councils.scope import ServiceKind
from tests.conftest import Cast
from tests.factories import make_body, make_business_unit

LIST = reverse("councils:business_unit_list")


def _unit_form(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Nieuwegein",
        "slug": "nieuwegein",
        "municipality": "Nieuwegein",
        "services": [ServiceKind.YOUTH_WORK, ServiceKind.WELFARE],
        "care_provider_count": 12,
        "reason": "New municipal contract",
    }
    data.update(overrides)
    return data


def test_list_shows_obligation_rule_and_representing_body(cast: Cast) -> None:
    household = make_business_unit(name="Household", services=[ServiceKind.HOUSEHOLD_HELP], care_provider_count=90)
    response = cast.client("board").get(LIST)
    assert response.status_code == 200
    rows = {row["unit"].slug: row for row in response.context["rows"]}
    assert rows[household.slug]["obligation"].required is False
    assert rows[household.slug]["obligation"].rule_id == "W-SCOPE-3"
    assert rows["cast-unit"]["obligation"].required is True
    assert [body.slug for body in rows["cast-unit"]["bodies"]] == ["cast-council"]
    assert rows[household.slug]["warning"] is None


def test_list_filters_by_status_and_kind(cast: Cast) -> None:
    make_business_unit(name="Welfare only", slug="welfare-only", services=[ServiceKind.WELFARE])
    closed = make_business_unit(name="Closed", slug="closed-unit")
    services.business_unit_close(unit=closed, on=timezone.localdate(), actor=None, reason="test")
    client = cast.client("administrator")

    def slugs(query: str) -> set[str]:
        return {row["unit"].slug for row in client.get(LIST + query).context["rows"]}

    assert slugs("") == {"cast-unit", "welfare-only"}
    assert slugs("?status=archived") == {"closed-unit"}
    assert slugs("?status=all") == {"cast-unit", "welfare-only", "closed-unit"}
    assert slugs("?service=welfare") == {"welfare-only"}
    assert slugs("?service=youth_care&status=all") == {"cast-unit", "closed-unit"}
    # A bad filter value is ignored (the form is invalid), never a 500.
    assert client.get(LIST + "?status=nonsense&service=nonsense").status_code == 200


@pytest.mark.parametrize("factor", [1, 20])
def test_list_runs_a_constant_number_of_queries(cast: Cast, factor: int, django_assert_num_queries: object) -> None:
    council = make_body(kind=BodyKind.COUNCIL)
    for _ in range(factor):
        unit = make_business_unit()
        services.representation_start(body=council, unit=unit, on=datetime.date(2025, 1, 1), actor=None, reason="t")
    client = cast.client("administrator")
    client.get(LIST)  # warm the session and caches
    # The same number at 1x and 20x data: per-request lookups (session, user, roles, grants, organisation), then
    # the configuration of the obligation check (thresholds, kinds of service: once per request, not per row), then
    # the count, the page of units and their representations with bodies.
    with django_assert_num_queries(13):  # type: ignore[operator]  # incl. the nav and the bodies the user may open
        assert client.get(LIST).status_code == 200


def test_detail_answers_who_represented_the_unit_on_a_day(cast: Cast) -> None:
    other = make_body(kind=BodyKind.COUNCIL, name="Other council")
    services.business_unit_move(unit=cast.unit, body=other, on=datetime.date(2026, 6, 1), actor=None, reason="t")
    url = reverse("councils:business_unit_detail", args=["cast-unit"])
    client = cast.client("supporter")
    assert [b["body"] for b in client.get(url + "?on=2026-05-31").context["asked_bodies"]] == [cast.council]
    assert [b["body"] for b in client.get(url + "?on=2026-06-01").context["asked_bodies"]] == [other]
    assert [b["body"] for b in client.get(url + "?on=2024-01-01").context["asked_bodies"]] == []
    assert client.get(url + "?on=not-a-date").status_code == 200


def test_administrator_creates_a_unit(cast: Cast) -> None:
    response = cast.client("administrator").post(reverse("councils:business_unit_create"), _unit_form())
    assert response.status_code == 302
    unit = BusinessUnit.objects.get(slug="nieuwegein")
    assert unit.services == [ServiceKind.YOUTH_WORK, ServiceKind.WELFARE]
    record = unit.history.first()
    assert record.history_user == cast.administrator
    assert record.history_change_reason == "New municipal contract"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"reason": ""}, "reason"),
        ({"slug": "naleving"}, "slug"),
        ({"slug": "cast-unit"}, "slug"),
        ({"care_provider_count": -1}, "care_provider_count"),
        ({"services": ["teleportation"]}, "services"),
    ],
)
def test_create_with_bad_input_re_renders_and_saves_nothing(
    cast: Cast, overrides: dict[str, object], field: str
) -> None:
    before = BusinessUnit.objects.count()
    response = cast.client("administrator").post(reverse("councils:business_unit_create"), _unit_form(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert BusinessUnit.objects.count() == before


def test_update_changes_the_obligation_inputs(cast: Cast) -> None:
    url = reverse("councils:business_unit_update", args=["cast-unit"])
    data = _unit_form(name="Cast unit", slug="cast-unit", care_provider_count=5, reason="Fewer staff")
    assert cast.client("administrator").post(url, data).status_code == 302
    cast.unit.refresh_from_db()
    assert cast.unit.care_provider_count == 5
    assert not cast.unit.council_obligation().required


def test_merge_through_the_page_archives_the_unit_and_keeps_history(cast: Cast) -> None:
    target = make_business_unit(name="Target")
    url = reverse("councils:business_unit_merge", args=["cast-unit"])
    today = timezone.localdate()
    response = cast.client("administrator").post(url, {"target": target.pk, "on": today, "reason": "Merged"})
    assert response.status_code == 302
    cast.unit.refresh_from_db()
    assert cast.unit.merged_into == target
    assert not cast.unit.active
    detail = cast.client("administrator").get(
        reverse("councils:business_unit_detail", args=["cast-unit"]) + f"?on={today - datetime.timedelta(days=365)}"
    )
    assert [b["body"] for b in detail.context["asked_bodies"]] == [cast.council]
    # An archived unit cannot be merged again: the page sends the administrator back with a message.
    assert cast.client("administrator").get(url).status_code == 302


def test_merge_into_itself_is_not_offered_and_refused(cast: Cast) -> None:
    url = reverse("councils:business_unit_merge", args=["cast-unit"])
    response = cast.client("administrator").post(url, {"target": cast.unit.pk, "on": "2026-01-01", "reason": "x"})
    assert response.status_code == 200
    assert "target" in response.context["form"].errors


def test_move_and_close_through_the_pages(cast: Cast) -> None:
    panel = make_body(kind=BodyKind.PANEL, name="Local panel")
    client = cast.client("administrator")
    move = reverse("councils:business_unit_move", args=["cast-unit"])
    assert client.post(move, {"body": panel.pk, "on": "2026-02-01", "reason": "Local panel"}).status_code == 302
    # Moving to a panel keeps the council (only a body of the same kind is replaced, W-BODY-2).
    today = datetime.date(2026, 3, 1)
    assert {b.slug for b in cast.council.__class__.objects.representing(cast.unit, on=today)} == {
        "cast-council",
        panel.slug,
    }
    close = reverse("councils:business_unit_close", args=["cast-unit"])
    assert client.post(close, {"on": "2026-04-01", "reason": "Contract ended"}).status_code == 302
    cast.unit.refresh_from_db()
    assert cast.unit.is_archived
    assert cast.unit.merged_into is None


@pytest.mark.parametrize("view", ["update", "merge", "move", "close"])
def test_structure_changes_are_for_administrators_only(cast: Cast, view: str) -> None:
    url = reverse(f"councils:business_unit_{view}", args=["cast-unit"])
    assert cast.client("board").post(url, {"reason": "x"}).status_code == 403
    assert cast.client("supporter").post(url, {"reason": "x"}).status_code == 403
    assert cast.client("outsider").post(url, {"reason": "x"}).status_code == 404
    assert Client().post(url, {"reason": "x"}).status_code == 302


def test_history_page_shows_who_and_why(cast: Cast) -> None:
    services.business_unit_update(
        unit=cast.unit, data={"care_provider_count": 30}, actor=cast.administrator, reason="Recount of staff"
    )
    response = cast.client("administrator").get(reverse("councils:business_unit_history", args=["cast-unit"]))
    entries = response.context["entries"]
    assert entries[0].reason == "Recount of staff"
    assert entries[0].who == cast.administrator.display_name
    assert any(old == "20" and new == "30" for _label, old, new in entries[0].changes)


def test_unit_pages_link_only_bodies_the_user_may_open(cast: Cast) -> None:
    """A supporter sees every unit, but a body of another council is named without a link (its page answers 404)."""
    other = make_body(name="Klantenraad Elders", slug="klantenraad-elders")
    unit = make_business_unit(name="Elders", slug="elders")
    services.representation_start(body=other, unit=unit, on=datetime.date(2025, 1, 1), actor=None, reason="Nieuwe raad")
    other_url = reverse("councils:body_detail", args=[other.slug])
    own_url = reverse("councils:body_detail", args=["cast-council"])
    supporter, administrator = cast.client("supporter"), cast.client("administrator")
    assert supporter.get(other_url).status_code == 404
    for url in (LIST, reverse("councils:business_unit_detail", args=[unit.slug])):
        page = supporter.get(url).content.decode()
        assert "Klantenraad Elders" in page
        assert f'href="{other_url}"' not in page
        assert f'href="{other_url}"' in administrator.get(url).content.decode()
    assert f'href="{own_url}"' in supporter.get(LIST).content.decode()
