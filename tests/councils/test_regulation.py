"""Regulation (W-REG-4 defaults and validation) and its versioned documents with consent status (W-REG-1, 3)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from councils import services
from councils.models import BodyKind, ConsentStatus, DisputeCommittee, Regulation, RegulationDocumentKind
from tests.factories import make_body, make_user

pytestmark = pytest.mark.django_db

REG = RegulationDocumentKind.REGULATION
HOUSE = RegulationDocumentKind.HOUSE_RULES


def a_file(text: str = "text") -> "ContentFile[bytes]":
    return ContentFile(text.encode(), name="regeling.pdf")


@pytest.fixture
def regulation() -> Regulation:
    return services.regulation_create_for_council(council=make_body(), actor=None, reason="new council")


def test_w_reg_4_defaults(regulation: Regulation) -> None:
    regulation.refresh_from_db()
    assert (regulation.seats_per_chamber_min, regulation.seats_per_chamber_max, regulation.quorum) == (5, 10, 3)
    assert (regulation.term_years, regulation.max_consecutive_terms, regulation.trial_months) == (3, 2, 3)
    assert regulation.advice_response_weeks == 6
    assert regulation.consent_response_weeks == 6
    assert regulation.unsolicited_response_weeks == 6
    assert regulation.reminder_days_before == [14, 3]
    assert regulation.joint_meetings_target == 8
    assert regulation.allowance_per_meeting == Decimal("0")
    assert regulation.former_clients_eligible is True  # W-MEM-2 default
    assert regulation.dispute_committee == DisputeCommittee.OWN


def test_w_reg_4_only_one_regulation_per_council_and_only_for_councils(regulation: Regulation) -> None:
    with pytest.raises(ValidationError, match="already has"):
        services.regulation_create_for_council(council=regulation.council, actor=None, reason="again")
    with pytest.raises(ValidationError, match="Only a client council"):
        services.regulation_create_for_council(council=make_body(kind=BodyKind.PANEL), actor=None, reason="r")
    assert Regulation.objects.count() == 1


def test_w_reg_4_update_with_history(regulation: Regulation) -> None:
    admin = make_user(username="admin")
    services.regulation_update(
        regulation=regulation,
        data={"joint_meetings_target": 10, "allowance_per_meeting": Decimal("25.00"), "reminder_days_before": [7]},
        actor=admin,
        reason="council meeting 12",
    )
    regulation.refresh_from_db()
    assert regulation.joint_meetings_target == 10
    assert regulation.reminder_days_before == [7]
    assert regulation.history.first().history_user == admin
    assert regulation.history.first().history_change_reason == "council meeting 12"


@pytest.mark.parametrize(
    "data",
    [
        {"joint_meetings_target": 7},
        {"joint_meetings_target": 11},
        {"seats_per_chamber_min": 8, "seats_per_chamber_max": 6},
        {"quorum": 6},
        {"reminder_days_before": [0]},
        {"reminder_days_before": "14"},
        {"allowance_per_meeting": Decimal("-1")},
        {"term_years": 0},
        {"no_such_field": 1},
    ],
)
def test_w_reg_4_invalid_parameters_are_refused_and_nothing_changes(regulation: Regulation, data) -> None:
    with pytest.raises(ValidationError):
        services.regulation_update(regulation=regulation, data=data, actor=None, reason="try")
    fresh = Regulation.objects.get(pk=regulation.pk)
    assert (fresh.joint_meetings_target, fresh.seats_per_chamber_min, fresh.quorum) == (8, 5, 3)
    assert fresh.reminder_days_before == [14, 3]
    assert fresh.history.count() == 1


def test_w_reg_1_documents_are_versioned_per_kind(regulation: Regulation) -> None:
    first = services.regulation_document_add(regulation=regulation, kind=REG, file=a_file(), actor=None, reason="v1")
    second = services.regulation_document_add(regulation=regulation, kind=REG, file=a_file(), actor=None, reason="v2")
    assert (first.version, second.version) == (1, 2)
    assert first.consent_status == ConsentStatus.DRAFT
    assert str(first.file.name).startswith("regulations/")


def test_w_reg_1_current_document_is_the_latest_with_consent_granted(regulation: Regulation) -> None:
    def add_and_decide(status: str | None) -> object:
        document = services.regulation_document_add(
            regulation=regulation, kind=REG, file=a_file(), actor=None, reason="new version"
        )
        if status:
            services.regulation_document_set_consent(
                document=document, status=ConsentStatus.CONSENT_REQUESTED, consent_date=None, actor=None, reason="ask"
            )
            document = services.regulation_document_set_consent(
                document=document, status=status, consent_date=date(2025, 5, 1), actor=None, reason="decided"
            )
        return document

    assert regulation.current_document(REG) is None
    v1 = add_and_decide(ConsentStatus.GRANTED)
    add_and_decide(ConsentStatus.REFUSED)  # v2 refused: v1 stays current
    add_and_decide(None)  # v3 draft
    assert regulation.current_document(REG) == v1
    v4 = add_and_decide(ConsentStatus.GRANTED)
    assert regulation.current_document(REG) == v4
    assert regulation.current_document(HOUSE) is None


def test_w_reg_1_consent_steps_are_enforced_and_refusals_save_nothing(regulation: Regulation) -> None:
    document = services.regulation_document_add(regulation=regulation, kind=REG, file=a_file(), actor=None, reason="v1")
    with pytest.raises(ValidationError):  # draft cannot be granted without being requested
        services.regulation_document_set_consent(
            document=document, status=ConsentStatus.GRANTED, consent_date=date(2025, 5, 1), actor=None, reason="r"
        )
    services.regulation_document_set_consent(
        document=document, status=ConsentStatus.CONSENT_REQUESTED, consent_date=None, actor=None, reason="ask"
    )
    with pytest.raises(ValidationError, match="needs a date"):
        services.regulation_document_set_consent(
            document=document, status=ConsentStatus.GRANTED, consent_date=None, actor=None, reason="r"
        )
    document.refresh_from_db()
    assert document.consent_status == ConsentStatus.CONSENT_REQUESTED
    assert document.consent_date is None
    services.regulation_document_set_consent(
        document=document, status=ConsentStatus.GRANTED, consent_date=date(2025, 5, 1), actor=None, reason="ok"
    )
    with pytest.raises(ValidationError):  # a decided version is final
        services.regulation_document_set_consent(
            document=document, status=ConsentStatus.REFUSED, consent_date=date(2025, 6, 1), actor=None, reason="r"
        )
    document.refresh_from_db()
    assert document.consent_status == ConsentStatus.GRANTED
    assert document.history.first().history_change_reason == "ok"


def test_w_reg_1_document_needs_a_file_and_a_known_kind(regulation: Regulation) -> None:
    with pytest.raises(ValidationError):
        services.regulation_document_add(regulation=regulation, kind="minutes", file=a_file(), actor=None, reason="r")
    with pytest.raises(ValidationError):
        services.regulation_document_add(
            regulation=regulation, kind=REG, file=ContentFile(b"", name="x.pdf"), actor=None, reason="r"
        )
    assert not regulation.documents.exists()


def test_w_reg_3_house_rules_are_not_a_regulation_document(regulation: Regulation) -> None:
    """The council adopts its own house rules (councils.services.house_rules_adopt, tests/councils/test_house_rules.py);
    they are no longer a document an administrator adds and "consents" to."""
    with pytest.raises(ValidationError, match="adopts its own house rules"):
        services.regulation_document_add(regulation=regulation, kind=HOUSE, file=a_file(), actor=None, reason="hr")
    assert not regulation.documents.exists()
    assert regulation.current_document(HOUSE) is None
