"""council_convert_to_panel (W-BODY-4): only with the council's consent; the same row, history kept."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from councils import services
from councils.models import Body, BodyConversion, BodyKind, Council, Panel, Representation
from tests.factories import make_body, make_business_unit, make_user

pytestmark = pytest.mark.django_db

ON = date(2025, 9, 1)
CONSENT = date(2025, 8, 15)


def consent_file() -> "ContentFile[bytes]":
    return ContentFile(b"%PDF-1.4 consent of the council", name="consent.pdf")


def test_w_body_4_conversion_with_consent_updates_the_same_row() -> None:
    admin = make_user(username="admin")
    council = make_body(name="Klantenraad HBH")
    unit = make_business_unit()
    services.representation_start(body=council, unit=unit, on=date(2024, 1, 1), actor=None, reason="start")
    services.regulation_create_for_council(council=council, actor=None, reason="regulation")

    panel = services.council_convert_to_panel(
        council=council, consent_date=CONSENT, consent_document=consent_file(), on=ON, actor=admin, reason="consent k"
    )

    assert panel.pk == council.pk
    panel.refresh_from_db()
    assert panel.kind == BodyKind.PANEL
    assert panel.statutory is False
    assert Panel.objects.filter(pk=council.pk).exists()
    assert not Council.objects.filter(pk=council.pk).exists()
    # Representations and the regulation stay with the body.
    assert Representation.objects.get(body=panel).valid_to is None
    assert Body.objects.get(pk=panel.pk).regulation is not None
    conversion = BodyConversion.objects.get(body=panel)
    assert conversion.consent_date == CONSENT
    assert conversion.converted_on == ON
    assert conversion.consent_document.read().startswith(b"%PDF")
    # History: the council's earlier state is still there, with actor and reason on the change.
    kinds = list(panel.history.order_by("history_date").values_list("kind", flat=True))
    assert kinds == [BodyKind.COUNCIL, BodyKind.PANEL]
    assert panel.history.first().history_user == admin
    assert panel.history.first().history_change_reason == "consent k"


def test_w_body_4_conversion_works_when_a_proxy_instance_is_passed_and_records_history() -> None:
    council = Council.objects.get(pk=make_body().pk)
    services.council_convert_to_panel(
        council=council, consent_date=CONSENT, consent_document=consent_file(), on=ON, actor=None, reason="consent"
    )
    assert Body.objects.get(pk=council.pk).history.count() == 2


@pytest.mark.parametrize(
    ("consent_date", "document", "message"),
    [
        (None, True, "date of its consent"),
        (CONSENT, False, "written consent"),
        (CONSENT, "empty", "written consent"),
        (date(2025, 9, 2), True, "before the conversion"),
    ],
    ids=["no-date", "no-document", "empty-document", "consent-after-conversion"],
)
def test_w_body_4_conversion_without_consent_is_refused(consent_date, document: bool | str, message: str) -> None:
    council = make_body()
    with pytest.raises(ValidationError, match=message):
        services.council_convert_to_panel(
            council=council,
            consent_date=consent_date,
            consent_document=(ContentFile(b"", name="empty.pdf") if document == "empty" else consent_file())
            if document
            else None,
            on=ON,
            actor=None,
            reason="convert",
        )
    council.refresh_from_db()
    assert council.kind == BodyKind.COUNCIL
    assert council.statutory is True
    assert not BodyConversion.objects.exists()
    assert council.history.count() == 1


def test_w_body_4_only_a_council_can_be_converted() -> None:
    panel = make_body(kind=BodyKind.PANEL)
    with pytest.raises(ValidationError, match="Only a client council"):
        services.council_convert_to_panel(
            council=panel, consent_date=CONSENT, consent_document=consent_file(), on=ON, actor=None, reason="r"
        )


def test_w_body_4_conversion_is_refused_while_chambers_are_active() -> None:
    council = make_body()
    services.chamber_create(council=council, name="Jongerenraad", slug="jr", actor=None, reason="split")
    with pytest.raises(ValidationError, match="Jongerenraad"):
        services.council_convert_to_panel(
            council=council, consent_date=CONSENT, consent_document=consent_file(), on=ON, actor=None, reason="r"
        )
    council.refresh_from_db()
    assert council.kind == BodyKind.COUNCIL
    assert not BodyConversion.objects.exists()
