"""Advice and consent (Wmcz art. 7, 8 and 9): the topic catalogue, requests and their lifecycle rows.

Writes go through advice/services/ (DESIGN.md convention 2); reads are QuerySet methods that take the day as an
argument, with a model twin where a rule applies to one row (convention 3). Date arithmetic is in
advice/deadlines.py. What is built and what is left for issue 7 (letters, disputes, reminders, pages): docs/ADVICE.md.
"""

import uuid
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from advice import deadlines
from councils.models import (
    AgendaItem,
    AgendaItemKind,
    AttendanceStatus,
    BoardAttendance,
    Body,
    BodyKind,
    Meeting,
    MeetingStatus,
    Minutes,
    Regulation,
)

# ---------------------------------------------------------------------------------------------------------------
# The topic catalogue (W-ADV-1, W-CON-1): data, loaded by migration 0002_topics.


class TopicKind(models.TextChoices):
    ADVICE = "advice", _("Advice")
    CONSENT = "consent", _("Consent")


class Topic(models.Model):
    """A statutory topic on which the board must ask advice (W-ADV-1 a-i) or consent (W-CON-1 a-k).

    The rows come from the data migration; `title` is the Dutch legal wording (data, not a UI string). "Other topic"
    is a request without a topic (allowed for advice and unsolicited advice, never for consent).
    """

    code = models.CharField(_("code"), max_length=10, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=TopicKind.choices)
    title = models.CharField(_("title"), max_length=300)
    article = models.CharField(_("article"), max_length=50)
    long_stay_only = models.BooleanField(_("only for long-stay institutions"), default=False)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["kind", "position"]

    def __str__(self) -> str:
        # The article, not the catalogue code: people read "Wmcz 2018 art. 8 lid 1 onder a", not "CON-a".
        return f"{self.title} ({self.article})"


# ---------------------------------------------------------------------------------------------------------------
# Requests


class RequestKind(models.TextChoices):
    REQUESTED_ADVICE = "requested_advice", _("Advice request (art. 7)")
    CONSENT = "consent", _("Consent request (art. 8)")
    UNSOLICITED_ADVICE = "unsolicited_advice", _("Unsolicited advice (art. 9)")


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for the council")
    INFORMATION_REQUESTED = "information_requested", _("Paused: waiting for information")
    ANSWERED = "answered", _("Answered by the council")
    DECIDED = "decided", _("Decided")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Requests that still need a step from someone (the council or the board).
OPEN_STATUSES = (RequestStatus.SUBMITTED, RequestStatus.INFORMATION_REQUESTED, RequestStatus.ANSWERED)


class RequestQuerySet(models.QuerySet["Request"]):
    def open(self) -> "RequestQuerySet":
        """Submitted, paused or answered: not a draft, not decided, not withdrawn (twin: Request.is_open)."""
        return self.filter(status__in=OPEN_STATUSES)

    def due_before(self, day: date) -> "RequestQuerySet":
        """Requests whose due date is before day (twin: Request.is_due_before)."""
        return self.filter(due_on__lt=day)

    def overdue(self, on: date) -> "RequestQuerySet":
        """W-ADV-3 / W-UNS-1: the running clock passed its due date: the council's answer (art. 7/8, not paused)
        or the board's answer to unsolicited advice (twin: Request.is_overdue)."""
        return self.filter(
            Q(status=RequestStatus.SUBMITTED) | Q(status=RequestStatus.ANSWERED, kind=RequestKind.UNSOLICITED_ADVICE),
            due_on__lt=on,
        )


RequestManager = models.Manager.from_queryset(RequestQuerySet)


