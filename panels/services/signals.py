"""Signals and their follow-up (W-PAN-2): record, handle, answer, forward to the central council, tell, close, link.

The steps: received -> in_progress ("being handled") -> answered (what was done with it) -> closed. A signal cannot
be closed before the person who raised it was told (`told_on`), unless it was anonymous (no contact given): the
service says so, and the database check constraint panels_signal_closed_after_told stands behind it.

Forwarding (W-PAN-2): a signal of a panel (or a chamber) goes to the central council it feeds (docs/PANELS.md:
the body's parent council; for a body without one, the council that represents its units today). The council's
supporters record what the council did with it (`council_response`); the receiving body keeps following it and
closes it. Notifications go to the supporters who handle the signal at each step (in the portal and by e-mail).
"""

import secrets
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from councils.models import AgendaItem, Body, BodyKind, BusinessUnit, Representation
from incluzio_mz.lib.dates import require_plausible_date
from incluzio_mz.lib.emails import defang_links
from incluzio_mz.lib.services import save_fields, save_new
from incluzio_mz.services import notification_send
from panels.models import OPEN_SIGNAL_STATUSES, Activity, Signal, SignalSource, SignalStatus, SignalTheme

# The receipt's reference: "S-" and 8 characters without look-alikes (no 0/O, 1/I/L): 31^8, about 8.5e11 codes.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 8
REFERENCE_PREFIX = "S-"

SIGNAL_RECEIVED = "panels.signal_received"
SIGNAL_FORWARDED = "panels.signal_forwarded"
SIGNAL_COUNCIL_ANSWERED = "panels.signal_council_answered"


def reference_new() -> str:
    """A fresh, unguessable reference; the unique constraint on Signal.reference is the last word."""
    for _attempt in range(10):
        code = REFERENCE_PREFIX + "".join(secrets.choice(REFERENCE_ALPHABET) for _i in range(REFERENCE_LENGTH))
        if not Signal.objects.filter(reference=code).exists():
            return code
    raise RuntimeError("No free signal reference after 10 attempts.")  # pragma: no cover - 31^8 codes


def _locked(signal: Signal) -> Signal:
    return Signal.objects.select_for_update(of=("self",)).select_related("body", "forwarded_to").get(pk=signal.pk)


def signal_url(signal: Signal) -> str:
    try:
        return reverse("panels:signal_detail", kwargs={"uuid": signal.uuid})
    except NoReverseMatch:  # pragma: no cover - only while the URLconf is being built
        return ""


def council_family_ids(council: Body) -> list[int]:
    """The council and its chambers: their supporters are "the council's supporters" (as in advice/permissions.py)."""
    return [council.pk, *Body.objects.filter(parent=council, kind=BodyKind.CHAMBER).values_list("pk", flat=True)]


def _supporters_of(body_ids: list[int]) -> list[User]:
    """The active users who support one of these bodies (read fresh: a Body in memory may predate its group)."""
    return list(
        User.objects.filter(groups__supported_body__pk__in=body_ids, is_active=True)
        .distinct()
        .order_by("first_name", "username")
    )


def handling_supporters(body: Body) -> list[User]:
    """Who handles a body's signals (panels/permissions.py): its own supporters and those of its parent council (who
    manage it); for a council, the supporters of the council or of one of its chambers."""
    if body.kind == BodyKind.COUNCIL:
        return _supporters_of(council_family_ids(body))
    return _supporters_of([body.pk] + ([body.parent_id] if body.parent_id is not None else []))


def council_supporters(council: Body) -> list[User]:
    """The supporters of a council or of one of its chambers."""
    return _supporters_of(council_family_ids(council))


def _notify(signal: Signal, recipients: list[User], *, kind: str, title: object, template: str) -> None:
    url = signal_url(signal)
    context = {
        "reference": signal.reference,
        # The title may come from anyone (the public form): relayed as text, never as a link (docs/SECURITY.md).
        "signal_title": defang_links(signal.title),
        "body_name": signal.body.name,
        "council_name": signal.forwarded_to.name if signal.forwarded_to is not None else "",
        "source": str(signal.get_source_display()),
        "theme": str(signal.get_theme_display()),
    }
    for recipient in recipients:
        notification_send(
            recipient=recipient,
            subject=signal,
            kind=kind,
            due_at=timezone.now(),
            title=title,  # type: ignore[arg-type]  # a lazy string
            url=url,
            email_template=template,
            context=context,
        )


# ---------------------------------------------------------------------------------------------------------------
# Recording a signal


