"""business_unit_create: validation of the service kinds, history with actor and reason."""

import pytest
from django.core.exceptions import ValidationError

from councils import services
from councils.models import BusinessUnit
from councils.scope import ServiceKind
from tests.factories import make_business_unit, make_user

pytestmark = pytest.mark.django_db


def test_creates_an_active_unit_with_history() -> None:
    admin = make_user(username="admin")
    unit = services.business_unit_create(
        name="Kracht",
        slug="kracht",
        municipality="Den Haag",
        services=[ServiceKind.YOUTH_CARE, ServiceKind.WMO_SUPPORT],
        care_provider_count=40,
        actor=admin,
        reason="new municipal contract",
    )
    unit.refresh_from_db()
    assert unit.active
    assert not unit.is_archived
    assert unit.services == ["youth_care", "wmo_support"]
    record = unit.history.get()
    assert record.history_user == admin
    assert record.history_change_reason == "new municipal contract"


@pytest.mark.parametrize(
    "kinds", [["cleaning"], [ServiceKind.WELFARE, ServiceKind.WELFARE], "youth_care"], ids=["unknown", "twice", "str"]
)
def test_refuses_invalid_service_kinds_and_saves_nothing(kinds: object) -> None:
    with pytest.raises(ValidationError):
        make_business_unit(services=kinds)
    assert not BusinessUnit.objects.exists()


def test_refuses_a_negative_count_a_duplicate_slug_and_an_empty_reason() -> None:
    make_business_unit(slug="taken")
    with pytest.raises(ValidationError):
        make_business_unit(slug="taken")
    with pytest.raises(ValidationError):
        make_business_unit(care_provider_count=-1)
    with pytest.raises(ValidationError):
        make_business_unit(reason="  ")
    assert BusinessUnit.objects.count() == 1
