"""The access gate for activities, signals and the central council's local contacts (DESIGN.md convention 4).

Views read these rows only through here. Decisions (docs/PANELS.md):

Activities (W-PAN-1) hold no personal data (a method, a date, numbers, what came out), so they follow the body
gate (councils/permissions.py): who may VIEW a body reads its activities (its members, the supporters who see it,
the board, administrators); who may MANAGE it (its supporters or its council's, administrators) records them.

Signals (W-PAN-2) carry personal input (what someone experienced, often with a name and a phone number), so they
are narrower than the body:
- the receiving side (HANDLE: every step, and the sender's contact details): administrators, the supporters who
  manage the receiving body (its own, or its parent council's), and for a signal received by a council the
  supporters of that council or of one of its chambers;
- the council it was forwarded to (COUNCIL: record what the council did with it): the supporters of that council
  or of one of its chambers (as in advice/permissions.py). They see its origin and content, not the sender's
  contact details, which stay with the receiving side;
- nobody else: not the members of the body (they read the activities, not the individual input), not the board
  (it hears about signals through the council's advice and the agenda, not the raw input).
Who may not see a signal gets 404 (its existence is not revealed); who may see it but not do this step gets 403.

Local contacts (W-SCOPE-5: working visits and panel contacts) are the council's own records: readable by who may
VIEW the council, recorded by the supporters of the council or one of its chambers, and administrators.
"""

from enum import StrEnum
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.roles import is_administrator
from councils.models import Body, BodyKind
from councils.permissions import AnyUser, BodyAction, body_allows, body_for_user, supported_body_ids
from panels.models import Activity, LocalContact, Signal


class ActivityAction(StrEnum):
    VIEW = "view"
    MANAGE = "manage"


class SignalAction(StrEnum):
    VIEW = "view"
    # The receiving body's steps: handle, answer, forward, tell, close, link; and the sender's contact details.
    HANDLE = "handle"
    # The central council's step: record what it did with a forwarded signal.
    COUNCIL = "council"


# ---------------------------------------------------------------------------------------------------------------
# Who is on which side (cached on the user object per request, like the body gate's sets)


def supported_council_ids(user: AnyUser) -> frozenset[int]:
    """The councils user supports directly or through one of their chambers."""
    cached: frozenset[int] | None = getattr(user, "_panels_supported_council_ids", None)
    if cached is None:
        supported = supported_body_ids(user)
        ids: set[int] = set()
        if supported:
            rows = Body.objects.filter(pk__in=supported).values_list("pk", "kind", "parent_id")
            ids = {pk for pk, kind, _parent in rows if kind == BodyKind.COUNCIL}
            ids |= {parent for _pk, kind, parent in rows if kind == BodyKind.CHAMBER and parent is not None}
        cached = frozenset(ids)
        setattr(user, "_panels_supported_council_ids", cached)  # noqa: B010 - a per-request cache on the user object
    return cached


def handled_body_ids(user: AnyUser) -> frozenset[int]:
    """The bodies whose received signals user handles: the bodies they manage (supported ones and their children)
    and the councils they support through a chamber."""
    cached: frozenset[int] | None = getattr(user, "_panels_handled_body_ids", None)
    if cached is None:
        supported = supported_body_ids(user)
        ids: set[int] = set(supported)
        if supported:
            ids |= set(Body.objects.filter(parent_id__in=supported).values_list("pk", flat=True))
        cached = frozenset(ids | supported_council_ids(user))
        setattr(user, "_panels_handled_body_ids", cached)  # noqa: B010 - a per-request cache on the user object
    return cached


# ---------------------------------------------------------------------------------------------------------------
# Activities


def activities_for_user(user: AnyUser, body: Body) -> QuerySet[Activity]:
    """The activities of a body user may see (the caller got body from body_for_user): all of them."""
    if not body_allows(user, body, BodyAction.VIEW):
        return Activity.objects.none()
    return Activity.objects.filter(body=body).select_related("body")


