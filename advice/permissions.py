"""The access gate for requests, their letters and disputes (DESIGN.md convention 4). Views read these rows only here.

Who sees a request (VIEW):
- administrators and board members: every request, drafts included;
- the supporters of its council or of one of the council's chambers: every request of that council except drafts;
- current members of the council or of one of its chambers: the same (their documents filtered by confidentiality:
  never "board_and_supporters").

Who acts:
- BOARD (create, edit a draft, submit, answer an information request, decide, withdraw, correct or retry a letter):
  administrators and board members;
- COUNCIL (ask for information, record a chamber position, link a consultation, answer, submit unsolicited advice,
  invoke nullity, publish a summary): administrators and the supporters of the council or of one of its chambers.
  Members read only; the supporters record what the council decided;
- DISPUTE (open a dispute and keep its dossier): either side: BOARD or COUNCIL.

Outsiders (everyone else, including members and supporters of another council) get 404: existence is not
revealed. Someone who may see a request but not do this gets 403.
"""

from enum import StrEnum
from uuid import UUID

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.roles import is_administrator, is_board_member
from advice.models import (
    Dispute,
    DossierSide,
    Letter,
    LetterStatus,
    NullityInvocation,
    Request,
    RequestQuerySet,
    RequestStatus,
)
from councils.meetings.permissions import readable_documents_filter
from councils.models import Body, BodyKind, Confidentiality, Document, DocumentQuerySet
from councils.permissions import AnyUser, member_body_ids, supported_body_ids


class RequestAction(StrEnum):
    VIEW = "view"
    BOARD = "board"
    COUNCIL = "council"
    DISPUTE = "dispute"
    # Add a document to a request's dossier: either side, like DISPUTE (the board its proposal, the council's
    # supporters their attachments).
    DOCUMENT = "document"


def is_board_side(user: AnyUser) -> bool:
    return is_administrator(user) or is_board_member(user)


def _council_ids(body_ids: frozenset[int]) -> frozenset[int]:
    """The councils of these bodies: a council itself, or a chamber's parent council (panels have none)."""
    if not body_ids:
        return frozenset()
    rows = Body.objects.filter(pk__in=body_ids).values_list("pk", "kind", "parent_id")
    ids = {pk for pk, kind, _parent in rows if kind == BodyKind.COUNCIL}
    ids |= {parent for _pk, kind, parent in rows if kind == BodyKind.CHAMBER and parent is not None}
    return frozenset(ids)


def supported_council_ids(user: AnyUser) -> frozenset[int]:
    """The councils whose side user may act for: supported councils and the councils of supported chambers."""
    cached: frozenset[int] | None = getattr(user, "_advice_supported_council_ids", None)
    if cached is None:
        cached = _council_ids(supported_body_ids(user))
        setattr(user, "_advice_supported_council_ids", cached)  # noqa: B010 - a per-request cache on the user object
    return cached


def member_council_ids(user: AnyUser) -> frozenset[int]:
    """The councils user is a current member of (directly or through a chamber)."""
    cached: frozenset[int] | None = getattr(user, "_advice_member_council_ids", None)
    if cached is None:
        cached = _council_ids(member_body_ids(user))
        setattr(user, "_advice_member_council_ids", cached)  # noqa: B010 - a per-request cache on the user object
    return cached


def _visible_filter(user: AnyUser) -> Q | None:
    """None: every request. Otherwise the Q of the requests user may see (Q(pk__in=[]) for none)."""
    if is_board_side(user):
        return None
    councils = supported_council_ids(user) | member_council_ids(user)
    return Q(council_id__in=councils) & ~Q(status=RequestStatus.DRAFT)


