"""business_unit_merge (W-BODY-5): the source is archived into the target; history stays answerable."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from councils import services
from councils.models import Body, BusinessUnit, Representation
from tests.factories import make_body, make_business_unit, make_user

pytestmark = pytest.mark.django_db

START = date(2024, 1, 1)
MERGE = date(2025, 7, 1)


@pytest.fixture
def structure() -> dict[str, object]:
    council_a, council_b = make_body(name="Council A"), make_body(name="Council B")
    source, target = make_business_unit(name="Source"), make_business_unit(name="Target")
    services.representation_start(body=council_a, unit=source, on=START, actor=None, reason="start")
    services.representation_start(body=council_b, unit=target, on=START, actor=None, reason="start")
    return {"council_a": council_a, "council_b": council_b, "source": source, "target": target}


def test_w_body_5_merge_archives_source_ends_its_representations_and_keeps_targets(structure) -> None:
    admin = make_user(username="admin")
    source, target = structure["source"], structure["target"]
    merged = services.business_unit_merge(source=source, target=target, on=MERGE, actor=admin, reason="merger")

    merged.refresh_from_db()
    assert merged.merged_into == target
    assert merged.active is False
    assert merged.archived_at is not None
    assert BusinessUnit.objects.active().filter(pk=source.pk).exists() is False
    source_rep = Representation.objects.get(unit=source)
    assert source_rep.valid_to == MERGE
    target_rep = Representation.objects.get(unit=target)
    assert target_rep.valid_to is None

    # History: who acted and why, on the unit and the ended representation.
    assert merged.history.first().history_user == admin
    assert merged.history.first().history_change_reason == "merger"
    assert source_rep.history.first().history_change_reason == "merger"
    # The day before the merger the source was still represented; on the merger day no longer.
    assert list(Body.objects.representing(source, on=date(2025, 6, 30))) == [structure["council_a"]]
    assert not Body.objects.representing(source, on=MERGE).exists()


def test_w_body_5_merge_refuses_merging_into_itself(structure) -> None:
    source = structure["source"]
    with pytest.raises(ValidationError, match="itself"):
        services.business_unit_merge(source=source, target=source, on=MERGE, actor=None, reason="oops")
    source.refresh_from_db()
    assert source.active
    assert source.merged_into is None


def test_w_body_5_merge_refuses_an_archived_target_and_saves_nothing(structure) -> None:
    source, target = structure["source"], structure["target"]
    services.business_unit_close(unit=target, on=MERGE, actor=None, reason="closed")
    with pytest.raises(ValidationError, match="archived"):
        services.business_unit_merge(source=source, target=target, on=MERGE, actor=None, reason="merger")
    source.refresh_from_db()
    assert source.active
    assert source.merged_into is None
    assert Representation.objects.get(unit=source).valid_to is None
    assert source.history.count() == 1


def test_w_body_5_merge_refuses_when_a_representation_starts_after_the_day_and_rolls_back(structure) -> None:
    source, target = structure["source"], structure["target"]
    later = make_body(kind="panel", name="Later panel")
    services.representation_start(body=later, unit=source, on=date(2026, 1, 1), actor=None, reason="future")
    with pytest.raises(ValidationError):
        services.business_unit_merge(source=source, target=target, on=MERGE, actor=None, reason="merger")
    # The first representation was ended inside the transaction before the refusal: it must be rolled back.
    assert not Representation.objects.filter(unit=source, valid_to__isnull=False).exists()
    source.refresh_from_db()
    assert source.active
    assert source.merged_into is None


def test_merge_refuses_an_already_archived_source(structure) -> None:
    source, target = structure["source"], structure["target"]
    services.business_unit_close(unit=source, on=MERGE, actor=None, reason="closed")
    with pytest.raises(ValidationError, match="already archived"):
        services.business_unit_merge(source=source, target=target, on=MERGE, actor=None, reason="merger")
    source.refresh_from_db()
    assert source.merged_into is None
