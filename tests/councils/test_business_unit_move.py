"""business_unit_move and business_unit_close (W-BODY-5): end the current representation, open the new one."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from councils import services
from councils.models import BodyKind, BusinessUnit, Representation
from tests.factories import make_body, make_business_unit, make_user

pytestmark = pytest.mark.django_db

START = date(2024, 1, 1)
MOVE = date(2025, 3, 1)


def test_w_body_5_move_ends_the_current_council_and_keeps_the_panel() -> None:
    admin = make_user(username="admin")
    old, new = make_body(name="Old council"), make_body(name="New council")
    panel = make_body(kind=BodyKind.PANEL, name="Local panel")
    unit = make_business_unit()
    services.representation_start(body=old, unit=unit, on=START, actor=None, reason="start")
    services.representation_start(body=panel, unit=unit, on=START, actor=None, reason="start")

    created = services.business_unit_move(unit=unit, body=new, on=MOVE, actor=admin, reason="new contract")

    assert created.body == new
    assert created.valid_from == MOVE
    assert created.valid_to is None
    assert Representation.objects.get(body=old).valid_to == MOVE
    assert Representation.objects.get(body=panel).valid_to is None
    assert created.history.get().history_user == admin
    assert created.history.get().history_change_reason == "new contract"
    assert Representation.objects.get(body=old).history.first().history_change_reason == "new contract"


def test_w_body_5_move_refuses_the_same_body_and_changes_nothing() -> None:
    council = make_body()
    unit = make_business_unit()
    services.representation_start(body=council, unit=unit, on=START, actor=None, reason="start")
    with pytest.raises(ValidationError, match="already represents"):
        services.business_unit_move(unit=unit, body=council, on=MOVE, actor=None, reason="again")
    assert Representation.objects.get().valid_to is None


def test_w_body_5_move_refuses_an_inactive_body_a_chamber_or_an_archived_unit() -> None:
    old, new = make_body(), make_body()
    chamber = services.chamber_create(council=new, name="Chamber", slug="chamber", actor=None, reason="split")
    unit = make_business_unit()
    services.representation_start(body=old, unit=unit, on=START, actor=None, reason="start")
    with pytest.raises(ValidationError, match="chamber"):
        services.business_unit_move(unit=unit, body=chamber, on=MOVE, actor=None, reason="move")
    services.business_unit_close(unit=unit, on=MOVE, actor=None, reason="closed")
    with pytest.raises(ValidationError, match="archived"):
        services.business_unit_move(unit=unit, body=new, on=date(2025, 4, 1), actor=None, reason="move")
    assert Representation.objects.count() == 1


def test_w_body_5_close_ends_all_representations_and_archives() -> None:
    council, panel = make_body(), make_body(kind=BodyKind.PANEL)
    unit = make_business_unit()
    services.representation_start(body=council, unit=unit, on=START, actor=None, reason="start")
    services.representation_start(body=panel, unit=unit, on=START, actor=None, reason="start")
    services.business_unit_close(unit=unit, on=MOVE, actor=None, reason="contract ended")
    unit.refresh_from_db()
    assert not unit.active
    assert unit.is_archived
    assert unit.merged_into is None
    assert set(Representation.objects.values_list("valid_to", flat=True)) == {MOVE}
    assert BusinessUnit.objects.filter(pk=unit.pk).exists()  # never deleted
    with pytest.raises(ValidationError, match="already archived"):
        services.business_unit_close(unit=unit, on=MOVE, actor=None, reason="again")


def test_representation_start_refuses_an_overlap_and_a_missing_reason() -> None:
    council = make_body()
    unit = make_business_unit()
    services.representation_start(body=council, unit=unit, on=START, actor=None, reason="start")
    with pytest.raises(ValidationError, match="already represents"):
        services.representation_start(body=council, unit=unit, on=MOVE, actor=None, reason="twice")
    with pytest.raises(ValidationError, match="reason"):
        services.representation_start(body=make_body(), unit=unit, on=MOVE, actor=None, reason="")
    assert Representation.objects.count() == 1


def test_representation_end_before_start_is_refused_by_the_constraint() -> None:
    representation = Representation(body=make_body(), unit=make_business_unit(), valid_from=MOVE, valid_to=START)
    with pytest.raises(ValidationError, match="before the start"):
        representation.full_clean()
