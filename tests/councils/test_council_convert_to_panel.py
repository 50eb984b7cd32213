"""council_convert_to_panel (W-BODY-4): only with the council's consent (a granted consent request on topic a or k,
or a standing ruling that replaces it or permits dissolution); the same row, history kept."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.roles import Role
from advice.models import ConsentAnswer, DisputeParty, DisputeSubject, RulingEffect
from advice.services import disputes as dispute_services
from councils import services
from councils.models import Body, BodyConversion, BodyKind, Council, Panel, Representation
from members.models import Membership
from tests.advice.dispute_helpers import ANSWERED_ON, TODAY, answered_consent, ruled_dispute
from tests.factories import make_body, make_business_unit, make_membership, make_user

pytestmark = pytest.mark.django_db

ON = TODAY


@pytest.fixture
def council() -> Body:
    council = make_body(name="Klantenraad HBH")
    services.regulation_create_for_council(council=council, actor=None, reason="regulation")
    return council


@pytest.fixture
def board():
    return make_user(username="bestuurder", roles=[Role.BOARD])


def _granted(council: Body, board, code: str = "CON-k"):
    return answered_consent(council=council, board=board, consent=ConsentAnswer.GRANTED, topic_code=code)


def test_w_body_4_conversion_with_consent_updates_the_same_row(council: Body, board) -> None:
    admin = make_user(username="admin")
    unit = make_business_unit()
    services.representation_start(body=council, unit=unit, on=datetime.date(2024, 1, 1), actor=None, reason="start")
    consent = _granted(council, board)

    panel = services.council_convert_to_panel(
        council=council, consent_request=consent, on=ON, actor=admin, reason="consent k"
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
    assert conversion.consent_request == consent
    assert conversion.ruling is None
    assert conversion.consent_date is None
    assert conversion.converted_on == ON
    # History: the council's earlier state is still there, with actor and reason on the change.
    kinds = list(panel.history.order_by("history_date").values_list("kind", flat=True))
    assert kinds == [BodyKind.COUNCIL, BodyKind.PANEL]
    assert panel.history.first().history_user == admin
    assert panel.history.first().history_change_reason == "consent k"


def test_w_body_4_conversion_works_when_a_proxy_instance_is_passed_and_records_history(council: Body, board) -> None:
    consent = _granted(council, board, "CON-a")
    proxy = Council.objects.get(pk=council.pk)
    services.council_convert_to_panel(council=proxy, consent_request=consent, on=ON, actor=None, reason="consent")
    assert Body.objects.get(pk=council.pk).history.count() == 2


def _refused(council: Body, board, code: str = "CON-k"):
    return answered_consent(council=council, board=board, consent=ConsentAnswer.REFUSED, topic_code=code)


def test_w_body_4_conversion_needs_granted_consent_on_topic_a_or_k(council: Body, board) -> None:
    other = make_body(name="Andere raad")
    refused_k = _refused(council, board)
    cases = {
        "nothing": {},
        "granted on another topic": {"consent_request": _granted(council, board, "CON-e")},
        "refused on topic k": {"consent_request": refused_k},
        "granted by another council": {"consent_request": _granted(other, board)},
        "ruling upholding the refusal": {
            "ruling": ruled_dispute(council=council, request=refused_k, effect=RulingEffect.UPHOLDS_REFUSAL)
        },
        "ruling replacing consent on another topic": {
            "ruling": ruled_dispute(
                council=council, request=_refused(council, board, "CON-e"), effect=RulingEffect.REPLACES_CONSENT
            )
        },
        "ruling on another council": {"ruling": ruled_dispute(council=other, effect=RulingEffect.PERMITS_DISSOLUTION)},
        "both": {
            "consent_request": _granted(council, board),
            "ruling": ruled_dispute(council=council, effect=RulingEffect.PERMITS_DISSOLUTION),
        },
    }
    for name, kwargs in cases.items():
        with pytest.raises(ValidationError):
            services.council_convert_to_panel(council=council, on=ON, actor=None, reason="convert", **kwargs)
        council.refresh_from_db()
        assert council.kind == BodyKind.COUNCIL, name
    assert not BodyConversion.objects.exists()
    assert council.history.count() == 1

    # Consent given after the conversion date does not count.
    consent = _granted(council, board, "CON-a")
    with pytest.raises(ValidationError, match="before the conversion"):
        services.council_convert_to_panel(
            council=council,
            consent_request=consent,
            on=ANSWERED_ON - datetime.timedelta(days=1),
            actor=None,
            reason="r",
        )
    services.council_convert_to_panel(council=council, consent_request=consent, on=ON, actor=None, reason="r")
    council.refresh_from_db()
    assert council.kind == BodyKind.PANEL


def test_w_body_4_a_replacing_ruling_on_topic_k_allows_the_conversion(council: Body, board) -> None:
    ruling = ruled_dispute(council=council, request=_refused(council, board), effect=RulingEffect.REPLACES_CONSENT)
    services.council_convert_to_panel(council=council, ruling=ruling, on=ON, actor=None, reason="ruling")
    assert BodyConversion.objects.get(body=council).ruling == ruling


def test_w_body_7_standing_ruling_permits_the_conversion(council: Body, board) -> None:
    overturned = ruled_dispute(council=council, effect=RulingEffect.PERMITS_DISSOLUTION)
    dispute_services.dispute_appeal_record(
        dispute=overturned, appealed_on=TODAY - datetime.timedelta(days=3), appealed_by=DisputeParty.COUNCIL, actor=None
    )
    dispute_services.dispute_appeal_decide(
        dispute=overturned, decided_on=TODAY, outcome="Vernietigd.", overturned=True, actor=None
    )
    with pytest.raises(ValidationError) as error:
        services.council_convert_to_panel(council=council, ruling=overturned, on=ON, actor=None, reason="r")
    assert "ruling" in error.value.message_dict
    permits = ruled_dispute(
        council=council, subject=DisputeSubject.DISSOLUTION, effect=RulingEffect.PERMITS_DISSOLUTION
    )
    services.council_convert_to_panel(council=council, ruling=permits, on=ON, actor=None, reason="structural failure")
    council.refresh_from_db()
    assert council.kind == BodyKind.PANEL


def test_w_body_4_only_a_council_can_be_converted() -> None:
    panel = make_body(kind=BodyKind.PANEL)
    with pytest.raises(ValidationError, match="Only a client council"):
        services.council_convert_to_panel(council=panel, on=ON, actor=None, reason="r")


def test_w_body_3_a_council_with_chambers_converts_and_its_chambers_end(council: Body, board) -> None:
    """Issue 14: a central council with chambers converts like any other; its chambers end on the conversion day
    and their members move into the panel, keeping trial and term."""
    consent = _granted(council, board)
    chamber = services.chamber_create(council=council, name="Jongerenraad", slug="jr", actor=None, reason="split")
    member = make_membership(body=chamber, on=datetime.date(2026, 1, 1))
    feeding = make_body(kind=BodyKind.PANEL, name="Panel Noord", parent=council)

    services.council_convert_to_panel(council=council, consent_request=consent, on=ON, actor=None, reason="r")

    council.refresh_from_db()
    chamber.refresh_from_db()
    feeding.refresh_from_db()
    assert council.kind == BodyKind.PANEL
    assert chamber.ended_on == ON
    assert not chamber.active
    assert chamber.kind_on(ON - datetime.timedelta(days=1)) == BodyKind.CHAMBER
    assert feeding.parent is None
    assert feeding.active
    member.refresh_from_db()
    assert member.status == "ended"
    assert member.ended_on == ON
    moved = Membership.objects.get(body=council, person=member.person)
    assert (moved.trial_start, moved.term_start, moved.term_end) == (
        member.trial_start,
        member.term_start,
        member.term_end,
    )
