"""The written decision letter (W-LET-1, W-LET-2): queued when the board decides, rendered to PDF by a Celery task.

- `letter_issue`: the first letter of a decided request, queued; `letter_render_task` runs after the commit.
- `letter_render` (the task's service): claims a queued letter by compare-and-set (a second delivery, or a retry of
  the task, renders nothing twice), renders templates/advice/letter_pdf.html through incluzio_mz.lib.pdf in Dutch,
  stores the file with its SHA-256 and tells the council's supporters and members (of the council and its chambers)
  that it is ready. A rendering error marks the letter failed, with the error and the number of attempts.
- `letter_retry`: a failed letter back in the queue (the board side presses "try again").
- `letter_correct`: a correction is a new letter (number + 1) that names the ready one it replaces and why.

A ready letter never changes (W-LET-2): every service here refuses to touch one, and `_refuse_changing_a_ready_letter`
(a pre_save receiver) refuses any save that would change a ready letter's file, hash, number or status.
"""

import base64
import hashlib
import logging
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from advice.models import Letter, LetterStatus, Request, RequestStatus
from advice.services._common import locked_request, require_reason, save_fields, save_new
from councils.models import Body, BodyKind
from councils.services import body_supporters
from incluzio_mz.lib.pdf import render_pdf
from incluzio_mz.models import OrganisationProfile
from incluzio_mz.services import notification_send

TEMPLATE = "advice/letter_pdf.html"
LETTER_READY = "advice.letter_ready"
# The organisation writes to the council in Dutch, whatever the language of whoever decided.
LETTER_LANGUAGE = "nl"
# A letter still "rendering" after this long was claimed by a worker that died: it may be claimed again.
logger = logging.getLogger(__name__)
STALE_RENDERING = timedelta(minutes=10)
# What never changes once a letter is ready (W-LET-2).
IMMUTABLE_FIELDS = ("request_id", "number", "replaces_id", "status", "file", "sha256", "size", "issued_on")


class LetterIsImmutable(ValidationError):
    """Raised on an attempt to change a ready letter."""


@receiver(pre_save, sender=Letter, dispatch_uid="advice_letter_immutable")
def _refuse_changing_a_ready_letter(sender: type[Letter], instance: Letter, **kwargs: Any) -> None:
    """W-LET-2: a save that would change a ready letter's file, hash, number or status is refused."""
    if instance.pk is None:
        return
    stored = Letter.objects.filter(pk=instance.pk, status=LetterStatus.READY).values(*IMMUTABLE_FIELDS).first()
    if stored is None:
        return
    changed = [name for name in IMMUTABLE_FIELDS if _comparable(getattr(instance, name)) != _comparable(stored[name])]
    if changed:
        raise LetterIsImmutable(
            _("An issued letter never changes; make a correction instead (a new version)."), code="immutable"
        )


def _comparable(value: Any) -> Any:
    return value.name if isinstance(value, models.fields.files.FieldFile) else value


# ---------------------------------------------------------------------------------------------------------------
# Queueing


def _queue(letter: Letter) -> None:
    """Start the render task once the decision is committed. When the broker cannot be reached the decision stands
    and the letter stays queued: letters_resume (beat, every 5 minutes) renders it, so the board never gets an error
    page for a decision that was recorded."""
    from advice.tasks import letter_render_task

    letter_id = letter.pk

    def send() -> None:
        try:
            letter_render_task.delay(letter_id)
        except Exception:  # any broker failure: the sweep picks the letter up
            logger.warning("Could not queue decision letter %s; the letters sweep will render it.", letter_id)

    transaction.on_commit(send)


def _next_number(request: Request) -> int:
    newest = request.letters.order_by("-number").values_list("number", flat=True).first()
    return (newest or 0) + 1


