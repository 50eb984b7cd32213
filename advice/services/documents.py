"""Documents in a request's dossier: councils.Document rows of the request's council (with their versions and
confidentiality, issue 6), linked to the request by a RequestDocument. Downloads go through the meetings app's
document gate (councils/meetings/permissions.py), so "board_and_supporters" is never served to a member."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import is_administrator, is_board_member
from advice.models import DossierSide, Request, RequestDocument, RequestStatus
from advice.services._common import locked_request, save_new
from councils.meetings.services.documents import document_create
from councils.models import Confidentiality


def dossier_side(user: User | None) -> str:
    """Whose document a new one in a dossier is: the board's when the board (or an administrator, or the system)
    adds it, else the council's (its supporters). Only that side adds new versions (advice/permissions.py)."""
    if user is None or is_administrator(user) or is_board_member(user):
        return DossierSide.BOARD
    return DossierSide.COUNCIL


@transaction.atomic
def request_document_add(
    *, request: Request, title: str, confidentiality: str, file: "File[Any] | None", actor: User | None
) -> RequestDocument:
    """Add a document to the request's dossier (any step before it is withdrawn); its body is the council."""
    request = locked_request(request)
    if request.status == RequestStatus.WITHDRAWN:
        raise ValidationError(_("A withdrawn request gets no new documents."), code="status")
    if confidentiality not in Confidentiality.values:
        raise ValidationError({"confidentiality": _("Choose who may read the document.")}, code="invalid")
    if not title.strip():
        raise ValidationError({"title": _("Give the document a title.")}, code="required")
    if file is None:
        raise ValidationError({"file": _("Attach the document.")}, code="required")
    document = document_create(
        body=request.council, title=title, confidentiality=confidentiality, file=file, actor=actor
    )
    link = RequestDocument(request=request, document=document, side=dossier_side(actor))
    save_new(link, actor=actor, reason=_("Document added to the request"))
    return link
