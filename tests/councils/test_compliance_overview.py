"""The compliance overview (W-SCOPE-4, W-REG-1): for administrators and the board."""

from django.core.files.base import ContentFile
from django.urls import reverse

from councils import services
from councils.models import BodyKind
from councils.scope import ServiceKind
from tests.conftest import Cast
from tests.factories import make_body, make_business_unit

URL = reverse("councils:compliance_overview")


def test_w_scope_4_lists_units_without_a_council_or_with_only_a_panel(cast: Cast) -> None:
    lonely = make_business_unit(name="Lonely")
    panelled = make_business_unit(name="Panelled")
    panel = make_body(kind=BodyKind.PANEL)
    services.representation_start(body=panel, unit=panelled, on=lonely.created_at.date(), actor=None, reason="t")
    make_business_unit(name="Small", care_provider_count=3)
    make_business_unit(name="Household", services=[ServiceKind.HOUSEHOLD_HELP], care_provider_count=80)
    response = cast.client("board").get(URL)
    assert response.status_code == 200
    assert {row["unit"].name for row in response.context["rows"]} == {"Lonely", "Panelled"}


def test_w_reg_1_lists_councils_without_a_consented_regulation(cast: Cast) -> None:
    bare = make_body(kind=BodyKind.COUNCIL, name="Bare council")
    response = cast.client("administrator").get(URL)
    assert {c.name for c in response.context["councils"]} == {"Bare council", "Cast council"}
    document = services.regulation_document_add(
        regulation=cast.council.regulation,
        kind="regulation",
        file=ContentFile(b"%PDF-1.4 x", name="r.pdf"),
        actor=None,
        reason="t",
    )
    for status in ("consent_requested", "consent_granted"):
        document = services.regulation_document_set_consent(
            document=document, status=status, consent_date=bare.created_at.date(), actor=None, reason="t"
        )
    response = cast.client("administrator").get(URL)
    assert {c.name for c in response.context["councils"]} == {"Bare council"}


def test_only_board_and_administrators(cast: Cast) -> None:
    assert cast.client("supporter").get(URL).status_code == 403
    assert cast.client("outsider").get(URL).status_code == 403


def test_w_body_6_lists_councils_and_chambers_without_an_active_supporter(cast: Cast) -> None:
    response = cast.client("administrator").get(URL)
    # The cast's supporter supports the youth chamber only.
    assert {b.slug for b in response.context["unsupported"]} == {"cast-council", "cast-parents"}
    services.body_supporter_add(body=cast.council, user=cast.outsider, actor=None, reason="t")
    cast.outsider.is_active = False  # a deactivated supporter does not count
    cast.outsider.save(update_fields=["is_active"])
    response = cast.client("administrator").get(URL)
    assert {b.slug for b in response.context["unsupported"]} == {"cast-council", "cast-parents"}