@transaction.atomic
def signal_create(
    *,
    body: Body,
    title: str,
    description: str,
    source: str,
    theme: str = SignalTheme.OTHER,
    sender_name: str = "",
    sender_contact: str = "",
    activity: Activity | None = None,
    received_on: date | None = None,
    actor: User | None,
) -> Signal:
    """Record a signal for body (from a panel activity, the public form, a member or a supporter).

    Gives it an unguessable reference (the sender's receipt) and notifies the supporters who handle the body's
    signals. The notification names the reference and the body, never the sender.
    """
    if not body.active:
        raise ValidationError(_("%(body)s is not active."), params={"body": body.name})
    today = timezone.localdate()
    received_on = received_on or today
    if received_on > today:
        raise ValidationError({"received_on": _("The date it was received cannot be in the future.")})
    require_plausible_date(received_on, field="received_on")
    if activity is not None:
        if activity.body_id != body.pk:
            raise ValidationError({"activity": _("The activity must be one of this body's activities.")})
        if source != SignalSource.ACTIVITY:
            raise ValidationError({"source": _("A signal from an activity has the source “Panel activity”.")})
    signal = Signal(
        reference=reference_new(),
        body=body,
        title=title.strip(),
        description=description.strip(),
        source=source,
        theme=theme or SignalTheme.OTHER,
        activity=activity,
        received_on=received_on,
        sender_name=sender_name.strip(),
        sender_contact=sender_contact.strip(),
        created_by=actor,
    )
    save_new(signal, actor=actor, reason=_("Signal received"))
    _notify(
        signal,
        handling_supporters(body),
        kind=SIGNAL_RECEIVED,
        title=format_lazy(gettext_lazy("New signal {reference} for {body}"), reference=signal.reference, body=body),
        template="panels_signal_received",
    )
    return signal


# ---------------------------------------------------------------------------------------------------------------
# Handling


def _require_open(signal: Signal) -> None:
    if signal.status not in OPEN_SIGNAL_STATUSES:
        raise ValidationError(_("This signal is closed."), code="status")


@transaction.atomic
def signal_start_handling(*, signal: Signal, actor: User | None) -> Signal:
    """received -> in_progress ("being handled")."""
    signal = _locked(signal)
    if signal.status != SignalStatus.RECEIVED:
        raise ValidationError(_("Only a newly received signal can be taken into handling."), code="status")
    signal.status = SignalStatus.IN_PROGRESS
    save_fields(signal, ["status"], actor=actor, reason=_("Being handled"))
    return signal


@transaction.atomic
def signal_answer(*, signal: Signal, response: str, actor: User | None) -> Signal:
    """Record what was done with it: the signal is answered (a later answer replaces the text, with history)."""
    signal = _locked(signal)
    _require_open(signal)
    response = response.strip()
    if not response:
        raise ValidationError({"response": _("Write down what was done with the signal.")})
    signal.response = response
    signal.status = SignalStatus.ANSWERED
    save_fields(signal, ["response", "status"], actor=actor, reason=_("Answered"))
    return signal


def forward_targets(body: Body, *, on: date) -> list[Body]:
    """The central council(s) a body's signals can go to (docs/PANELS.md): the parent council of a panel or a
    chamber; for a body without one, the councils that represent one of its units on day. A council has none."""
    if body.kind == BodyKind.COUNCIL:
        return []
    if body.parent_id is not None:
        parent = body.parent
        return [parent] if parent is not None and parent.kind == BodyKind.COUNCIL and parent.active else []
    units = BusinessUnit.objects.filter(Q(pk__in=Representation.objects.on(on).filter(body=body).values("unit_id")))
    councils = (
        Body.objects.councils()
        .active()
        .filter(pk__in=Representation.objects.on(on).filter(unit__in=units).values("body_id"))
        .order_by("name")
    )
    return list(councils)


@transaction.atomic
def signal_forward(*, signal: Signal, council: Body, actor: User | None) -> Signal:
    """W-PAN-2: send the signal to the central council; its supporters see it with its origin and answer it."""
    signal = _locked(signal)
    _require_open(signal)
    if signal.forwarded_to_id is not None:
        raise ValidationError(
            _("This signal has already been forwarded to %(council)s."), params={"council": signal.forwarded_to}
        )
    today = timezone.localdate()
    if council.pk not in {target.pk for target in forward_targets(signal.body, on=today)}:
        raise ValidationError(
            {"council": _("%(body)s cannot forward signals to %(council)s.")},
            params={"body": signal.body.name, "council": council.name},
        )
    signal.forwarded_to = council
    signal.forwarded_on = today
    save_fields(
        signal,
        ["forwarded_to", "forwarded_on"],
        actor=actor,
        reason=_("Forwarded to %(council)s") % {"council": council.name},
    )
    _notify(
        signal,
        council_supporters(council),
        kind=SIGNAL_FORWARDED,
        title=format_lazy(
            gettext_lazy("Signal {reference} from {body} forwarded to {council}"),
            reference=signal.reference,
            body=signal.body,
            council=council,
        ),
        template="panels_signal_forwarded",
    )
    return signal


