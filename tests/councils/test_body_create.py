"""body_create and chamber_create (W-BODY-1, W-BODY-2): structure rules and history."""

import pytest
from django.core.exceptions import ValidationError

from councils import services
from councils.models import Body, BodyKind
from tests.factories import make_body, make_user

pytestmark = pytest.mark.django_db


def test_w_body_1_chamber_belongs_to_its_council_with_history() -> None:
    admin = make_user(username="admin")
    council = make_body(name="Centrale klantenraad jeugd")
    chamber = services.chamber_create(council=council, name="Ouderraad", slug="ouderraad", actor=admin, reason="split")
    assert chamber.kind == BodyKind.CHAMBER
    assert chamber.parent == council
    assert chamber.history.get().history_user == admin
    assert chamber.history.get().history_change_reason == "split"


def test_w_body_1_chamber_only_under_a_council() -> None:
    panel = make_body(kind=BodyKind.PANEL)
    with pytest.raises(ValidationError, match="client council"):
        services.chamber_create(council=panel, name="Chamber", slug="c", actor=None, reason="r")
    with pytest.raises(ValidationError):
        make_body(kind=BodyKind.CHAMBER)
    assert not Body.objects.filter(kind=BodyKind.CHAMBER).exists()


def test_w_body_2_panels_are_informal_and_feed_only_a_council() -> None:
    panel = make_body(kind=BodyKind.PANEL)
    with pytest.raises(ValidationError):
        make_body(kind=BodyKind.PANEL, statutory=True)
    with pytest.raises(ValidationError):
        make_body(kind=BodyKind.PANEL, parent=panel)
    with pytest.raises(ValidationError):
        make_body(kind=BodyKind.COUNCIL, parent=make_body())
    with pytest.raises(ValidationError):
        make_body(kind="committee")
    assert Body.objects.count() == 2


def test_body_update_changes_descriptive_fields_with_history() -> None:
    body = make_body(name="Old name")
    services.body_update(body=body, data={"name": "New name", "kind": "panel"}, actor=None, reason="rename")
    body.refresh_from_db()
    assert body.name == "New name"
    assert body.kind == BodyKind.COUNCIL
    assert body.history.first().history_change_reason == "rename"