def activity_for_user(
    user: AnyUser, slug: str, uuid: UUID | str, action: ActivityAction = ActivityAction.VIEW
) -> Activity:
    """One activity of the body `slug`: 404 when user may not see the body (or it has no such activity), 403 when
    they may see it but not change it."""
    body = body_for_user(user, slug)
    try:
        activity = Activity.objects.select_related("body").get(body=body, uuid=uuid)
    except (Activity.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    if action == ActivityAction.MANAGE and not body_allows(user, body, BodyAction.MANAGE):
        raise PermissionDenied
    return activity


# ---------------------------------------------------------------------------------------------------------------
# Signals


def _signals_filter(user: AnyUser) -> Q | None:
    if is_administrator(user):
        return None
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    return Q(body_id__in=handled_body_ids(user)) | Q(forwarded_to_id__in=supported_council_ids(user))


def signals_for_user(user: AnyUser) -> QuerySet[Signal]:
    """The signals user may see: the only source of signals for list pages (with body and council selected)."""
    queryset = Signal.objects.select_related("body", "forwarded_to")
    condition = _signals_filter(user)
    return queryset if condition is None else queryset.filter(condition)


def signal_allows(user: AnyUser, signal: Signal, action: SignalAction) -> bool:
    """Whether user may do action on a signal (links and buttons; views still go through signal_for_user)."""
    if is_administrator(user):
        return True
    handles = signal.body_id in handled_body_ids(user)
    if action == SignalAction.HANDLE:
        return handles
    in_council = signal.forwarded_to_id is not None and signal.forwarded_to_id in supported_council_ids(user)
    if action == SignalAction.COUNCIL:
        return in_council
    return handles or in_council


def signal_for_user(user: AnyUser, uuid: UUID | str, action: SignalAction = SignalAction.VIEW) -> Signal:
    """One signal by uuid: 404 when user may not see it (or it does not exist), 403 when they may not do this."""
    try:
        signal = signals_for_user(user).select_related("activity", "agenda_item__meeting", "request").get(uuid=uuid)
    except (Signal.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    if action != SignalAction.VIEW and not signal_allows(user, signal, action):
        raise PermissionDenied
    return signal


def may_see_sender(user: AnyUser, signal: Signal) -> bool:
    """The sender's name and contact details: only for the receiving side (they tell the person)."""
    return signal_allows(user, signal, SignalAction.HANDLE)


def signal_scopes(user: AnyUser) -> tuple[frozenset[int] | None, frozenset[int] | None]:
    """For the signal filters: (the bodies whose received signals user handles, the councils whose forwarded signals
    user answers); None means all of them (administrators)."""
    if is_administrator(user):
        return None, None
    return handled_body_ids(user), supported_council_ids(user)


def may_record_signals(user: AnyUser, body: Body) -> bool:
    """Whether user may record a signal for body (the supporters' form)."""
    return is_administrator(user) or body.pk in handled_body_ids(user)


def signal_bodies_for_user(user: AnyUser) -> QuerySet[Body]:
    """The active bodies user may record signals for (the create form's choices)."""
    queryset = Body.objects.active().select_related("parent").order_by("name")
    return queryset if is_administrator(user) else queryset.filter(pk__in=handled_body_ids(user))


# ---------------------------------------------------------------------------------------------------------------
# The central council's local contacts (W-SCOPE-5)


def may_record_contacts(user: AnyUser, council: Body) -> bool:
    return is_administrator(user) or council.pk in supported_council_ids(user)


def council_for_contacts(user: AnyUser, slug: str, *, record: bool = False) -> Body:
    """The council whose working visits and panel contacts are shown (404 for who may not see it, or a body that is
    not a council); 403 when recording and user is not on the council's side."""
    body = body_for_user(user, slug)
    if body.kind != BodyKind.COUNCIL:
        raise Http404
    if record and not may_record_contacts(user, body):
        raise PermissionDenied
    return body


def contacts_for_user(user: AnyUser, council: Body) -> QuerySet[LocalContact]:
    if not body_allows(user, council, BodyAction.VIEW):
        return LocalContact.objects.none()
    return LocalContact.objects.filter(council=council).select_related("unit", "panel", "created_by")