def requests_for_user(user: AnyUser, action: RequestAction = RequestAction.VIEW) -> RequestQuerySet:
    """The requests user may see (or act on): the only source of requests for list pages and dashboards."""
    queryset = Request.objects.select_related("council", "topic", "responsible")
    if action == RequestAction.BOARD:
        return queryset if is_board_side(user) else queryset.none()
    if action == RequestAction.COUNCIL:
        if is_administrator(user):
            return queryset.exclude(status=RequestStatus.DRAFT)
        return queryset.filter(council_id__in=supported_council_ids(user)).exclude(status=RequestStatus.DRAFT)
    if action == RequestAction.DISPUTE:
        if is_board_side(user):
            return queryset
        return queryset.filter(council_id__in=supported_council_ids(user)).exclude(status=RequestStatus.DRAFT)
    condition = _visible_filter(user)
    return queryset if condition is None else queryset.filter(condition)


def council_side_allows(user: AnyUser, council: Body) -> bool:
    """Whether user may act for this council (its supporters, or a chamber's, and administrators)."""
    return is_administrator(user) or council.pk in supported_council_ids(user)


def request_allows(user: AnyUser, request: Request, action: RequestAction) -> bool:
    """Whether user may do action on request (for showing links; views still go through request_for_user)."""
    if action == RequestAction.VIEW:
        return requests_for_user(user).filter(pk=request.pk).exists()
    if action == RequestAction.BOARD:
        return is_board_side(user)
    if action == RequestAction.COUNCIL:
        return request.status != RequestStatus.DRAFT and council_side_allows(user, request.council)
    return is_board_side(user) or (request.status != RequestStatus.DRAFT and council_side_allows(user, request.council))


