"""The board's side of a request's lifecycle: create, submit, withdraw; and the council's information pauses.

W-ADV-2 (warn when the period ends after the planned decision), W-ADV-3 / W-CON-6 (the period from the regulation),
W-INF-1 (the clock stands still while the council waits for information; every pause is kept).
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.roles import is_board_member
from advice import deadlines, reminders
from advice.models import (
    OPEN_STATUSES,
    InformationRequest,
    ReferenceCounter,
    Request,
    RequestKind,
    RequestStatus,
    Topic,
)
from advice.services._common import locked_request, require_reason, require_status, save_fields, save_new
from councils.models import Body
from councils.services import body_supporters
from incluzio_mz.lib.dates import dutch_day, require_plausible_date
from incluzio_mz.services import notification_send


def allocate_reference(*, year: int) -> str:
    """The next readable reference of year, MZ-2026-014: unique, without gaps from concurrent requests.

    The UPDATE ... SET last = last + 1 takes the year's row lock until the transaction ends, so two concurrent
    requests wait for each other on PostgreSQL (SQLite serialises all writes anyway).
    """
    ReferenceCounter.objects.get_or_create(year=year)
    ReferenceCounter.objects.filter(year=year).update(last=F("last") + 1)
    number = ReferenceCounter.objects.get(year=year).last
    return f"MZ-{year}-{number:03d}"


def reminder_moment(request: Request, *, today: date) -> datetime | None:
    """The request's first reminder moment on or after today (bookkeeping for the sweep), or None.

    Set by every step that changes the status or the due date; the moments are advice/reminders.py's (the
    regulation's days before the due date, the due date, overdue; a late information answer; a late answer to
    unsolicited advice). A moment earlier on `today` still counts: the sweep sends it on its next run.
    """
    if request.status not in OPEN_STATUSES:
        return None
    regulation = request.regulation()
    days_before = regulation.reminder_days_before if regulation is not None else reminders.DEFAULT_DAYS_BEFORE
    answer_due_on = None
    if request.status == RequestStatus.INFORMATION_REQUESTED:
        open_question = request.information_requests.filter(answered_on__isnull=True)
        answer_due_on = open_question.values_list("answer_due_on", flat=True).first()
    return reminders.next_reminder_moment(
        request, after=reminders.start_of(today), days_before=days_before, answer_due_on=answer_due_on, including=True
    )


def _check_responsible(responsible: User | None) -> None:
    if responsible is not None and not is_board_member(responsible):
        raise ValidationError({"responsible": _("The responsible person must be a board member.")})


@transaction.atomic
def request_create(
    *,
    kind: str,
    council: Body,
    topic: Topic | None,
    title: str,
    summary: str = "",
    responsible: User | None = None,
    planned_decision_on: date | None = None,
    actor: User | None,
) -> Request:
    """A draft request for advice (art. 7) or consent (art. 8); unsolicited advice has its own service."""
    if kind not in (RequestKind.REQUESTED_ADVICE, RequestKind.CONSENT):
        raise ValidationError({"kind": _("The board asks for advice or for consent.")})
    _check_responsible(responsible)
    require_plausible_date(planned_decision_on, field="planned_decision_on")
    request = Request(
        kind=kind,
        council=council,
        topic=topic,
        title=title.strip(),
        summary=summary.strip(),
        responsible=responsible,
        planned_decision_on=planned_decision_on,
        reference=allocate_reference(year=timezone.localdate().year),
    )
    save_new(request, actor=actor, reason=_("Request drafted"))
    return request


DRAFT_FIELDS = ("kind", "council", "topic", "title", "summary", "responsible", "planned_decision_on")


@transaction.atomic
def request_update(*, request: Request, data: dict[str, Any], actor: User | None) -> Request:
    """Change a draft before it is submitted (the fields of request_create); a submitted request keeps its terms."""
    request = locked_request(request)
    require_status(request, RequestStatus.DRAFT)
    unknown = set(data) - set(DRAFT_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s."), params={"fields": ", ".join(sorted(unknown))}
        )
    if data.get("kind", request.kind) not in (RequestKind.REQUESTED_ADVICE, RequestKind.CONSENT):
        raise ValidationError({"kind": _("The board asks for advice or for consent.")})
    if "responsible" in data:
        _check_responsible(data["responsible"])
    require_plausible_date(data.get("planned_decision_on"), field="planned_decision_on")
    for name in ("title", "summary"):
        if name in data:
            data[name] = data[name].strip()
    changed = [name for name in DRAFT_FIELDS if name in data and getattr(request, name) != data[name]]
    if not changed:
        return request
    for name in changed:
        setattr(request, name, data[name])
    save_fields(request, changed, actor=actor, reason=_("Draft changed"))
    return request


def _notify_submitted(request: Request, *, at: datetime) -> None:
    """Tell the supporters of the council and of its chambers that a request arrived (in the portal and by e-mail)."""
    council = request.council
    recipients: dict[int, User] = {}
    for body in [council, *Body.objects.filter(parent=council).order_by("pk")]:
        recipients.update({user.pk: user for user in body_supporters(body)})
    title = format_lazy(
        gettext_lazy("New request for the council: {reference} {title}"),
        reference=request.reference,
        title=request.title,
    )
    url = reverse("advice:request_detail", kwargs={"uuid": request.uuid})
    context = {
        "reference": request.reference,
        "request_title": request.title,
        "kind": str(request.get_kind_display()),
        "council": council.name,
        "due_on": request.due_on,
        "planned_decision_on": request.planned_decision_on,
    }
    for recipient in recipients.values():
        notification_send(
            recipient=recipient,
            subject=request,
            kind="advice.request_submitted",
            due_at=at,
            title=title,
            url=url,
            email_template="advice_request_submitted",
            context=context,
        )


@dataclass(frozen=True)
class SubmitResult:
    request: Request
    # Warnings that do not stop the step, for the page to show (W-ADV-2).
    warnings: list[str] = field(default_factory=list)


@transaction.atomic
def request_submit(*, request: Request, on: date | None = None, actor: User | None) -> SubmitResult:
    """The board sends a draft to the council: received on `on` (default today), due after the regulation's period.

    Warns (W-ADV-2) when the due date falls after the planned decision date: advice would come too late to change
    the decision. The supporters of the council and its chambers are notified.
    """
    request = locked_request(request)
    require_status(request, RequestStatus.DRAFT)
    if request.responsible is None:
        raise ValidationError({"responsible": _("Choose the responsible board member.")})
    if request.planned_decision_on is None:
        raise ValidationError({"planned_decision_on": _("Give the planned decision date.")})
    received_on = on or timezone.localdate()
    require_plausible_date(received_on, field="received_on", latest=timezone.localdate())
    # W-ADV-2: the decision is planned after the request, so that the council's answer can still influence it.
    require_plausible_date(
        request.planned_decision_on,
        field="planned_decision_on",
        earliest=received_on,
        too_early=_("The planned decision date (%(planned)s) cannot lie before the request is received (%(received)s).")
        % {"planned": dutch_day(request.planned_decision_on), "received": dutch_day(received_on)},
    )
    request.status = RequestStatus.SUBMITTED
    request.received_on = received_on
    request.due_on = deadlines.due_date(received_on, request.response_weeks())
    request.next_reminder_at = reminder_moment(request, today=received_on)
    save_fields(
        request,
        ["status", "received_on", "due_on", "next_reminder_at"],
        actor=actor,
        reason=_("Request submitted to the council"),
    )
    _notify_submitted(request, at=timezone.now())
    warnings = []
    if request.due_after_planned_decision():
        warnings.append(
            _(
                "The response period ends on %(due)s, after the planned decision date %(planned)s: "
                "the advice could come too late to influence the decision."
            )
            % {"due": dutch_day(request.due_on), "planned": dutch_day(request.planned_decision_on)}
        )
    return SubmitResult(request=request, warnings=warnings)


@transaction.atomic
def request_withdraw(*, request: Request, reason: str, actor: User | None) -> Request:
    """Withdraw a request before its decision; the reason is kept in the history."""
    request = locked_request(request)
    reason = require_reason(reason)
    require_status(request, RequestStatus.DRAFT, *OPEN_STATUSES)
    request.status = RequestStatus.WITHDRAWN
    request.next_reminder_at = None
    save_fields(request, ["status", "next_reminder_at"], actor=actor, reason=reason)
    return request


# ---------------------------------------------------------------------------------------------------------------
# W-INF-1: information requests pause the clock


@transaction.atomic
def request_information_ask(
    *, request: Request, question: str, on: date | None = None, actor: User | None
) -> InformationRequest:
    """The council asks the board for information: the clock stops on `on` (default today) until the answer."""
    request = locked_request(request)
    require_status(request, RequestStatus.SUBMITTED)
    question = question.strip()
    if not question:
        raise ValidationError({"question": _("Write the question.")})
    asked_on = on or timezone.localdate()
    last = request.information_requests.order_by("-answered_on").first()
    earliest = last.answered_on if last is not None and last.answered_on is not None else request.received_on
    if earliest is not None and asked_on < earliest:
        raise ValidationError({"asked_on": _("The question cannot be asked before %(day)s.") % {"day": earliest}})
    info = InformationRequest(
        request=request,
        question=question,
        asked_on=asked_on,
        answer_due_on=reminders.information_answer_due(asked_on, settings.ADVICE_INFORMATION_ANSWER_DAYS),
    )
    save_new(info, actor=actor, reason=_("Information asked"))
    request.status = RequestStatus.INFORMATION_REQUESTED
    request.next_reminder_at = reminder_moment(request, today=asked_on)  # the board's answer late
    save_fields(request, ["status", "next_reminder_at"], actor=actor, reason=_("Information asked"))
    return info


@transaction.atomic
def request_information_answer(
    *, info: InformationRequest, answer: str, on: date | None = None, actor: User | None
) -> InformationRequest:
    """The board answers: the clock resumes with the days that were left, so the due date moves by the pause."""
    request = locked_request(info.request)
    require_status(request, RequestStatus.INFORMATION_REQUESTED)
    info = InformationRequest.objects.select_for_update().get(pk=info.pk)
    if info.answered_on is not None:
        raise ValidationError(_("This question has already been answered."), code="answered")
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": _("Write the answer.")})
    answered_on = on or timezone.localdate()
    if answered_on < info.asked_on:
        raise ValidationError({"answered_on": _("The answer cannot come before the question.")})
    info.answer = answer
    info.answered_on = answered_on
    save_fields(info, ["answer", "answered_on"], actor=actor, reason=_("Information given"))
    assert request.received_on is not None  # a submitted request has been received
    request.status = RequestStatus.SUBMITTED
    request.due_on = deadlines.due_date(request.received_on, request.response_weeks(), request.pauses())
    request.next_reminder_at = reminder_moment(request, today=answered_on)
    save_fields(request, ["status", "due_on", "next_reminder_at"], actor=actor, reason=_("Information given"))
    return info