@transaction.atomic
def signal_council_answer(
    *, signal: Signal, response: str, responded_on: date | None = None, actor: User | None
) -> Signal:
    """What the central council did with a forwarded signal; the receiving body's supporters are told."""
    signal = _locked(signal)
    if signal.forwarded_to_id is None:
        raise ValidationError(_("Only a forwarded signal gets the council's answer."), code="status")
    response = response.strip()
    if not response:
        raise ValidationError({"council_response": _("Write down what the council did with the signal.")})
    today = timezone.localdate()
    responded_on = responded_on or today
    if responded_on > today:
        raise ValidationError({"council_responded_on": _("The date cannot be in the future.")})
    if signal.forwarded_on is not None and responded_on < signal.forwarded_on:
        raise ValidationError({"council_responded_on": _("The council cannot answer before it got the signal.")})
    signal.council_response = response
    signal.council_responded_on = responded_on
    save_fields(
        signal, ["council_response", "council_responded_on"], actor=actor, reason=_("The council's answer recorded")
    )
    _notify(
        signal,
        handling_supporters(signal.body),
        kind=SIGNAL_COUNCIL_ANSWERED,
        title=format_lazy(
            gettext_lazy("{council} answered signal {reference}"),
            council=signal.forwarded_to,
            reference=signal.reference,
        ),
        template="panels_signal_council_answered",
    )
    return signal


@transaction.atomic
def signal_told(*, signal: Signal, told_on: date, told_how: str, actor: User | None) -> Signal:
    """Record when and how the person who raised the signal was told what was done with it."""
    signal = _locked(signal)
    _require_open(signal)
    told_how = told_how.strip()
    if not told_how:
        raise ValidationError({"told_how": _("Say how the person was told (for example by phone or e-mail).")})
    if told_on > timezone.localdate():
        raise ValidationError({"told_on": _("The date cannot be in the future.")})
    if told_on < signal.received_on:
        raise ValidationError({"told_on": _("The person cannot be told before the signal was received.")})
    signal.told_on = told_on
    signal.told_how = told_how
    save_fields(signal, ["told_on", "told_how"], actor=actor, reason=_("The person who raised it was told"))
    return signal


@transaction.atomic
def signal_close(*, signal: Signal, closed_on: date | None = None, actor: User | None) -> Signal:
    """Close an answered signal. W-PAN-2: not before the person was told, unless the signal was anonymous."""
    signal = _locked(signal)
    if signal.status != SignalStatus.ANSWERED:
        raise ValidationError(_("Record what was done with the signal before closing it."), code="status")
    if signal.told_on is None and not signal.is_anonymous:
        raise ValidationError(
            _("Record when the person who raised the signal was told before closing it."), code="not_told"
        )
    today = timezone.localdate()
    closed_on = closed_on or today
    if closed_on > today:
        raise ValidationError({"closed_on": _("The date cannot be in the future.")})
    signal.status = SignalStatus.CLOSED
    signal.closed_on = closed_on
    save_fields(signal, ["status", "closed_on"], actor=actor, reason=_("Closed"))
    return signal


def _council_of(body: Body) -> Body | None:
    if body.kind == BodyKind.COUNCIL:
        return body
    return body.parent if body.parent is not None and body.parent.kind == BodyKind.COUNCIL else None


def link_body_ids(signal: Signal) -> set[int]:
    """Where a signal's agenda item or request may come from: the receiving body, its council (with chambers), and
    the council it was forwarded to (with chambers)."""
    allowed = {signal.body_id}
    for council in (_council_of(signal.body), signal.forwarded_to):
        if council is not None:
            allowed.update(council_family_ids(council))
    return allowed


@transaction.atomic
def signal_link(
    *, signal: Signal, agenda_item: AgendaItem | None = None, request: object = None, actor: User | None
) -> Signal:
    """Link the signal to the agenda item where it was discussed and/or the request it led to (unsolicited advice
    often starts from signals). Both must belong to the receiving body, its council or the council it went to."""
    from advice.models import Request  # advice builds on councils and panels' signals: import at use

    signal = _locked(signal)
    if agenda_item is None and request is None:
        raise ValidationError(_("Choose an agenda item or a request to link."))
    allowed = link_body_ids(signal)
    fields: list[str] = []
    if agenda_item is not None:
        if agenda_item.meeting.body_id not in allowed:
            raise ValidationError({"agenda_item": _("The agenda item must be of this body or its council.")})
        signal.agenda_item = agenda_item
        fields.append("agenda_item")
    if request is not None:
        if not isinstance(request, Request) or request.council_id not in allowed:
            raise ValidationError({"request": _("The request must be of this body's council.")})
        signal.request = request
        fields.append("request")
    save_fields(signal, fields, actor=actor, reason=_("Linked"))
    return signal
