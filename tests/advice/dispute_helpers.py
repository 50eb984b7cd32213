"""Shared setup for the dispute, nullity and conversion tests: answered consent requests, disputes with a ruling."""

import datetime
from datetime import date

from django.utils import timezone

from accounts.models import User
from advice.models import ConsentAnswer, Dispute, DisputeParty, DisputeSubject, Request, RequestKind, RulingEffect
from advice.services import answers
from advice.services import disputes as dispute_services
from councils.models import Body
from tests.factories import make_advice_request, make_consultation

TODAY = timezone.localdate()
ANSWERED_ON = TODAY - datetime.timedelta(days=30)


def answered_consent(
    *,
    council: Body,
    board: User,
    consent: str = ConsentAnswer.REFUSED,
    topic_code: str = "CON-e",
    on: date = ANSWERED_ON,
) -> Request:
    """A consent request of council, consulted on and answered on day `on` (granted or refused with reasons)."""
    request = make_advice_request(
        council=council,
        responsible=board,
        kind=RequestKind.CONSENT,
        topic_code=topic_code,
        submitted_on=on - datetime.timedelta(days=20),
    )
    make_consultation(request=request, starts_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=40))
    reasons = "Onvoldoende uitgewerkt." if consent == ConsentAnswer.REFUSED else ""
    answers.request_respond(request=request, consent=consent, reasons=reasons, on=on, actor=None)
    request.refresh_from_db()
    return request


def ruled_dispute(
    *,
    council: Body,
    effect: str,
    request: Request | None = None,
    subject: str | None = None,
    ruled_on: date = TODAY - datetime.timedelta(days=5),
) -> Dispute:
    """A dispute of council opened by the board ten days before the ruling, ruled with effect."""
    subject = subject or (DisputeSubject.CONSENT if request is not None else DisputeSubject.DISSOLUTION)
    dispute = dispute_services.dispute_open(
        council=council,
        request=request,
        subject=subject,
        brought_by=DisputeParty.BOARD,
        description="De raad weigert.",
        opened_on=ruled_on - datetime.timedelta(days=10),
        actor=None,
    )
    return dispute_services.dispute_rule(
        dispute=dispute, ruled_on=ruled_on, ruling="De commissie beslist.", effect=effect, actor=None
    )


__all__ = ["ANSWERED_ON", "TODAY", "ConsentAnswer", "RulingEffect", "answered_consent", "ruled_dispute"]
