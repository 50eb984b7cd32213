"""advice.services.disputes (W-DIS-1, W-CON-4, W-BODY-7)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from advice.models import (
    CommitteeAppointer,
    ConsentAnswer,
    DecisionOutcome,
    DisputeCommittee,
    DisputeParty,
    DisputeStatus,
    DisputeSubject,
    RequestKind,
    RequestStatus,
    RulingEffect,
)
from advice.services import decisions
from advice.services import disputes as services
from councils import services as council_services
from councils.models import Confidentiality
from incluzio_mz.models import Notification
from tests.advice.dispute_helpers import TODAY, answered_consent, ruled_dispute
from tests.factories import PDF_BYTES, make_advice_request

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _open(cast, **kwargs):
    values = {
        "council": cast.council,
        "subject": DisputeSubject.OTHER,
        "brought_by": DisputeParty.COUNCIL,
        "description": "Geen overleg over de vergaderruimte.",
        "opened_on": TODAY - 20 * DAY,
        "actor": cast.supporter,
    }
    values.update(kwargs)
    return services.dispute_open(**values)


def test_w_dis_1_committee_follows_the_regulation_and_either_side_opens(cast) -> None:
    # The council's side opens one: the board is told, the supporter who opened it is not.
    dispute = _open(cast)
    assert dispute.committee == DisputeCommittee.OWN
    assert dispute.status == DisputeStatus.OPEN
    assert dispute.created_by == cast.supporter
    notified = set(Notification.objects.filter(kind="dispute_opened").values_list("recipient__username", flat=True))
    assert notified == {cast.board.username}

    # The regulation now names the national committee: a new dispute goes there; the earlier one keeps its own.
    regulation = cast.council.regulation
    regulation.dispute_committee = DisputeCommittee.NATIONAL
    regulation.save()
    Notification.objects.all().delete()
    request = make_advice_request(council=cast.council, responsible=cast.board, submitted_on=TODAY - 40 * DAY)
    by_board = _open(
        cast, request=request, subject=DisputeSubject.ADVICE, brought_by=DisputeParty.BOARD, actor=cast.board
    )
    assert by_board.committee == DisputeCommittee.NATIONAL
    dispute.refresh_from_db()
    assert dispute.committee == DisputeCommittee.OWN
    # The board opened it: the council's supporters (of the council and its chambers) are told.
    notified = set(Notification.objects.filter(kind="dispute_opened").values_list("recipient__username", flat=True))
    assert notified == {cast.supporter.username}


def test_w_dis_1_dispute_about_a_request_needs_a_request_of_the_council_of_the_matching_kind(cast) -> None:
    advice = make_advice_request(council=cast.council, responsible=cast.board, submitted_on=TODAY - 40 * DAY)
    with pytest.raises(ValidationError) as error:
        _open(cast, subject=DisputeSubject.CONSENT)
    assert "request" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _open(cast, subject=DisputeSubject.CONSENT, request=advice)
    assert "Consent request" in error.value.message_dict["request"][0]
    other_council = council_services.body_create(
        kind="council", name="Andere raad", slug="andere-raad", actor=None, reason="test"
    )
    with pytest.raises(ValidationError, match="one of this council"):
        _open(cast, council=other_council, subject=DisputeSubject.ADVICE, request=advice)
    draft = make_advice_request(council=cast.council, responsible=cast.board)
    assert draft.status == RequestStatus.DRAFT
    with pytest.raises(ValidationError, match="draft"):
        _open(cast, subject=DisputeSubject.ADVICE, request=draft)
    with pytest.raises(ValidationError, match="future"):
        _open(cast, opened_on=TODAY + DAY)
    assert _open(cast, subject=DisputeSubject.ADVICE, request=advice).request == advice


def test_w_dis_1_own_committee_of_three(cast) -> None:
    dispute = _open(cast)
    with pytest.raises(ValidationError, match="first"):
        services.dispute_committee_member_add(
            dispute=dispute, name="Chair", appointed_by=CommitteeAppointer.MEMBERS, actor=None
        )
    with pytest.raises(ValidationError, match="own committee"):
        services.dispute_committee_member_add(
            dispute=dispute, name="X", appointed_by=CommitteeAppointer.NATIONAL, actor=None
        )
    services.dispute_committee_member_add(dispute=dispute, name="A", appointed_by=CommitteeAppointer.BOARD, actor=None)
    with pytest.raises(ValidationError, match="already has a member"):
        services.dispute_committee_member_add(
            dispute=dispute, name="B", appointed_by=CommitteeAppointer.BOARD, actor=None
        )
    services.dispute_committee_member_add(
        dispute=dispute, name="C", appointed_by=CommitteeAppointer.COUNCIL, actor=None
    )
    chair = services.dispute_committee_member_add(
        dispute=dispute, name="Chair", appointed_by=CommitteeAppointer.MEMBERS, actor=cast.board
    )
    assert chair.history.get().history_user == cast.board
    with pytest.raises(ValidationError, match="three members"):
        services.dispute_committee_member_add(
            dispute=dispute, name="D", appointed_by=CommitteeAppointer.COUNCIL, actor=None
        )
    assert dispute.committee_members.count() == 3


def test_w_dis_1_national_committee_members(cast) -> None:
    regulation = cast.council.regulation
    regulation.dispute_committee = DisputeCommittee.NATIONAL
    regulation.save()
    dispute = _open(cast)
    with pytest.raises(ValidationError, match="national committee hears"):
        services.dispute_committee_member_add(
            dispute=dispute, name="A", appointed_by=CommitteeAppointer.BOARD, actor=None
        )
    services.dispute_committee_member_add(
        dispute=dispute, name="LCvV", appointed_by=CommitteeAppointer.NATIONAL, actor=None
    )
    assert dispute.committee_members.get().name == "LCvV"


def test_w_dis_1_dossier_mediation_ruling_appeal(cast) -> None:
    dispute = _open(cast)
    link = services.dispute_document_add(
        dispute=dispute,
        title="Verzoekschrift",
        confidentiality=Confidentiality.BODY,
        file=ContentFile(PDF_BYTES, name="verzoek.pdf"),
        actor=cast.supporter,
    )
    assert link.document.body == cast.council
    assert link.document.versions.count() == 1

    with pytest.raises(ValidationError) as error:
        services.dispute_mediation_record(
            dispute=dispute, mediation_on=TODAY - 25 * DAY, outcome="x", settled=False, actor=None
        )
    assert "mediation_on" in error.value.message_dict
    dispute = services.dispute_mediation_record(
        dispute=dispute, mediation_on=TODAY - 15 * DAY, outcome="Geen overeenstemming.", settled=False, actor=None
    )
    assert dispute.status == DisputeStatus.MEDIATION
    # Effects must fit the subject: an "other" dispute cannot replace consent.
    with pytest.raises(ValidationError) as error:
        services.dispute_rule(
            dispute=dispute, ruled_on=TODAY - 10 * DAY, ruling="R", effect=RulingEffect.REPLACES_CONSENT, actor=None
        )
    assert "effect" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.dispute_rule(dispute=dispute, ruled_on=TODAY - 10 * DAY, ruling=" ", effect="other", actor=None)
    assert "ruling" in error.value.message_dict
    dispute = services.dispute_rule(
        dispute=dispute, ruled_on=TODAY - 10 * DAY, ruling="Ruimte beschikbaar stellen.", effect="other", actor=None
    )
    assert dispute.status == DisputeStatus.RULED
    with pytest.raises(ValidationError, match="still pending"):
        services.dispute_close(
            dispute=services.dispute_appeal_record(
                dispute=dispute, appealed_on=TODAY - 8 * DAY, appealed_by=DisputeParty.BOARD, actor=None
            ),
            closed_on=TODAY,
            actor=None,
        )
    dispute.refresh_from_db()
    assert dispute.status == DisputeStatus.APPEALED
    assert dispute.appealed_by == DisputeParty.BOARD
    dispute = services.dispute_appeal_decide(
        dispute=dispute, decided_on=TODAY - 2 * DAY, outcome="Bekrachtigd.", overturned=False, actor=None
    )
    with pytest.raises(ValidationError, match="already been recorded"):
        services.dispute_appeal_decide(dispute=dispute, decided_on=TODAY, outcome="x", overturned=True, actor=None)
    with pytest.raises(ValidationError, match="cannot be before"):
        services.dispute_close(dispute=dispute, closed_on=TODAY - 3 * DAY, actor=None)
    dispute = services.dispute_close(dispute=dispute, closed_on=TODAY, actor=cast.board)
    assert dispute.status == DisputeStatus.CLOSED
    assert dispute.history.first().history_user == cast.board
    with pytest.raises(ValidationError, match="closed"):
        services.dispute_committee_member_add(dispute=dispute, name="A", appointed_by="board", actor=None)


def test_w_dis_1_settled_through_mediation_gets_no_ruling(cast) -> None:
    dispute = _open(cast)
    dispute = services.dispute_mediation_record(
        dispute=dispute, mediation_on=TODAY - 5 * DAY, outcome="Eens geworden.", settled=True, actor=None
    )
    assert dispute.status == DisputeStatus.SETTLED
    with pytest.raises(ValidationError) as error:
        services.dispute_rule(dispute=dispute, ruled_on=TODAY, ruling="R", effect="other", actor=None)
    assert error.value.code == "status"
    assert services.dispute_close(dispute=dispute, closed_on=TODAY, actor=None).status == DisputeStatus.CLOSED


def test_w_con_4_replacing_ruling_unblocks_the_decision(cast) -> None:
    refused = answered_consent(council=cast.council, board=cast.board, consent=ConsentAnswer.REFUSED)
    with pytest.raises(ValidationError) as error:
        decisions.request_decide(request=refused, outcome=DecisionOutcome.FOLLOWS, text="Besluit.", actor=cast.board)
    assert error.value.code == "consent"

    # A ruling that upholds the refusal does not unblock; "permits dissolution" does not fit a consent dispute.
    upheld = ruled_dispute(council=cast.council, request=refused, effect=RulingEffect.UPHOLDS_REFUSAL)
    assert upheld.ruling_stands(RulingEffect.UPHOLDS_REFUSAL)
    assert not decisions.has_replacing_ruling(refused)
    with pytest.raises(ValidationError) as error:
        ruled_dispute(council=cast.council, request=refused, effect=RulingEffect.PERMITS_DISSOLUTION)
    assert "effect" in error.value.message_dict

    # A replacing ruling overturned on appeal does not count either.
    overturned = ruled_dispute(council=cast.council, request=refused, effect=RulingEffect.REPLACES_CONSENT)
    assert decisions.has_replacing_ruling(refused)
    services.dispute_appeal_record(
        dispute=overturned, appealed_on=TODAY - 4 * DAY, appealed_by=DisputeParty.COUNCIL, actor=None
    )
    assert decisions.has_replacing_ruling(refused)  # the ruling stands while the appeal is pending
    services.dispute_appeal_decide(
        dispute=overturned, decided_on=TODAY - DAY, outcome="Vernietigd.", overturned=True, actor=None
    )
    assert not decisions.has_replacing_ruling(refused)
    with pytest.raises(ValidationError) as error:
        decisions.request_decide(request=refused, outcome=DecisionOutcome.FOLLOWS, text="Besluit.", actor=cast.board)
    assert error.value.code == "consent"

    # A standing replacing ruling unblocks the decision.
    ruled_dispute(council=cast.council, request=refused, effect=RulingEffect.REPLACES_CONSENT)
    assert decisions.has_replacing_ruling(refused)
    decision = decisions.request_decide(
        request=refused, outcome=DecisionOutcome.FOLLOWS, text="Besluit.", reasons="De commissie oordeelde zo.",
        actor=cast.board,
    )  # fmt: skip
    assert decision.request.status == RequestStatus.DECIDED


def test_w_con_4_only_a_refusal_can_be_replaced(cast) -> None:
    granted = answered_consent(council=cast.council, board=cast.board, consent=ConsentAnswer.GRANTED)
    with pytest.raises(ValidationError, match="did not refuse"):
        ruled_dispute(council=cast.council, request=granted, effect=RulingEffect.REPLACES_CONSENT)
    waiting = make_advice_request(
        council=cast.council, responsible=cast.board, kind=RequestKind.CONSENT, submitted_on=TODAY - 10 * DAY
    )
    with pytest.raises(ValidationError, match="did not refuse"):
        ruled_dispute(council=cast.council, request=waiting, effect=RulingEffect.REPLACES_CONSENT)


def test_w_body_7_ruling_permits_dissolution(cast) -> None:
    # Only a dissolution dispute can permit dissolving; only while the ruling stands.
    with pytest.raises(ValidationError) as error:
        ruled_dispute(council=cast.council, subject=DisputeSubject.OTHER, effect=RulingEffect.PERMITS_DISSOLUTION)
    assert "effect" in error.value.message_dict
    refused = ruled_dispute(council=cast.council, effect=RulingEffect.REFUSES_DISSOLUTION)
    assert not services.conversion_rulings(cast.council).filter(pk=refused.pk).exists()
    permits = ruled_dispute(council=cast.council, effect=RulingEffect.PERMITS_DISSOLUTION)
    assert permits.ruling_stands(RulingEffect.PERMITS_DISSOLUTION)
    assert list(services.conversion_rulings(cast.council)) == [permits]
    services.dispute_appeal_record(
        dispute=permits, appealed_on=TODAY - 3 * DAY, appealed_by=DisputeParty.COUNCIL, actor=None
    )
    services.dispute_appeal_decide(
        dispute=permits, decided_on=TODAY - DAY, outcome="Geen structureel falen.", overturned=True, actor=None
    )
    permits.refresh_from_db()
    assert not permits.ruling_stands(RulingEffect.PERMITS_DISSOLUTION)
    assert not services.conversion_rulings(cast.council).exists()
