"""Reads with time as an argument (W-BODY-5), the QuerySet and its model twin tested on the same data."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from councils import services
from councils.models import Body, BodyKind, BusinessUnit, Chamber, Council, Panel, Representation
from tests.factories import make_body, make_business_unit

pytestmark = pytest.mark.django_db

D2023 = date(2023, 1, 1)
D2024 = date(2024, 1, 1)
D2025 = date(2025, 1, 1)


@pytest.fixture
def history() -> dict[str, object]:
    """Unit X: council A from 2023, moved to council B in 2024. Unit Y: council A from 2023, merged into X in 2025."""
    a, b = make_body(name="A"), make_body(name="B")
    x, y = make_business_unit(name="X"), make_business_unit(name="Y")
    services.representation_start(body=a, unit=x, on=D2023, actor=None, reason="start")
    services.representation_start(body=a, unit=y, on=D2023, actor=None, reason="start")
    services.business_unit_move(unit=x, body=b, on=D2024, actor=None, reason="move")
    services.business_unit_merge(source=y, target=x, on=D2025, actor=None, reason="merge")
    return {"a": a, "b": b, "x": x, "y": y}


@pytest.mark.parametrize(
    ("unit", "day", "expected"),
    [
        ("x", date(2022, 12, 31), []),
        ("x", D2023, ["a"]),
        ("x", date(2023, 12, 31), ["a"]),
        ("x", D2024, ["b"]),
        ("x", date(2030, 1, 1), ["b"]),
        ("y", date(2024, 12, 31), ["a"]),
        ("y", D2025, []),
    ],
)
def test_w_body_5_which_body_represented_unit_on_a_past_day(history, unit: str, day: date, expected: list[str]) -> None:
    the_unit = history[unit]
    bodies = [history[name] for name in expected]
    # QuerySet
    assert list(Body.objects.representing(the_unit, on=day)) == bodies
    # Model twins on the same data
    twin = [body for body in Body.objects.all() if body.represents(the_unit, on=day)]
    assert twin == bodies
    assert [r.body for r in Representation.objects.filter(unit=the_unit) if r.is_current(on=day)] == bodies
    assert [r.body for r in Representation.objects.filter(unit=the_unit).on(day)] == bodies


@pytest.mark.parametrize(
    ("body", "day", "expected"),
    [("a", date(2023, 6, 1), ["x", "y"]), ("a", date(2024, 6, 1), ["y"]), ("a", D2025, []), ("b", D2025, ["x"])],
)
def test_w_body_5_which_units_a_body_represents_on_a_day(history, body: str, day: date, expected: list[str]) -> None:
    the_body = history[body]
    units = [history[name] for name in expected]
    assert list(BusinessUnit.objects.represented_by(the_body, on=day)) == units
    assert [u for u in BusinessUnit.objects.all() if the_body.represents(u, on=day)] == units


@time_machine.travel("2025-06-01 12:00 +02:00", tick=False)
def test_w_body_5_today_is_an_argument_too(history) -> None:
    today = timezone.localdate()
    assert list(BusinessUnit.objects.represented_by(history["b"], on=today)) == [history["x"]]
    assert list(BusinessUnit.objects.represented_by(history["b"], on=today - timedelta(days=365 * 2))) == []


def test_active_units_exclude_archived_ones(history) -> None:
    assert list(BusinessUnit.objects.active()) == [history["x"]]


def test_representation_queries_use_the_period_indexes() -> None:
    names = {index.name for index in Representation._meta.indexes}
    assert {"councils_repr_unit_period", "councils_repr_body_period"} <= names


def test_proxy_managers_return_one_kind_each() -> None:
    council = make_body(kind=BodyKind.COUNCIL)
    chamber = services.chamber_create(council=council, name="Jongerenraad", slug="jongerenraad", actor=None, reason="r")
    panel = make_body(kind=BodyKind.PANEL, parent=council)
    assert list(Council.objects.values_list("pk", flat=True)) == [council.pk]
    assert list(Chamber.objects.values_list("pk", flat=True)) == [chamber.pk]
    assert list(Panel.objects.values_list("pk", flat=True)) == [panel.pk]
    assert chamber.statutory is True
    assert panel.statutory is False
    assert council.statutory is True
    # The proxy managers keep the QuerySet methods.
    assert list(Council.objects.active().representing(make_business_unit(), on=D2025)) == []