class Request(models.Model):
    """A request for advice (art. 7) or consent (art. 8), or the council's unsolicited advice (art. 9).

    Lifecycle: draft → submitted ⇄ information_requested (paused, W-INF-1) → answered → decided; withdrawn from any
    step before the decision. Unsolicited advice starts answered (the advice is its Response) and `due_on` is then
    the board's answer target (W-UNS-1). `reference` is MZ-<year>-<nnn>, allocated per year through ReferenceCounter.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=RequestKind.choices)
    council = models.ForeignKey(
        Body,
        verbose_name=_("client council"),
        on_delete=models.PROTECT,
        related_name="advice_requests",
        limit_choices_to={"kind": BodyKind.COUNCIL},
    )
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), null=True, blank=True, on_delete=models.PROTECT, related_name="requests"
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible board member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="advice_requests",
    )
    planned_decision_on = models.DateField(_("planned decision date"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=30, choices=RequestStatus.choices, default=RequestStatus.DRAFT)
    # Recent results on the body's public page (issue 8): only when the council chose to publish a summary.
    public_summary = models.TextField(_("summary for the public page"), blank=True)
    is_public = models.BooleanField(_("show on the public page"), default=False)
    # Bookkeeping for the reminder sweep (issue 7, DESIGN.md convention 9); not history.
    next_reminder_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["next_reminder_at"])

    objects = RequestManager()

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The request list per council and status (issue 7's /verzoeken/), and open().due_before(day).
            models.Index(fields=["council", "status"], name="advice_request_council_status"),
            models.Index(fields=["status", "due_on"], name="advice_request_status_due"),
            # The reminder sweep (issue 7): only requests with a reminder still to send.
            models.Index(
                fields=["next_reminder_at"],
                name="advice_request_reminder_due",
                condition=Q(next_reminder_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.council_id is not None and self.council.kind != BodyKind.COUNCIL:
            errors["council"] = _("Only a client council receives requests for advice or consent.")
        topic = self.topic
        if self.kind == RequestKind.CONSENT and (topic is None or topic.kind != TopicKind.CONSENT):
            errors["topic"] = _("A consent request needs one of the consent topics.")
        elif self.kind == RequestKind.REQUESTED_ADVICE and topic is not None and topic.kind != TopicKind.ADVICE:
            errors["topic"] = _("Choose an advice topic, or no topic for another subject.")
        if errors:
            raise ValidationError(errors)

    # Twins of the QuerySet methods (convention 3).
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_due_before(self, day: date) -> bool:
        return self.due_on is not None and self.due_on < day

    @property
    def clock_runs(self) -> bool:
        """Someone's period is running: the council's (submitted, not paused) or the board's answer to unsolicited
        advice. For an answered art. 7/8 request the due date no longer matters."""
        return self.status == RequestStatus.SUBMITTED or (
            self.status == RequestStatus.ANSWERED and self.kind == RequestKind.UNSOLICITED_ADVICE
        )

    def is_overdue(self, on: date) -> bool:
        return self.clock_runs and self.is_due_before(on)

    @property
    def status_label(self) -> str:
        """The status as people read it: an answered request whose council let its period pass says so."""
        response = getattr(self, "response", None)  # the reverse one-to-one raises an AttributeError when absent
        if self.status == RequestStatus.ANSWERED and response is not None and response.no_answer:
            return str(_("No answer from the council within the period"))
        return str(self.get_status_display())

    @property
    def is_paused(self) -> bool:
        return self.status == RequestStatus.INFORMATION_REQUESTED

    @property
    def needs_consent(self) -> bool:
        return self.kind == RequestKind.CONSENT

    def regulation(self) -> Regulation | None:
        return Regulation.objects.filter(council_id=self.council_id).first()

    def response_weeks(self) -> int:
        """The regulation's period for this kind of request (W-ADV-3, W-CON-6, W-UNS-1), default 6 weeks."""
        regulation = self.regulation()
        if regulation is None:
            return deadlines.DEFAULT_RESPONSE_WEEKS
        return {
            RequestKind.REQUESTED_ADVICE: regulation.advice_response_weeks,
            RequestKind.CONSENT: regulation.consent_response_weeks,
            RequestKind.UNSOLICITED_ADVICE: regulation.unsolicited_response_weeks,
        }[RequestKind(self.kind)]

    def pauses(self) -> list[deadlines.Pause]:
        return [
            deadlines.Pause(asked_on=info.asked_on, answered_on=info.answered_on)
            for info in self.information_requests.all()
        ]

    def due_after_planned_decision(self) -> bool:
        """W-ADV-2: the response period ends after the planned decision date."""
        return deadlines.due_after_planned_decision(self.due_on, self.planned_decision_on)


