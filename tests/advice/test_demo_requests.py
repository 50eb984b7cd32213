"""The demo requests (issue 7 item 6): one advice request in each state, a refused consent request in dispute and
one unsolicited advice from the jongerenraad, all made through the services; a second load adds nothing."""

import pytest
from django.test import override_settings
from django.utils import timezone

from advice.models import ConsentAnswer, DecisionOutcome, Letter, Request, RequestKind, RequestStatus
from incluzio_mz.demo import load_demo_data


@pytest.mark.django_db
@override_settings(DEMO_MODE=True)
def test_demo_has_a_request_in_each_state_a_consent_dispute_and_unsolicited_advice() -> None:
    load_demo_data()
    requests = Request.objects.filter(council__slug="centrale-klantenraad-jeugd")
    advice = requests.filter(kind=RequestKind.REQUESTED_ADVICE)
    assert advice.filter(status=RequestStatus.SUBMITTED).exists()
    assert advice.filter(status=RequestStatus.INFORMATION_REQUESTED).exists()
    assert advice.filter(status=RequestStatus.ANSWERED).exists()
    decided = advice.filter(status=RequestStatus.DECIDED)
    assert decided.filter(decision__outcome=DecisionOutcome.FOLLOWS, is_public=True).exists()
    deviating = decided.get(decision__outcome=DecisionOutcome.PARTLY_FOLLOWS)
    assert deviating.decision.consultation is not None
    assert deviating.decision.reasons
    # The dossier's timeline tells the story on the steps' own days, not on the day the demo was loaded.
    decided_at = timezone.localtime(deviating.decision.history.earliest("history_date").history_date)
    assert decided_at.date() == deviating.decision.decided_on
    assert Letter.objects.filter(request__in=decided).count() == 2

    consent = requests.get(kind=RequestKind.CONSENT)
    assert consent.response.consent == ConsentAnswer.REFUSED
    assert consent.response.reasons
    assert consent.disputes.filter(brought_by="board").exists()

    unsolicited = requests.get(kind=RequestKind.UNSOLICITED_ADVICE)
    assert unsolicited.status == RequestStatus.ANSWERED

    count = Request.objects.count()
    assert load_demo_data() == []
    assert Request.objects.count() == count
