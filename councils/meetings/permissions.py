"""The access gate for meetings and their documents (DESIGN.md convention 4). Views read these rows only here.

Meetings follow the body gate (councils/permissions.py):
- administrators and board members see every meeting (the board sees all agendas, docs/MEETINGS.md);
- everyone else sees the meetings of the bodies they may VIEW: a member those of their own body and, for a chamber,
  its council's (joint) meetings, but not the other chamber's; a supporter those of the bodies they may see;
- MANAGE (edit, agenda, minutes, attendance, documents) is councils.permissions.body_allows(MANAGE) on the
  meeting's body: administrators and the body's (or its council's) supporters.

Documents (children of a meeting or a body) add their confidentiality level:
- public: whoever may see the document's body (the public pages come later, with their own read);
- body: the whole council: members of the council and of all its chambers, supporters who may see the body, the
  board and administrators;
- chamber: only the body itself: its own current members and the supporters who manage it, and administrators;
- board_and_supporters: the board, the supporters of that body or of the council it belongs to (who manage it,
  as body_allows(MANAGE)), and administrators; never members, never the supporters of a sibling chamber, of a panel
  or of another council (issue 15). Documents in a request's or dispute's dossier are decided by the advice gate
  (advice/permissions.py), see document_for_user.

Outsiders get 404 (existence is not revealed), also for a document they may not read; 403 is for who may see a
row but not do this.
"""

from enum import StrEnum
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from accounts.roles import is_administrator, is_board_member
from councils.models import (
    Attendance,
    BoardAttendance,
    Body,
    BodyKind,
    Confidentiality,
    Document,
    DocumentQuerySet,
    DocumentVersion,
    Meeting,
    MeetingQuerySet,
    Minutes,
    MinutesStatus,
)
from councils.permissions import AnyUser, BodyAction, bodies_for_user, body_allows, supported_body_ids


class MeetingAction(StrEnum):
    VIEW = "view"
    MANAGE = "manage"


class DocumentAction(StrEnum):
    VIEW = "view"
    MANAGE = "manage"


def _sees_all_meetings(user: AnyUser) -> bool:
    return is_administrator(user) or is_board_member(user)


def _visible_body_ids(user: AnyUser) -> frozenset[int]:
    """The bodies user may see through the body gate (cached on the user object per request)."""
    cached: frozenset[int] | None = getattr(user, "_meeting_visible_body_ids", None)
    if cached is None:
        cached = frozenset(bodies_for_user(user, BodyAction.VIEW).values_list("pk", flat=True))
        setattr(user, "_meeting_visible_body_ids", cached)  # noqa: B010 - a per-request cache on the user object
    return cached


def _own_member_body_ids(user: AnyUser) -> frozenset[int]:
    """The bodies user is a current member of themselves (no council added for a chamber: that is the body gate's)."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached: frozenset[int] | None = getattr(user, "_own_member_body_ids", None)
    if cached is None:
        from members.models import Membership

        rows = Membership.objects.current(on=timezone.localdate()).filter(person__user_id=user.pk)
        cached = frozenset(rows.values_list("body_id", flat=True))
        setattr(user, "_own_member_body_ids", cached)  # noqa: B010 - a per-request cache on the user object
    return cached


def _council_family_ids(body_ids: frozenset[int]) -> frozenset[int]:
    """For each body, its whole council (the council and its chambers); a panel or a lone body stays itself."""
    if not body_ids:
        return frozenset()
    rows = Body.objects.filter(pk__in=body_ids).values_list("pk", "kind", "parent_id")
    councils = {pk for pk, kind, _parent in rows if kind == BodyKind.COUNCIL}
    councils |= {parent for _pk, kind, parent in rows if kind == BodyKind.CHAMBER and parent is not None}
    chambers = Body.objects.filter(parent_id__in=councils, kind=BodyKind.CHAMBER).values_list("pk", flat=True)
    return frozenset(body_ids | councils | set(chambers))


def _managed_body_ids(user: AnyUser) -> frozenset[int]:
    """The bodies a supporter manages: the supported bodies and their children (as body_allows(MANAGE))."""
    supported = supported_body_ids(user)
    if not supported:
        return frozenset()
    cached: frozenset[int] | None = getattr(user, "_meeting_managed_body_ids", None)
    if cached is None:
        children = Body.objects.filter(parent_id__in=supported).values_list("pk", flat=True)
        cached = frozenset(supported | set(children))
        setattr(user, "_meeting_managed_body_ids", cached)  # noqa: B010 - a per-request cache on the user object
    return cached


# ---------------------------------------------------------------------------------------------------------------
# Meetings


def meetings_for_user(user: AnyUser, action: MeetingAction = MeetingAction.VIEW) -> MeetingQuerySet:
    """The meetings user may see (or manage): the only source of meetings for list pages and the iCal feed."""
    queryset = Meeting.objects.select_related("body", "body__parent")
    if action == MeetingAction.MANAGE:
        if is_administrator(user):
            return queryset
        return queryset.filter(body_id__in=_managed_body_ids(user))
    if _sees_all_meetings(user):
        return queryset
    return queryset.filter(body_id__in=_visible_body_ids(user))


def meeting_allows(user: AnyUser, meeting: Meeting, action: MeetingAction) -> bool:
    """Whether user may do action on meeting (for showing links; views still go through meeting_for_user)."""
    if action == MeetingAction.MANAGE:
        return body_allows(user, meeting.body, BodyAction.MANAGE)
    return _sees_all_meetings(user) or meeting.body_id in _visible_body_ids(user)


def meeting_for_user(user: AnyUser, uuid: UUID | str, action: MeetingAction = MeetingAction.VIEW) -> Meeting:
    """One meeting by uuid: 404 when user may not see it (or it does not exist), 403 when they may not act."""
    try:
        meeting = meetings_for_user(user, MeetingAction.VIEW).get(uuid=uuid)
    except (Meeting.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    if action != MeetingAction.VIEW and not meeting_allows(user, meeting, action):
        raise PermissionDenied
    return meeting


def minutes_for_user(user: AnyUser, meeting: Meeting) -> "list[Minutes]":
    """The minutes versions user may read of a meeting they may see: drafts only for who manages the meeting."""
    versions = Minutes.objects.filter(meeting=meeting).order_by("version")
    if not meeting_allows(user, meeting, MeetingAction.MANAGE):
        versions = versions.filter(status__in=[MinutesStatus.SHARED, MinutesStatus.APPROVED])
    return list(versions)


def attendance_for_user(user: AnyUser, meeting: Meeting) -> "list[Attendance]":
    """Attendance is for who manages the meeting (supporters, administrators); nobody else sees it here."""
    if not meeting_allows(user, meeting, MeetingAction.MANAGE):
        return []
    return list(Attendance.objects.filter(meeting=meeting).select_related("person"))


def board_attendance_for_user(user: AnyUser, meeting: Meeting) -> "list[BoardAttendance]":
    """The board's attendance: for who manages the meeting (supporters, administrators) and for the board itself."""
    if meeting.starts_at > timezone.now():
        return []  # recorded only once the meeting has started: nothing to read before (no query)
    if not (meeting_allows(user, meeting, MeetingAction.MANAGE) or is_board_member(user)):
        return []
    return list(BoardAttendance.objects.filter(meeting=meeting).select_related("user").order_by("user__first_name"))