@transaction.atomic
def letter_issue(*, request: Request, actor: User | None) -> Letter:
    """Queue the decision letter of a decided request (W-LET-1); it is rendered after the commit.

    A request has one letter; after that, only corrections (letter_correct) add versions.
    """
    request = locked_request(request)
    if request.status != RequestStatus.DECIDED or not hasattr(request, "decision"):
        raise ValidationError(_("A decision letter is only made once the board has decided."), code="status")
    if request.letters.exists():
        raise ValidationError(
            _("This request already has a decision letter; make a correction instead."), code="exists"
        )
    letter = Letter(request=request, number=_next_number(request), requested_by=actor)
    save_new(letter, actor=actor, reason=_("Decision letter queued"))
    _queue(letter)
    return letter


@transaction.atomic
def letter_retry(*, letter: Letter, actor: User | None) -> Letter:
    """Put a failed letter back in the queue (W-LET-1)."""
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.status != LetterStatus.FAILED:
        raise ValidationError(_("Only a letter that failed can be made again."), code="status")
    letter.status = LetterStatus.QUEUED
    letter.error = ""
    save_fields(letter, ["status", "error"], actor=actor, reason=_("Decision letter queued again"))
    _queue(letter)
    return letter


@transaction.atomic
def letter_correct(*, request: Request, reason: str, actor: User | None) -> Letter:
    """A correction (W-LET-2): a new letter, number + 1, naming the newest ready letter it replaces and why."""
    reason = require_reason(reason)
    request = locked_request(request)
    letters = list(request.letters.order_by("-number"))
    replaced = next((letter for letter in letters if letter.status == LetterStatus.READY), None)
    if replaced is None:
        raise ValidationError(_("There is no issued letter to correct yet."), code="no_letter")
    if letters[0].status != LetterStatus.READY:
        raise ValidationError(
            _("A newer version of this letter is still being made (or failed: try it again first)."), code="pending"
        )
    letter = Letter(
        request=request,
        number=_next_number(request),
        replaces=replaced,
        correction_reason=reason,
        requested_by=actor,
    )
    save_new(letter, actor=actor, reason=_("Correction of the decision letter queued"))
    _queue(letter)
    return letter


# ---------------------------------------------------------------------------------------------------------------
# Rendering


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def _logo_data_url(organisation: OrganisationProfile) -> str:
    """The logo as a data: URL (PDFs fetch only static: and data: URLs); empty without a logo or when unreadable."""
    if not organisation.logo or not organisation.logo_content_type:
        return ""
    try:
        with organisation.logo.open("rb") as handle:
            content = handle.read()
    except OSError:
        return ""
    return f"data:{organisation.logo_content_type};base64,{base64.b64encode(content).decode('ascii')}"


def letter_context(letter: Letter, *, issued_on: Any) -> dict[str, Any]:
    """What templates/advice/letter_pdf.html shows (W-LET-1): letterhead, reference, date, addressee, the request,
    the council's answer, the decision, whether and why it deviates, the consultation, the effective date, who
    signs, and for a correction the letter it replaces."""
    request = (
        Request.objects.select_related("council", "topic", "response", "decision__decided_by")
        .select_related("decision__consultation__agenda_item__meeting")
        .get(pk=letter.request_id)
    )
    decision = request.decision
    consultation = decision.consultation
    organisation = OrganisationProfile.current()
    response = getattr(request, "response", None)
    heading, position = decision_position(request, decision, response)
    return {
        "addressee": council_addressee(request.council),
        "position_heading": heading,
        "position": position,
        "ruling": decision.ruling,
        "letter": letter,
        "replaced": letter.replaces,
        "request": request,
        "council": request.council,
        "response": response,
        "decision": decision,
        "consultation": consultation,
        "consultation_day": consultation.meeting_day() if consultation is not None else None,
        "signed_by": decision.decided_by,
        "issued_on": issued_on,
        "organisation": organisation,
        "logo_url": _logo_data_url(organisation),
        "letterhead_lines": _lines(organisation.letterhead_lines),
        "address_lines": _lines(organisation.address),
    }


