"""The council's side: chamber positions, consultations, its one answer, and unsolicited advice.

W-BODY-1 (one answer, each chamber's position kept), W-CON-2 (a consent request is discussed with the council before
it decides), W-CON-3 (a refusal states its reasons), W-UNS-1 (unsolicited advice, the board's answer target).
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import is_administrator
from advice import deadlines
from advice.models import (
    CONSULTATION_ITEM_KIND,
    ChamberPosition,
    ConsentAnswer,
    Consultation,
    Request,
    RequestKind,
    RequestStatus,
    Response,
    Topic,
)
from advice.services._common import locked_request, require_status, save_fields, save_new
from advice.services.requests import allocate_reference, reminder_moment
from councils.models import AgendaItem, Body, BodyKind
from councils.permissions import supported_body_ids


@transaction.atomic
def chamber_position_record(*, request: Request, chamber: Body, position: str, actor: User | None) -> ChamberPosition:
    """Record (or change) a chamber's position while the council prepares its answer (W-BODY-1)."""
    request = locked_request(request)
    require_status(request, RequestStatus.SUBMITTED, RequestStatus.INFORMATION_REQUESTED)
    if chamber.kind != BodyKind.CHAMBER or chamber.parent_id != request.council_id:
        raise ValidationError({"chamber": _("Choose a chamber of the council that received the request.")})
    position = position.strip()
    if not position:
        raise ValidationError({"position": _("Write the chamber's position.")})
    existing = ChamberPosition.objects.select_for_update().filter(request=request, chamber=chamber).first()
    if existing is None:
        row = ChamberPosition(request=request, chamber=chamber, position=position)
        save_new(row, actor=actor, reason=_("Chamber position recorded"))
        return row
    if existing.position != position:
        existing.position = position
        save_fields(existing, ["position"], actor=actor, reason=_("Chamber position recorded"))
    return existing


@transaction.atomic
def consultation_link(*, request: Request, agenda_item: AgendaItem, actor: User | None) -> Consultation:
    """Link a meeting agenda item in which the request is (or will be) discussed with the council.

    The item is on a meeting of the council or one of its chambers, and of the kind that fits the request
    (advice request / consent request). Whether it counts (held, minuted, after the advice) is checked when the
    board decides (W-ADV-4) or the council answers a consent request (W-CON-2).
    """
    request = locked_request(request)
    require_status(request, RequestStatus.SUBMITTED, RequestStatus.INFORMATION_REQUESTED, RequestStatus.ANSWERED)
    meeting = agenda_item.meeting
    body = meeting.body
    if body.pk != request.council_id and body.parent_id != request.council_id:
        raise ValidationError({"agenda_item": _("Choose an agenda item of a meeting of this council.")})
    expected = CONSULTATION_ITEM_KIND[RequestKind(request.kind)]
    if agenda_item.kind != expected:
        raise ValidationError(
            {"agenda_item": _("The agenda item must be of the kind “%(kind)s”.") % {"kind": expected.label}}
        )
    existing = Consultation.objects.filter(request=request, agenda_item=agenda_item).first()
    if existing is not None:
        return existing
    consultation = Consultation(request=request, agenda_item=agenda_item)
    save_new(consultation, actor=actor, reason=_("Consultation linked"))
    return consultation


@transaction.atomic
def request_respond(
    *,
    request: Request,
    advice: str = "",
    consent: str = "",
    reasons: str = "",
    on: date | None = None,
    actor: User | None,
) -> Response:
    """The council's one answer (W-BODY-1): advice text for art. 7; for art. 8 consent granted or refused.

    A refusal without reasons is refused (W-CON-3). A consent request is first discussed with the council in a
    held meeting (W-CON-2). While the council waits for information it cannot answer: the clock is paused.
    """
    request = locked_request(request)
    require_status(request, RequestStatus.SUBMITTED)
    given_on = on or timezone.localdate()
    if request.kind == RequestKind.CONSENT:
        if consent == ConsentAnswer.REFUSED and not reasons.strip():
            raise ValidationError({"reasons": _("A refusal of consent must state its reasons.")}, code="reasons")
        from advice.services.decisions import consultation_missing_message, qualifying_consultation

        received_on = request.received_on or given_on
        if qualifying_consultation(request, after=received_on, before=given_on) is None:
            refusal = _(
                "A consent request is discussed with the board and the council at least once before the council "
                "decides."
            )
            missing = consultation_missing_message(request, after=received_on, before=given_on)
            raise ValidationError(f"{refusal} {missing}", code="consultation")
    response = Response(
        request=request, advice=advice.strip(), consent=consent, reasons=reasons.strip(), given_on=given_on
    )
    save_new(response, actor=actor, reason=_("Council answered"))
    request.status = RequestStatus.ANSWERED
    request.next_reminder_at = None
    save_fields(request, ["status", "next_reminder_at"], actor=actor, reason=_("Council answered"))
    return response


def _check_supports(actor: User | None, council: Body) -> None:
    """A supporter of the council (or one of its chambers) submits on its behalf; None (the system) may too."""
    if actor is None or is_administrator(actor):
        return
    council_bodies = {council.pk, *Body.objects.filter(parent=council).values_list("pk", flat=True)}
    if not council_bodies & supported_body_ids(actor):
        raise ValidationError(_("Only a supporter of the council can submit its unsolicited advice."), code="actor")


@transaction.atomic
def unsolicited_advice_submit(
    *,
    council: Body,
    topic: Topic | None,
    title: str,
    advice: str,
    summary: str = "",
    on: date | None = None,
    actor: User | None,
) -> Request:
    """The council's unsolicited advice (art. 9, W-UNS-1), submitted by its supporter on its behalf.

    It starts answered: the advice is the request's Response. `due_on` is the board's answer target (the
    regulation's period, default 6 weeks). Advice on a consent topic is recorded the same way; the board's
    decision on it then follows the consent procedure (advice.services.decisions.request_decide, docs/ADVICE.md).
    """
    _check_supports(actor, council)
    advice = advice.strip()
    if not advice:
        raise ValidationError({"advice": _("Write the council's advice.")})
    received_on = on or timezone.localdate()
    request = Request(
        kind=RequestKind.UNSOLICITED_ADVICE,
        council=council,
        topic=topic,
        title=title.strip(),
        summary=summary.strip(),
        status=RequestStatus.ANSWERED,
        received_on=received_on,
        reference=allocate_reference(year=timezone.localdate().year),
    )
    request.due_on = deadlines.due_date(received_on, request.response_weeks())
    request.next_reminder_at = reminder_moment(request, today=received_on)  # the board's answer late (W-UNS-1)
    save_new(request, actor=actor, reason=_("Unsolicited advice submitted"))
    response = Response(request=request, advice=advice, given_on=received_on)
    save_new(response, actor=actor, reason=_("Unsolicited advice submitted"))
    return request
