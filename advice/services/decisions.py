"""The board's decision on an answered request.

- W-ADV-4: a decision that deviates (or partly deviates) from the advice needs a consultation after the advice: a
  held meeting of the council with a linked agenda item and minutes.
- W-ADV-5: such a decision states its reasons (the written decision letter itself is issue 7, W-LET-*).
- W-CON-4: for consent, a decision only after consent was granted or a ruling replaced it (disputes: issue 7).
- W-UNS-1: not following unsolicited advice needs a consultation, or a recorded reason why one was not reasonably
  possible, and reasons.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from advice.models import (
    ConsentAnswer,
    Consultation,
    Decision,
    DecisionOutcome,
    Request,
    RequestKind,
    RequestStatus,
    Response,
    TopicKind,
)
from advice.services._common import locked_request, require_status, save_fields, save_new
from incluzio_mz.lib.dates import require_plausible_date


def has_replacing_ruling(request: Request) -> bool:
    """W-CON-4: whether a committee of confidants' ruling replaced the council's consent: a dispute about this consent
    request with a ruling of effect `replaces_consent` that was not overturned on appeal (advice/services/disputes.py).
    """
    from advice.services.disputes import replacing_rulings

    return replacing_rulings(request).exists()


def qualifying_consultation(request: Request, *, after: date, before: date | None = None) -> Consultation | None:
    """The latest consultation that counts (W-ADV-4, W-CON-2, W-UNS-1): a meeting of the council itself with a board
    member present, held on or after `after` (and on or before `before`), with the request on its agenda, minuted."""
    consultations = request.consultations.select_related("agenda_item__meeting", "request").order_by("-pk")
    return next((c for c in consultations if c.counts_after(after, before)), None)


def consultation_missing_message(request: Request, *, after: date, before: date | None = None) -> str:
    """In plain words: which meeting would count as the consultation and what the linked meetings still miss."""
    council = request.council.name
    day = date_format(after, "j F Y")
    if before is None:
        rule = _(
            "A meeting counts when it is a meeting of the %(council)s itself (a joint meeting, not a chamber "
            "meeting), held on or after %(day)s, with a board member recorded as present, with this request on its "
            "agenda, and with minutes that were shared or approved."
        ) % {"council": council, "day": day}
    else:
        rule = _(
            "A meeting counts when it is a meeting of the %(council)s itself (a joint meeting, not a chamber "
            "meeting), held on or after %(day)s and no later than the day of the council's answer, with a board "
            "member recorded as present, with this request on its agenda, and with minutes that were shared or "
            "approved."
        ) % {"council": council, "day": day}
    consultations = list(request.consultations.select_related("agenda_item__meeting", "request").order_by("pk"))
    if not consultations:
        missing = _(
            "No meeting has this request on its agenda yet: plan a meeting of the %(council)s with the board, put "
            "this request on its agenda and link that agenda item on the request's page."
        ) % {"council": council}
    else:
        missing = " ".join(
            _("The meeting “%(meeting)s” of %(day)s does not count: %(problems)s.")
            % {
                "meeting": consultation.meeting.title,
                "day": date_format(consultation.meeting_day(), "j F Y"),
                "problems": "; ".join(consultation.shortcomings(after=after, before=before)),
            }
            for consultation in consultations
        )
    return f"{rule} {missing}"


def on_consent_topic(request: Request) -> bool:
    """Unsolicited advice on one of the consent topics (W-CON-1): the board's decision follows the consent path."""
    return (
        request.kind == RequestKind.UNSOLICITED_ADVICE
        and request.topic is not None
        and (request.topic.kind == TopicKind.CONSENT)
    )


def consent_path_request(request: Request) -> Request | None:
    """For unsolicited advice on a consent topic: the consent request of the same council on the same topic, received
    on or after the advice, that the council granted or a ruling replaced (W-UNS-1, W-CON-4); None if there is none."""
    if not on_consent_topic(request):
        return None
    candidates = Request.objects.filter(
        council_id=request.council_id,
        kind=RequestKind.CONSENT,
        topic=request.topic,
        received_on__gte=request.response.given_on,
    )
    granted = candidates.filter(response__consent=ConsentAnswer.GRANTED).order_by("received_on", "pk").first()
    if granted is not None:
        return granted
    refused = candidates.filter(response__consent=ConsentAnswer.REFUSED).order_by("received_on", "pk")
    return next((candidate for candidate in refused if has_replacing_ruling(candidate)), None)