# ---------------------------------------------------------------------------------------------------------------
# Documents


def _readable_documents_filter(user: AnyUser) -> Q | None:
    """None: every document. Otherwise the Q of the documents user may read (see the module docstring)."""
    if is_administrator(user):
        return None
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    board = is_board_member(user)
    visible = _visible_body_ids(user)
    supporter = bool(supported_body_ids(user))
    own = _own_member_body_ids(user)
    supporter_visible = visible if supporter else frozenset()

    public = Q(confidentiality=Confidentiality.PUBLIC)
    whole_council = Q(confidentiality=Confidentiality.BODY)
    board_and_supporters = Q(confidentiality=Confidentiality.BOARD_AND_SUPPORTERS)
    if not board:
        public &= Q(body_id__in=visible)
        whole_council &= Q(body_id__in=_council_family_ids(own) | supporter_visible)
        board_and_supporters &= Q(body_id__in=_managed_body_ids(user))
    only_body = Q(confidentiality=Confidentiality.CHAMBER, body_id__in=own | _managed_body_ids(user))
    return public | whole_council | only_body | board_and_supporters


def readable_documents_filter(user: AnyUser) -> Q | None:
    """The confidentiality rules alone (None: every document), for the advice gate's dossiers to build on."""
    return _readable_documents_filter(user)


# Documents in a request's or dispute's dossier (advice.RequestDocument, advice.DisputeDocument) are not the
# body's or a meeting's: their reads and writes are decided by the advice gate (issue 15), so a draft request's
# documents stay the board's alone. These lists leave them out; document_for_user hands them to that gate.
_NOT_IN_A_DOSSIER = Q(advice_request_link__isnull=True, advice_dispute_link__isnull=True)


def _documents(user: AnyUser) -> DocumentQuerySet:
    queryset = Document.objects.select_related("body", "meeting").filter(_NOT_IN_A_DOSSIER)
    condition = _readable_documents_filter(user)
    return queryset if condition is None else queryset.filter(condition)


def documents_for_user(user: AnyUser, meeting_or_body: Meeting | Body) -> DocumentQuerySet:
    """The documents user may read of a meeting (attached to it or linked to its items) or of a body.

    Empty when user may not see the meeting or the body at all. Versions are prefetched (newest via
    Document.latest_version()). Documents in a request's or dispute's dossier are never listed here.
    """
    if isinstance(meeting_or_body, Meeting):
        if not meeting_allows(user, meeting_or_body, MeetingAction.VIEW):
            return Document.objects.none()
        scoped = Document.objects.for_meeting(meeting_or_body).values("pk")
    else:
        if not (_sees_all_meetings(user) or meeting_or_body.pk in _visible_body_ids(user)):
            return Document.objects.none()
        scoped = Document.objects.for_body(meeting_or_body).values("pk")
    return _documents(user).filter(pk__in=scoped).prefetch_related("versions").order_by("title", "pk")


def document_for_user(user: AnyUser, uuid: UUID | str, action: DocumentAction = DocumentAction.VIEW) -> Document:
    """One document by uuid: 404 when user may not read it (or it does not exist), 403 when they may read it but not
    manage it (a new version, a new title or level: who manages its body).

    A document in a request's or dispute's dossier goes through that request's or dispute's gate instead
    (advice.permissions.dossier_document_check): one gate per aggregate.
    """
    from advice.permissions import dossier_document_check  # advice builds on meetings: import at use

    try:
        document = Document.objects.select_related("body", "meeting").get(uuid=uuid)
    except (Document.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    if dossier_document_check(user, document, action):
        return document
    if not _documents(user).filter(pk=document.pk).exists():
        raise Http404
    if action == DocumentAction.MANAGE and not body_allows(user, document.body, BodyAction.MANAGE):
        raise PermissionDenied
    return document


def document_version_for_user(user: AnyUser, uuid: UUID | str, number: int) -> DocumentVersion:
    """One version of a document user may read (older versions stay downloadable to the same people); else 404."""
    document = document_for_user(user, uuid)
    try:
        return document.versions.get(number=number)
    except DocumentVersion.DoesNotExist:
        raise Http404 from None