def council_addressee(council: Body) -> str:
    """The council as the letter addresses it, with its article: "de Centrale Klantenraad Jeugd" (the letter is
    Dutch; a name that already starts with "de" or "het" keeps its own)."""
    name = council.name.strip()
    if name.lower().startswith(("de ", "het ")):
        return name
    return f"de {name}"


def decision_position(request: Request, decision: Any, response: Any) -> tuple[str, str]:
    """The heading and the plain sentence saying whether the decision differs from the council's position (W-LET-1):
    never an internal value."""
    from advice.models import DecisionOutcome, RequestKind

    if request.kind == RequestKind.CONSENT:
        heading = _("Does the decision differ from the council's position?")
        if decision.ruling_id is not None:
            return heading, _(
                "Yes. The council refused its consent. The board takes this decision because the committee of "
                "confidants gave a ruling that replaces the council's consent (see below)."
            )
        return heading, _("No. The council gave its consent; this is the decision it consented to.")
    heading = _("Does the decision deviate from the advice?")
    if decision.outcome == DecisionOutcome.NO_ADVICE:
        return heading, _("The council gave no advice within the period, so there is no advice to deviate from.")
    if decision.outcome == DecisionOutcome.DEVIATES:
        return heading, _("Yes. The decision deviates from the council's advice.")
    if decision.outcome == DecisionOutcome.PARTLY_FOLLOWS:
        return heading, _("Partly. The decision follows part of the council's advice and deviates from the rest.")
    return heading, _("No. The decision follows the council's advice.")


def letter_render_pdf(letter: Letter, *, issued_on: Any) -> bytes:
    """The letter's PDF bytes, in Dutch (also used by scripts/bench_letter.py)."""
    with translation.override(LETTER_LANGUAGE):
        return render_pdf(template=TEMPLATE, context=letter_context(letter, issued_on=issued_on))


def _claim(letter_id: int) -> bool:
    """Compare-and-set queued (or a stale rendering) -> rendering; False when another delivery has it or it is done.

    A QuerySet.update writes no history row: this claim is bookkeeping between two recorded states (queued and
    ready or failed), and it must be one statement so that two workers cannot both win it.
    """
    now = timezone.now()
    return bool(
        Letter.objects.filter(
            Q(status=LetterStatus.QUEUED) | Q(status=LetterStatus.RENDERING, updated_at__lt=now - STALE_RENDERING),
            pk=letter_id,
        ).update(status=LetterStatus.RENDERING, attempts=F("attempts") + 1, updated_at=now)
    )


def letter_render(*, letter_id: int) -> str:
    """Render and store letter letter_id (the task's service); returns its status afterwards.

    Only the delivery that claims the letter renders it; any other returns the status as it is. A ready letter is
    never rendered again; its notifications are sent again only where they are missing (the unique notification
    row decides), so a task that failed while notifying completes that part on its retry.
    """
    if not _claim(letter_id):
        letter = Letter.objects.select_related("request__council").get(pk=letter_id)
        if letter.status == LetterStatus.READY:
            letter_ready_notify(letter)
        return str(letter.status)
    letter = Letter.objects.select_related("request__council", "replaces").get(pk=letter_id)
    issued_on = timezone.localdate()
    try:
        pdf = letter_render_pdf(letter, issued_on=issued_on)
        letter = _store(letter_id=letter_id, pdf=pdf, issued_on=issued_on)
    except Exception as error:  # any rendering error is recorded on the letter, to retry by hand
        _record_failure(letter_id=letter_id, error=error)
        return str(LetterStatus.FAILED)
    letter_ready_notify(letter)
    return str(letter.status)


# A queued letter whose task was lost (the broker restarted before a worker took it) waits this long before the
# sweep renders it; a rendering one waits STALE_RENDERING (its worker died).
LOST_QUEUED = timedelta(minutes=5)