def request_for_user(user: AnyUser, uuid: UUID | str, action: RequestAction = RequestAction.VIEW) -> Request:
    """One request by uuid: 404 when user may not see it (or it does not exist), 403 when they may not act."""
    try:
        request = requests_for_user(user).get(uuid=uuid)
    except (Request.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    if action != RequestAction.VIEW and not request_allows(user, request, action):
        raise PermissionDenied
    return request


def councils_for_user(user: AnyUser, action: RequestAction) -> list[Body]:
    """The councils user may choose for a new request (BOARD: every active council) or for unsolicited advice and
    a nullity invocation (COUNCIL: the councils they act for)."""
    councils = Body.objects.filter(kind=BodyKind.COUNCIL, active=True).order_by("name")
    if action == RequestAction.BOARD:
        return list(councils) if is_board_side(user) else []
    if is_administrator(user):
        return list(councils)
    return list(councils.filter(pk__in=supported_council_ids(user)))


# ---------------------------------------------------------------------------------------------------------------
# Documents in a request's or dispute's dossier (issue 15): they follow the request's (or dispute's) gate, then
# their confidentiality level. A draft request's documents are the board's alone (the request itself is). "Board and
# supporters" here is the board and the supporters who act for the council (of the council or one of its chambers).
# New versions: only the side that added the document (DossierSide), and only who may add documents at all.


def _dossier_level_filter(user: AnyUser, council: Body) -> Q | None:
    """None: every level. Otherwise the Q of the dossier documents of council user may read by their level."""
    condition = readable_documents_filter(user)
    if condition is not None and (is_board_side(user) or council_side_allows(user, council)):
        condition |= Q(confidentiality=Confidentiality.BOARD_AND_SUPPORTERS)
    return condition


def _dossier_documents(user: AnyUser, council: Body, link: Q) -> DocumentQuerySet:
    queryset = Document.objects.filter(link).select_related("body", "meeting")
    condition = _dossier_level_filter(user, council)
    if condition is not None:
        queryset = queryset.filter(condition)
    return queryset.prefetch_related("versions").order_by("title", "pk")


def request_documents_for_user(user: AnyUser, request: Request) -> DocumentQuerySet:
    """The documents of request's dossier that user may read: none when user may not see the request (a draft's
    are the board's alone), else by their confidentiality level (never "board_and_supporters" for a member)."""
    if not requests_for_user(user).filter(pk=request.pk).exists():
        return Document.objects.none()
    return _dossier_documents(user, request.council, Q(advice_request_link__request=request))


def dispute_documents_for_user(user: AnyUser, dispute: Dispute) -> DocumentQuerySet:
    """The documents of dispute's dossier that user may read (the same rules as a request's dossier)."""
    if not disputes_for_user(user).filter(pk=dispute.pk).exists():
        return Document.objects.none()
    return _dossier_documents(user, dispute.council, Q(advice_dispute_link__dispute=dispute))


def _side_allows(user: AnyUser, side: str, council: Body) -> bool:
    """Whether user acts for side: the board side for the board's documents, the council's for the council's."""
    if is_administrator(user):
        return True
    if side == DossierSide.BOARD:
        return is_board_member(user)
    return council_side_allows(user, council)


def dossier_document_check(user: AnyUser, document: Document, action: str) -> bool:
    """The gate for a document in a request's or dispute's dossier (called by the meetings document gate).

    False when document is in no dossier (the meetings gate decides). Otherwise True when user may do action
    ("view": read and download; "manage": a new version), Http404 when they may not read it (they may not see the
    request or dispute, or its level keeps it from them) and PermissionDenied when they may read but not manage it.
    """
    try:
        request_link = document.advice_request_link
    except ObjectDoesNotExist:
        request_link = None
    if request_link is not None:
        request = request_link.request
        if not requests_for_user(user).filter(pk=request.pk).exists():
            raise Http404
        council, side = request.council, request_link.side
        may_add = request.status != RequestStatus.WITHDRAWN and request_allows(user, request, RequestAction.DOCUMENT)
    else:
        try:
            dispute_link = document.advice_dispute_link
        except ObjectDoesNotExist:
            return False
        dispute = dispute_link.dispute
        if not disputes_for_user(user).filter(pk=dispute.pk).exists():
            raise Http404
        council, side = dispute.council, dispute_link.side
        may_add = is_board_side(user) or council_side_allows(user, council)
    condition = _dossier_level_filter(user, council)
    if condition is not None and not Document.objects.filter(condition, pk=document.pk).exists():
        raise Http404
    if action == "manage" and not (may_add and _side_allows(user, side, council)):
        raise PermissionDenied
    return True


# ---------------------------------------------------------------------------------------------------------------
# Letters: readable by whoever may see the request, once ready.


def letter_for_user(user: AnyUser, request_uuid: UUID | str, number: int | None = None) -> Letter:
    """The newest ready letter of a request user may see (or version `number`); 404 when there is none."""
    request = request_for_user(user, request_uuid)
    letters = Letter.objects.filter(request=request, status=LetterStatus.READY)
    if number is not None:
        letters = letters.filter(number=number)
    letter = letters.order_by("-number").first()
    if letter is None:
        raise Http404
    return letter


# ---------------------------------------------------------------------------------------------------------------
# Disputes and nullity invocations follow their council: the board side sees all; the council's supporters and
# members see their council's (members read only).


def disputes_for_user(user: AnyUser) -> QuerySet[Dispute]:
    queryset = Dispute.objects.select_related("council", "request")
    if is_board_side(user):
        return queryset
    return queryset.filter(council_id__in=supported_council_ids(user) | member_council_ids(user))


def dispute_for_user(user: AnyUser, uuid: UUID | str, action: RequestAction = RequestAction.VIEW) -> Dispute:
    try:
        dispute = disputes_for_user(user).get(uuid=uuid)
    except (Dispute.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    if action != RequestAction.VIEW and not (is_board_side(user) or council_side_allows(user, dispute.council)):
        raise PermissionDenied
    return dispute


def nullity_invocations_for_user(user: AnyUser) -> QuerySet[NullityInvocation]:
    queryset = NullityInvocation.objects.select_related("council", "request", "topic")
    if is_board_side(user):
        return queryset
    return queryset.filter(council_id__in=supported_council_ids(user) | member_council_ids(user))


def nullity_invocation_for_user(
    user: AnyUser, uuid: UUID | str, action: RequestAction = RequestAction.VIEW
) -> NullityInvocation:
    """Recording the window and the invocation is the council's side (COUNCIL); the board reads."""
    try:
        invocation = nullity_invocations_for_user(user).get(uuid=uuid)
    except (NullityInvocation.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    if action != RequestAction.VIEW and not council_side_allows(user, invocation.council):
        raise PermissionDenied
    return invocation