@transaction.atomic
def request_decide(
    *,
    request: Request,
    outcome: str,
    text: str,
    reasons: str = "",
    no_consultation_reason: str = "",
    effective_on: date | None = None,
    on: date | None = None,
    actor: User | None,
) -> Decision:
    """Record the board's decision on an answered request (the acting board member signs it)."""
    # Issue 14: a decision is not dated in the future or before the request was received; its effective date is real.
    require_plausible_date(on, field="decided_on", earliest=request.received_on, latest=timezone.localdate())
    require_plausible_date(effective_on, field="effective_on")
    request = locked_request(request)
    require_status(request, RequestStatus.ANSWERED)
    response: Response = request.response
    reasons = reasons.strip()
    no_consultation_reason = no_consultation_reason.strip()
    consultation: Consultation | None = None
    ruling = None

    if request.kind == RequestKind.CONSENT and response.no_answer:
        # W-CON-3: silence is never consent.
        raise ValidationError(
            _(
                "The council gave no consent within the period, and silence is never consent: the board cannot "
                "take this decision. Withdraw the request, or ask the council again with a new consent request."
            ),
            code="no_consent",
        )
    if request.kind == RequestKind.CONSENT:
        # W-CON-4: consent or a replacing ruling first; the decision is then the one consented to.
        if response.consent != ConsentAnswer.GRANTED:
            from advice.services.disputes import replacing_rulings

            ruling = replacing_rulings(request).order_by("-ruled_on", "-pk").first()
            if ruling is None:
                raise ValidationError(
                    _(
                        "The council refused consent: the decision can only be taken after the committee of "
                        "confidants has given a ruling that replaces the consent."
                    ),
                    code="consent",
                )
        if outcome != DecisionOutcome.FOLLOWS:
            raise ValidationError({"outcome": _("A decision on a consent request is the decision consented to.")})
        if ruling is not None and not reasons:
            # W-LET-1: the decision differs from the council's refusal: its reasons are mandatory.
            raise ValidationError(
                {"reasons": _("The council refused its consent: state the reasons for this decision.")},
                code="reasons",
            )
    elif response.no_answer:
        # The council gave no advice within its period: nothing to follow or deviate from, no consultation needed.
        if outcome != DecisionOutcome.NO_ADVICE:
            raise ValidationError(
                {"outcome": _("The council gave no advice within the period: choose “decided without advice”.")},
                code="no_advice",
            )
    elif outcome == DecisionOutcome.NO_ADVICE:
        raise ValidationError(
            {"outcome": _("The council gave its advice: say whether the decision follows it.")}, code="no_advice"
        )
    elif outcome != DecisionOutcome.FOLLOWS and consent_path_request(request) is None and on_consent_topic(request):
        # W-UNS-1: unsolicited advice on a consent topic follows the consent procedure. Following the council's own
        # proposal has its consent; any other decision on that topic needs the council's consent first (W-CON-1).
        raise ValidationError(
            _(
                "This advice is on a consent topic: a decision other than the council's proposal needs the "
                "council's consent. Submit a consent request on this topic; once the council has consented (or a "
                "ruling replaces its consent), record this decision."
            ),
            code="consent_path",
        )
    elif outcome != DecisionOutcome.FOLLOWS:
        # W-ADV-5 / W-UNS-1: reasons first, so the board learns every missing part in the order it acts.
        if not reasons:
            raise ValidationError(
                {"reasons": _("A decision that deviates from the advice must state its reasons.")}, code="reasons"
            )
        consultation = qualifying_consultation(request, after=response.given_on)
        unsolicited_exception = request.kind == RequestKind.UNSOLICITED_ADVICE and bool(no_consultation_reason)
        # On a consent topic the consent request was discussed with the council before it consented (W-CON-2).
        consented = on_consent_topic(request) and consent_path_request(request) is not None
        if consultation is None and not unsolicited_exception and not consented:
            refusal = _(
                "A decision that deviates from the advice can only be recorded after the board has discussed it "
                "with the council."
            )
            missing = consultation_missing_message(request, after=response.given_on)
            raise ValidationError(f"{refusal} {missing}", code="consultation")
    if no_consultation_reason and (request.kind != RequestKind.UNSOLICITED_ADVICE or consultation is not None):
        no_consultation_reason = ""

    decision = Decision(
        request=request,
        outcome=outcome,
        text=text.strip(),
        reasons=reasons,
        decided_on=on or timezone.localdate(),
        effective_on=effective_on,
        decided_by=actor,
        consultation=consultation,
        no_consultation_reason=no_consultation_reason,
        ruling=ruling,
    )
    save_new(decision, actor=actor, reason=_("Decision recorded"))
    request.status = RequestStatus.DECIDED
    request.next_reminder_at = None
    save_fields(request, ["status", "next_reminder_at"], actor=actor, reason=_("Decision recorded"))
    # W-LET-1: the written decision letter, rendered by a task after the commit.
    from advice.services import letters  # letters imports this package's helpers: import at use

    letters.letter_issue(request=request, actor=actor)
    return decision


@transaction.atomic
def request_record_no_answer(*, request: Request, on: date | None = None, actor: User | None) -> Response:
    """The council let its period pass without answering (W-ADV-3, W-CON-6): the board records that in the dossier.

    Only for a submitted request (not paused) whose due date has passed. For advice the board can then decide
    (outcome "decided without advice"); for consent there is no consent (silence is never consent, W-CON-3): the
    board can withdraw the request or ask again with a new one. Its letter says so (W-LET-1).
    """
    request = locked_request(request)
    require_status(request, RequestStatus.SUBMITTED)
    day = on or timezone.localdate()
    if request.due_on is None or day <= request.due_on:
        raise ValidationError(
            _("The council's period runs until %(day)s: its answer can still come.")
            % {"day": date_format(request.due_on, "j F Y") if request.due_on else "-"},
            code="not_overdue",
        )
    response = Response(request=request, no_answer=True, given_on=day)
    save_new(response, actor=actor, reason=_("No answer within the period"))
    request.status = RequestStatus.ANSWERED
    request.next_reminder_at = None
    save_fields(request, ["status", "next_reminder_at"], actor=actor, reason=_("No answer within the period"))
    return response