def letters_resume(*, now: Any) -> int:
    """The beat sweep's safety net: render letters whose task was lost or whose worker died; returns how many.

    Each goes through letter_render, whose compare-and-set claim makes a render that is still running elsewhere, or
    a second sweep, a no-op. Failed letters are left for a person to retry (their error may need a look first).
    """
    ids = list(
        Letter.objects.filter(
            Q(status=LetterStatus.QUEUED, updated_at__lt=now - LOST_QUEUED)
            | Q(status=LetterStatus.RENDERING, updated_at__lt=now - STALE_RENDERING)
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:100]
    )
    for letter_id in ids:
        letter_render(letter_id=letter_id)
    return len(ids)


@transaction.atomic
def _store(*, letter_id: int, pdf: bytes, issued_on: Any) -> Letter:
    letter = Letter.objects.select_for_update().select_related("request__council").get(pk=letter_id)
    if letter.status != LetterStatus.RENDERING:
        raise ValidationError(_("The letter is no longer being made."), code="status")
    letter.file.save("letter.pdf", ContentFile(pdf), save=False)
    letter.sha256 = hashlib.sha256(pdf).hexdigest()
    letter.size = len(pdf)
    letter.issued_on = issued_on
    letter.rendered_at = timezone.now()
    letter.status = LetterStatus.READY
    letter.error = ""
    fields = ["file", "sha256", "size", "issued_on", "rendered_at", "status", "error"]
    save_fields(letter, fields, actor=None, reason=_("Decision letter made"))
    return letter


@transaction.atomic
def _record_failure(*, letter_id: int, error: Exception) -> None:
    letter = Letter.objects.select_for_update().get(pk=letter_id)
    if letter.status == LetterStatus.READY:
        return
    letter.status = LetterStatus.FAILED
    letter.error = f"{type(error).__name__}: {error}"[:2000]
    save_fields(letter, ["status", "error"], actor=None, reason=_("Decision letter failed"))


# ---------------------------------------------------------------------------------------------------------------
# Notification


def letter_recipients(council: Body) -> list[User]:
    """The supporters and the current members of the council and of its chambers (active accounts only)."""
    from members.models import Membership  # members builds on councils: import at use

    bodies = [council, *Body.objects.filter(parent=council, kind=BodyKind.CHAMBER)]
    recipients: dict[int, User] = {}
    for body in bodies:
        recipients.update({user.pk: user for user in body_supporters(body)})
    user_ids = (
        Membership.objects.current(on=timezone.localdate())
        .filter(body__in=bodies, person__user__isnull=False)
        .values_list("person__user_id", flat=True)
    )
    members = User.objects.filter(pk__in=list(user_ids), is_active=True).exclude(pk__in=list(recipients))
    recipients.update({user.pk: user for user in members})
    return sorted(recipients.values(), key=lambda user: user.pk)


def request_page_url(request: Request) -> str:
    """The request's page (the letter's place in the dossier); the letter itself when there is no page."""
    for name in ("advice:request_detail", "advice:letter_pdf"):
        try:
            return reverse(name, kwargs={"uuid": request.uuid})
        except NoReverseMatch:
            continue
    return ""


def letter_ready_notify(letter: Letter) -> int:
    """Tell the council's supporters and members that the letter is ready (W-LET-2), once per person and letter;
    returns how many notifications were new."""
    request = letter.request
    due_at = letter.rendered_at or letter.updated_at
    if letter.replaces_id is not None:
        title = format_lazy(gettext_lazy("Corrected decision letter: {reference}"), reference=request.reference)
    else:
        title = format_lazy(gettext_lazy("Decision letter ready: {reference}"), reference=request.reference)
    context = {
        "reference": request.reference,
        "request_title": request.title,
        "council_name": request.council.name,
        "number": letter.number,
        "is_correction": letter.replaces_id is not None,
        "correction_reason": letter.correction_reason,
        "issued_on": letter.issued_on,
    }
    url = request_page_url(request)
    sent = 0
    for recipient in letter_recipients(request.council):
        notification = notification_send(
            recipient=recipient,
            subject=letter,
            kind=LETTER_READY,
            due_at=due_at,
            title=title,
            url=url,
            email_template="advice_letter_ready",
            context=context,
        )
        sent += notification is not None
    return sent