class ReferenceCounter(models.Model):
    """Bookkeeping: the last reference number given out per year (MZ-2026-014). Not history; changed only by
    advice.services.requests.allocate_reference with an UPDATE ... SET last = last + 1 (a row lock per year)."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class InformationRequest(models.Model):
    """W-INF-1: the council asked the board for information; the request's clock stands still until it is answered.

    Every pause is kept (the dossier shows them all); the due date moves by answered_on - asked_on.
    """

    request = models.ForeignKey(
        Request, verbose_name=_("request"), on_delete=models.PROTECT, related_name="information_requests"
    )
    question = models.TextField(_("question"))
    asked_on = models.DateField(_("asked on"))
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    # When the board's answer is late (the reminder sweep tells the board); set when asked.
    answer_due_on = models.DateField(_("answer expected by"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("information request")
        verbose_name_plural = _("information requests")
        ordering = ["request", "asked_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | Q(answered_on__gte=models.F("asked_on")),
                name="advice_inforequest_answered_after_asked",
                violation_error_message=_("The answer cannot come before the question."),
            ),
            # One open pause per request at a time.
            models.UniqueConstraint(
                fields=["request"], condition=Q(answered_on__isnull=True), name="advice_inforequest_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request.reference}: {self.asked_on}"


class ChamberPosition(models.Model):
    """W-BODY-1: each chamber's position on a request; the council still gives one answer (Response)."""

    request = models.ForeignKey(
        Request, verbose_name=_("request"), on_delete=models.PROTECT, related_name="chamber_positions"
    )
    chamber = models.ForeignKey(Body, verbose_name=_("chamber"), on_delete=models.PROTECT, related_name="+")
    position = models.TextField(_("position"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chamber position")
        verbose_name_plural = _("chamber positions")
        ordering = ["request", "chamber__name"]
        constraints = [
            models.UniqueConstraint(fields=["request", "chamber"], name="advice_chamberposition_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.request.reference}: {self.chamber}"


class ConsentAnswer(models.TextChoices):
    GRANTED = "granted", _("Consent granted")
    REFUSED = "refused", _("Consent refused")


class Response(models.Model):
    """The council's one answer: reasoned advice (art. 7, and the unsolicited advice itself, art. 9), or its consent
    decision (art. 8). A refusal without reasons cannot be saved (W-CON-3, also a database constraint)."""

    request = models.OneToOneField(
        Request, verbose_name=_("request"), on_delete=models.PROTECT, related_name="response"
    )
    advice = models.TextField(_("advice"), blank=True)
    consent = models.CharField(_("consent"), max_length=10, choices=ConsentAnswer.choices, blank=True)
    reasons = models.TextField(_("reasons"), blank=True)
    given_on = models.DateField(_("given on"))
    # The council let its period pass without answering; the board recorded that (given_on: the day it did).
    no_answer = models.BooleanField(_("no answer within the period"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["given_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(consent="refused") | ~Q(reasons=""),
                name="advice_response_refusal_has_reasons",
                violation_error_message=_("A refusal of consent must state its reasons."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request.reference}: {self.given_on}"

    def clean(self) -> None:
        if self.request_id is None:
            return
        if self.no_answer:
            if self.consent or self.advice.strip():
                raise ValidationError(_("Without an answer there is no advice or consent to record."))
            return
        if self.request.kind == RequestKind.CONSENT:
            if not self.consent:
                raise ValidationError({"consent": _("Record whether the council grants or refuses consent.")})
            if self.consent == ConsentAnswer.REFUSED and not self.reasons.strip():
                raise ValidationError({"reasons": _("A refusal of consent must state its reasons.")})
        else:
            if self.consent:
                raise ValidationError({"consent": _("Only a consent request is granted or refused.")})
            if not self.advice.strip():
                raise ValidationError({"advice": _("Write the council's advice.")})

    @property
    def is_refusal(self) -> bool:
        return self.consent == ConsentAnswer.REFUSED


class Consultation(models.Model):
    """A meeting agenda item in which the request was discussed with the council (W-CON-2, W-ADV-4, W-UNS-1).

    The agenda item belongs to a meeting of the council or one of its chambers; its kind says what it is about.
    Whether it counts (a meeting of the council itself with the board present, held after the advice, minuted) is
    `counts_after(day)`; why not is `shortcomings(...)`.
    """

    request = models.ForeignKey(
        Request, verbose_name=_("request"), on_delete=models.PROTECT, related_name="consultations"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.PROTECT, related_name="advice_consultations"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["request", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "agenda_item"], name="advice_consultation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.request.reference}: {self.agenda_item}"

    @property
    def meeting(self) -> Meeting:
        return self.agenda_item.meeting

    def meeting_day(self) -> date:
        return timezone.localdate(self.meeting.starts_at)

    def was_held(self) -> bool:
        return self.meeting.status in (MeetingStatus.HELD, MeetingStatus.MINUTES_APPROVED)

    def is_minuted(self) -> bool:
        return Minutes.objects.filter(meeting_id=self.agenda_item.meeting_id).shared_or_approved().exists()

    def is_council_meeting(self) -> bool:
        """A meeting of the council itself (for a council with chambers: its joint meeting), not of one chamber."""
        return self.meeting.body_id == self.request.council_id

    def board_was_present(self) -> bool:
        return BoardAttendance.objects.filter(
            meeting_id=self.agenda_item.meeting_id, status=AttendanceStatus.PRESENT
        ).exists()

    def shortcomings(self, *, after: date, before: date | None = None) -> list[str]:
        """Why this consultation does not count (W-ADV-4, W-CON-2, W-UNS-1), in plain words; empty when it counts.

        It counts when it is a meeting of the council itself, with a board member recorded as present, held on or
        after `after` (and, for consent, on or before `before`: the day the council answers), with shared or approved
        minutes. The request is on its agenda by construction (the linked agenda item).
        """
        from django.utils.formats import date_format
        from django.utils.translation import gettext

        problems: list[str] = []
        if not self.is_council_meeting():
            problems.append(gettext("it is a meeting of a chamber, not of the whole council"))
        if not self.board_was_present():
            problems.append(gettext("no board member is recorded as present"))
        day = self.meeting_day()
        if not self.was_held():
            problems.append(gettext("it has not been marked as held"))
        if day < after:
            problems.append(gettext("it was held before %(day)s") % {"day": date_format(after, "j F Y")})
        if before is not None and day > before:
            problems.append(
                gettext("it is after the council's answer on %(day)s") % {"day": date_format(before, "j F Y")}
            )
        if not self.is_minuted():
            problems.append(gettext("its minutes have not been shared or approved"))
        return problems

    def counts_after(self, day: date, before: date | None = None) -> bool:
        """W-ADV-4, W-CON-2, W-UNS-1: whether this consultation counts (see `shortcomings`)."""
        return not self.shortcomings(after=day, before=before)


# Which agenda item kind a consultation on each kind of request must have.
CONSULTATION_ITEM_KIND = {
    RequestKind.REQUESTED_ADVICE: AgendaItemKind.ADVICE_REQUEST,
    RequestKind.CONSENT: AgendaItemKind.CONSENT_REQUEST,
    RequestKind.UNSOLICITED_ADVICE: AgendaItemKind.ADVICE_REQUEST,
}


class DecisionOutcome(models.TextChoices):
    FOLLOWS = "follows", _("Follows the advice")
    PARTLY_FOLLOWS = "partly_follows", _("Partly follows the advice")
    DEVIATES = "deviates", _("Deviates from the advice")
    # The council gave no advice within its period (W-ADV-3): there is no advice to follow or deviate from.
    NO_ADVICE = "no_advice", _("Decided without advice: none within the period")


class Decision(models.Model):
    """The board's decision on a request (W-ADV-4, W-ADV-5, W-CON-4, W-UNS-1); the letter (W-LET-*) is issue 7.

    Partly following is a deviation: it needs a consultation after the advice and reasons. For unsolicited advice a
    recorded reason why a consultation was not reasonably possible may replace the consultation (W-UNS-1).
    """

    request = models.OneToOneField(
        Request, verbose_name=_("request"), on_delete=models.PROTECT, related_name="decision"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=DecisionOutcome.choices)
    text = models.TextField(_("decision"))
    reasons = models.TextField(_("reasons"), blank=True)
    decided_on = models.DateField(_("decided on"))
    effective_on = models.DateField(_("effective date"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible board member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    no_consultation_reason = models.TextField(_("why no consultation was reasonably possible"), blank=True)
    # W-CON-4: the committee of confidants' ruling that replaced the council's refused consent.
    ruling = models.ForeignKey(
        "Dispute",
        verbose_name=_("replacing ruling"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["decided_on", "pk"]
        constraints = [
            # W-ADV-5 / W-UNS-1: a decision that does not (fully) follow the advice gives its reasons.
            models.CheckConstraint(
                condition=Q(outcome__in=["follows", "no_advice"]) | ~Q(reasons=""),
                name="advice_decision_deviation_has_reasons",
                violation_error_message=_("A decision that deviates from the advice must state its reasons."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request.reference}: {self.get_outcome_display()}"

    @property
    def deviates(self) -> bool:
        """Whether the decision differs from the council's position: a (partial) deviation from the advice, or a
        consent decision taken on a ruling that replaced the council's refusal."""
        if self.outcome == DecisionOutcome.NO_ADVICE:
            return False
        return self.outcome != DecisionOutcome.FOLLOWS or self.ruling_id is not None


# ---------------------------------------------------------------------------------------------------------------
# Documents on a request or a dispute: councils.Document rows (with their confidentiality and versions), linked here
# so that councils stays unaware of advice. Board-only documents are confidentiality "board_and_supporters".


class DossierSide(models.TextChoices):
    """Whose document it is in a request's or dispute's dossier: only that side adds new versions (issue 15)."""

    BOARD = "board", _("The board")
    COUNCIL = "council", _("The client council")


class RequestDocument(models.Model):
    """A document in a request's dossier (its body is the request's council)."""

    request = models.ForeignKey(
        Request, verbose_name=_("request"), on_delete=models.PROTECT, related_name="document_links"
    )
    document = models.OneToOneField(
        "councils.Document", verbose_name=_("document"), on_delete=models.PROTECT, related_name="advice_request_link"
    )
    side = models.CharField(
        _("added by"), max_length=10, choices=DossierSide.choices, default=DossierSide.BOARD, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("request document")
        verbose_name_plural = _("request documents")
        ordering = ["request", "pk"]

    def __str__(self) -> str:
        return f"{self.request.reference}: {self.document}"


# ---------------------------------------------------------------------------------------------------------------
# Decision letters (W-LET-1, W-LET-2)


class LetterStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Being made")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


def letter_upload_to(instance: "Letter", filename: str) -> str:
    """A path nobody can guess; letters are served only through the gate (/verzoeken/<uuid>/brief.pdf)."""
    import secrets

    return f"decision-letters/{secrets.token_hex(16)}/{secrets.token_hex(16)}.pdf"


class Letter(models.Model):
    """The written decision letter of a request (W-LET-1), rendered as a PDF by a Celery task.

    Once ready the file and its SHA-256 never change (W-LET-2); a correction is a new Letter with a higher `number`
    that names the one it `replaces`. Status moves queued → rendering → ready, or → failed (retry puts it back in
    the queue).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(Request, verbose_name=_("request"), on_delete=models.PROTECT, related_name="letters")
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=LetterStatus.choices, default=LetterStatus.QUEUED)
    file = models.FileField(_("file"), upload_to=letter_upload_to, max_length=300, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True)
    issued_on = models.DateField(_("letter date"), null=True, blank=True)
    rendered_at = models.DateTimeField(_("made at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision letter")
        verbose_name_plural = _("decision letters")
        ordering = ["request", "number"]
        constraints = [
            models.UniqueConstraint(fields=["request", "number"], name="advice_letter_request_number"),
            models.CheckConstraint(
                condition=~Q(status="ready") | (~Q(sha256="") & ~Q(file="")),
                name="advice_letter_ready_has_file",
            ),
        ]
        indexes = [models.Index(fields=["status", "updated_at"], name="advice_letter_status")]

    def __str__(self) -> str:
        return f"{self.request.reference} brief {self.number}"


# ---------------------------------------------------------------------------------------------------------------
# Disputes (W-DIS-1, W-CON-4, W-BODY-7) and nullity (W-CON-5)


class DisputeSubject(models.TextChoices):
    ADVICE = "advice", _("Advice")
    CONSENT = "consent", _("Consent")
    UNSOLICITED_ADVICE = "unsolicited_advice", _("Unsolicited advice")
    DISSOLUTION = "dissolution", _("Dissolving the council")
    OTHER = "other", _("Other dispute about participation")


class DisputeParty(models.TextChoices):
    BOARD = "board", _("The board")
    COUNCIL = "council", _("The client council")


class DisputeCommittee(models.TextChoices):
    OWN = "own", _("The organisation's own committee of confidants")
    NATIONAL = "national", _("The national committee of confidants (LCvV)")


class DisputeStatus(models.TextChoices):
    OPEN = "open", _("Submitted to the committee")
    MEDIATION = "mediation", _("In mediation")
    SETTLED = "settled", _("Settled through mediation")
    RULED = "ruled", _("Ruled")
    APPEALED = "appealed", _("Appealed to the Ondernemingskamer")
    CLOSED = "closed", _("Closed")


class RulingEffect(models.TextChoices):
    REPLACES_CONSENT = "replaces_consent", _("Replaces the council's consent: the board may decide")
    UPHOLDS_REFUSAL = "upholds_refusal", _("Upholds the refusal: the board may not decide")
    PERMITS_DISSOLUTION = "permits_dissolution", _("Permits dissolving the council")
    REFUSES_DISSOLUTION = "refuses_dissolution", _("Does not permit dissolving the council")
    OTHER = "other", _("Other ruling")


class Dispute(models.Model):
    """A dispute before a committee of confidants (W-DIS-1): about a request (advice, consent, unsolicited advice)
    or about dissolving the council (W-BODY-7). The committee follows the regulation at the moment it is opened.

    A ruling with effect `replaces_consent` on a consent request unblocks the board's decision (W-CON-4); one with
    `permits_dissolution` permits converting or dissolving the council against its will (W-BODY-7). Both count
    only while not overturned on appeal (`appeal_overturned`).
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    council = models.ForeignKey(
        Body, verbose_name=_("client council"), on_delete=models.PROTECT, related_name="disputes"
    )
    request = models.ForeignKey(
        Request, verbose_name=_("request"), null=True, blank=True, on_delete=models.PROTECT, related_name="disputes"
    )
    subject = models.CharField(_("about"), max_length=20, choices=DisputeSubject.choices)
    brought_by = models.CharField(_("brought by"), max_length=10, choices=DisputeParty.choices)
    committee = models.CharField(_("committee"), max_length=10, choices=DisputeCommittee.choices)
    description = models.TextField(_("what the dispute is about"))
    opened_on = models.DateField(_("submitted on"))
    status = models.CharField(_("status"), max_length=10, choices=DisputeStatus.choices, default=DisputeStatus.OPEN)
    mediation_on = models.DateField(_("mediation on"), null=True, blank=True)
    mediation_outcome = models.TextField(_("outcome of the mediation"), blank=True)
    ruled_on = models.DateField(_("ruling on"), null=True, blank=True)
    ruling = models.TextField(_("ruling"), blank=True)
    ruling_effect = models.CharField(_("effect of the ruling"), max_length=20, choices=RulingEffect.choices, blank=True)
    appealed_on = models.DateField(_("appealed on"), null=True, blank=True)
    appealed_by = models.CharField(_("appealed by"), max_length=10, choices=DisputeParty.choices, blank=True)
    appeal_outcome = models.TextField(_("outcome of the appeal"), blank=True)
    appeal_decided_on = models.DateField(_("appeal decided on"), null=True, blank=True)
    appeal_overturned = models.BooleanField(_("the appeal overturned the ruling"), default=False)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        ordering = ["-opened_on", "-pk"]
        indexes = [
            models.Index(fields=["council", "status"], name="advice_dispute_council_status"),
            models.Index(fields=["request", "ruling_effect"], name="advice_dispute_request_effect"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=["ruled", "appealed"]) | (~Q(ruling="") & Q(ruled_on__isnull=False)),
                name="advice_dispute_ruled_has_ruling",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council}: {self.get_subject_display()} ({self.opened_on})"

    def ruling_stands(self, effect: str) -> bool:
        """Whether this dispute has a ruling with effect that was not overturned on appeal."""
        return self.ruling_effect == effect and self.ruled_on is not None and not self.appeal_overturned


class CommitteeAppointer(models.TextChoices):
    BOARD = "board", _("Appointed by the board")
    COUNCIL = "council", _("Appointed by the client council")
    MEMBERS = "members", _("Appointed by the two other members")
    NATIONAL = "national", _("National committee (LCvV)")


class DisputeCommitteeMember(models.Model):
    """A member of the committee hearing a dispute, and who appointed them (W-DIS-1: one by the board, one by the
    council, the chair by those two)."""

    dispute = models.ForeignKey(
        Dispute, verbose_name=_("dispute"), on_delete=models.PROTECT, related_name="committee_members"
    )
    name = models.CharField(_("name"), max_length=120)
    appointed_by = models.CharField(_("appointed by"), max_length=10, choices=CommitteeAppointer.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["dispute", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_appointed_by_display()})"


class DisputeDocument(models.Model):
    """A document in a dispute's dossier (its body is the dispute's council)."""

    dispute = models.ForeignKey(
        Dispute, verbose_name=_("dispute"), on_delete=models.PROTECT, related_name="document_links"
    )
    document = models.OneToOneField(
        "councils.Document", verbose_name=_("document"), on_delete=models.PROTECT, related_name="advice_dispute_link"
    )
    side = models.CharField(
        _("added by"), max_length=10, choices=DossierSide.choices, default=DossierSide.BOARD, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("dispute document")
        verbose_name_plural = _("dispute documents")
        ordering = ["dispute", "pk"]

    def __str__(self) -> str:
        return f"{self.dispute}: {self.document}"


class NullityWindowStart(models.TextChoices):
    TOLD_BY_BOARD = "told_by_board", _("The board told the council about the decision")
    SAW_CARRIED_OUT = "saw_carried_out", _("The council saw the decision being carried out")


class NullityInvocation(models.Model):
    """W-CON-5: a decision that needed consent was taken without consent or a replacing ruling; the council may
    invoke its nullity in writing within one month after the window started. The window and why it started are
    recorded first; an invocation after the month is refused with an explanation."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    council = models.ForeignKey(
        Body, verbose_name=_("client council"), on_delete=models.PROTECT, related_name="nullity_invocations"
    )
    request = models.ForeignKey(
        Request,
        verbose_name=_("consent request"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nullity_invocations",
    )
    topic = models.ForeignKey(
        Topic, verbose_name=_("consent topic"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_description = models.TextField(_("the decision taken without consent"))
    window_start_on = models.DateField(_("start of the one-month window"))
    window_start_basis = models.CharField(
        _("why the window starts then"), max_length=20, choices=NullityWindowStart.choices
    )
    window_start_note = models.TextField(_("explanation"), blank=True)
    invoked_on = models.DateField(_("nullity invoked on"), null=True, blank=True)
    invocation = models.TextField(_("the council's written invocation"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nullity invocation")
        verbose_name_plural = _("nullity invocations")
        ordering = ["-window_start_on", "-pk"]
        indexes = [models.Index(fields=["council", "window_start_on"], name="advice_nullity_council")]
        constraints = [
            models.CheckConstraint(
                condition=Q(invoked_on__isnull=True)
                | (Q(invoked_on__gte=models.F("window_start_on")) & ~Q(invocation="")),
                name="advice_nullity_invocation_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council}: {self.window_start_on}"
