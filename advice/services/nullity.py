"""Nullity of a decision taken without consent (W-CON-5, Wmcz art. 8).

A decision that needed the council's consent, taken without that consent or a ruling that replaces it, is void when
the council invokes the nullity in writing within one month after the board told it of the decision or, without
such notice, after the council saw the decision being carried out. The council's side first records the window
(the decision, the day it starts and why), then the invocation; an invocation after the month is refused with a
message that names the last day.

One month is a calendar month: the last day is the same day number one month later, or the last day of that month
when it is shorter (31 January -> 28 or 29 February). An invocation on the last day counts.
"""

import calendar
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from advice.models import (
    ConsentAnswer,
    NullityInvocation,
    NullityWindowStart,
    Request,
    RequestKind,
    Topic,
    TopicKind,
)
from councils.models import Body, BodyKind
from incluzio_mz.lib.services import save_fields, save_new


def nullity_last_day(window_start_on: date) -> date:
    """W-CON-5: the last day on which the nullity can be invoked: one calendar month after the window started."""
    year, month = (window_start_on.year, window_start_on.month + 1)
    if month > 12:
        year, month = year + 1, 1
    last_of_month = calendar.monthrange(year, month)[1]
    return date(year, month, min(window_start_on.day, last_of_month))


def window_is_open(invocation: NullityInvocation, on: date) -> bool:
    """Whether the nullity can still be invoked on day `on` (not yet invoked, within the month)."""
    return invocation.invoked_on is None and invocation.window_start_on <= on <= nullity_last_day(
        invocation.window_start_on
    )


def _long(day: date) -> str:
    return date_format(day, "j F Y")


@transaction.atomic
def nullity_window_record(
    *,
    council: Body,
    request: Request | None = None,
    topic: Topic | None = None,
    decision_description: str,
    window_start_on: date,
    basis: str,
    note: str = "",
    actor: User | None,
) -> NullityInvocation:
    """Record a decision that needed consent and was taken without it, and when (and why then) the month starts.

    The decision is identified by a consent request of this council or, when the board asked no consent at all, by
    the consent topic it falls under. A request whose consent was granted, or replaced by a standing ruling, had
    consent: its decision is not void.
    """
    from advice.services.decisions import has_replacing_ruling

    if council.kind != BodyKind.COUNCIL:
        raise ValidationError({"council": _("Only a client council can invoke the nullity of a decision.")})
    if request is not None:
        if request.council_id != council.pk or request.kind != RequestKind.CONSENT:
            raise ValidationError({"request": _("Choose a consent request of this council.")}, code="request")
        response = getattr(request, "response", None)
        if (response is not None and response.consent == ConsentAnswer.GRANTED) or has_replacing_ruling(request):
            raise ValidationError(
                {
                    "request": _(
                        "The council granted consent on this request, or a ruling replaced it: a decision on it was "
                        "not taken without consent."
                    )
                },
                code="consented",
            )
        if topic is not None and topic.pk != request.topic_id:
            raise ValidationError({"topic": _("The topic must be the consent request's topic.")}, code="topic")
        topic = request.topic
    if topic is None or topic.kind != TopicKind.CONSENT:
        raise ValidationError(
            {"topic": _("Choose the consent request, or the consent topic the decision falls under.")}, code="topic"
        )
    description = decision_description.strip()
    if not description:
        raise ValidationError({"decision_description": _("Describe the decision.")}, code="required")
    if window_start_on is None:
        raise ValidationError({"window_start_on": _("Enter the date.")}, code="required")
    if window_start_on > timezone.localdate():
        raise ValidationError({"window_start_on": _("This date cannot be in the future.")}, code="future")
    if basis not in NullityWindowStart.values:
        raise ValidationError({"window_start_basis": _("Choose why the window starts on that day.")}, code="basis")
    invocation = NullityInvocation(
        council=council,
        request=request,
        topic=topic,
        decision_description=description,
        window_start_on=window_start_on,
        window_start_basis=basis,
        window_start_note=note.strip(),
        created_by=actor,
    )
    save_new(invocation, actor=actor, reason=_("Decision without consent recorded"))
    return invocation


@transaction.atomic
def nullity_invoke(
    *, invocation: NullityInvocation, invoked_on: date, text: str, actor: User | None
) -> NullityInvocation:
    """W-CON-5: the council's written invocation of the nullity, within one month after the window started."""
    invocation = NullityInvocation.objects.select_for_update().get(pk=invocation.pk)
    if invocation.invoked_on is not None:
        raise ValidationError(
            _("The council already invoked the nullity on %(day)s.") % {"day": _long(invocation.invoked_on)},
            code="invoked",
        )
    if invoked_on is None:
        raise ValidationError({"invoked_on": _("Enter the date.")}, code="required")
    if invoked_on > timezone.localdate():
        raise ValidationError({"invoked_on": _("This date cannot be in the future.")}, code="future")
    start = invocation.window_start_on
    if invoked_on < start:
        raise ValidationError(
            {"invoked_on": _("The window only starts on %(start)s.") % {"start": _long(start)}}, code="before"
        )
    last_day = nullity_last_day(start)
    if invoked_on > last_day:
        raise ValidationError(
            {
                "invoked_on": _(
                    "Too late: the nullity must be invoked in writing within one month after %(start)s (%(basis)s). "
                    "The last day was %(last)s, so the invocation of %(day)s is refused."
                )
                % {
                    "start": _long(start),
                    "basis": invocation.get_window_start_basis_display().lower(),
                    "last": _long(last_day),
                    "day": _long(invoked_on),
                }
            },
            code="late",
        )
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Enter the text of the written invocation.")}, code="required")
    invocation.invoked_on = invoked_on
    invocation.invocation = text
    save_fields(invocation, ["invoked_on", "invocation"], actor=actor, reason=_("Nullity invoked"))
    return invocation
