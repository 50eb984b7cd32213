"""Documents on a request: councils.Document rows of the council, read through the meetings app's document gate.
A member never sees a board-only document (confidentiality "board_and_supporters"): not listed, not downloadable,
not even its title in the timeline."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from advice.models import DossierSide, Request, RequestDocument, RequestStatus
from advice.services.documents import request_document_add
from councils.models import Confidentiality, Document
from tests.conftest import Cast
from tests.factories import PDF_BYTES, make_advice_request

EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def _request(cast: Cast) -> Request:
    return make_advice_request(
        council=cast.council, responsible=cast.board, submitted_on=timezone.localdate() - datetime.timedelta(days=1)
    )


def _add(request: Request, title: str, confidentiality: str) -> Document:
    link = request_document_add(
        request=request,
        title=title,
        confidentiality=confidentiality,
        file=SimpleUploadedFile("stuk.pdf", PDF_BYTES, content_type="application/pdf"),
        actor=None,
    )
    return link.document


def _download(document: Document) -> str:
    return reverse("meetings:document_download", kwargs={"uuid": document.uuid, "number": 1})


def test_a_member_never_sees_a_board_only_document(cast: Cast) -> None:
    request = _request(cast)
    shared = _add(request, "Adviesaanvraag", Confidentiality.BODY)
    secret = _add(request, "Financiele onderbouwing geheim", Confidentiality.BOARD_AND_SUPPORTERS)
    detail = reverse("advice:request_detail", kwargs={"uuid": request.uuid})

    for role in ("member", "other_member"):
        page = cast.client(role).get(detail).content.decode()
        assert "Adviesaanvraag" in page
        assert "Financiele onderbouwing geheim" not in page  # not in the list, not in the timeline
        assert cast.client(role).get(_download(secret)).status_code == 404
        assert cast.client(role).get(_download(shared)).status_code == 200
    for role in ("supporter", "board"):
        page = cast.client(role).get(detail).content.decode()
        assert "Financiele onderbouwing geheim" in page
        assert cast.client(role).get(_download(secret)).status_code == 200


def test_either_side_adds_a_document_through_the_page(cast: Cast) -> None:
    request = _request(cast)
    url = reverse("advice:request_document_add", kwargs={"uuid": request.uuid})
    for role, title in (("board", "Voorstel"), ("supporter", "Bijlage van de raad")):
        client = cast.client(role)
        assert client.get(url).status_code == 200
        response = client.post(
            url,
            {
                "title": title,
                "confidentiality": Confidentiality.BODY,
                "file": SimpleUploadedFile("stuk.pdf", PDF_BYTES, content_type="application/pdf"),
            },
        )
        assert response.status_code == 302
    links = RequestDocument.objects.filter(request=request).select_related("document")
    assert sorted(link.document.title for link in links) == ["Bijlage van de raad", "Voorstel"]
    assert {link.document.body for link in links} == {cast.council}


def test_a_wrong_file_type_is_refused_on_the_form(cast: Cast) -> None:
    request = _request(cast)
    url = reverse("advice:request_document_add", kwargs={"uuid": request.uuid})
    response = cast.client("board").post(
        url,
        {
            "title": "Programma",
            "confidentiality": Confidentiality.BODY,
            "file": SimpleUploadedFile("stuk.pdf", EXE_BYTES, content_type="application/pdf"),
        },
    )
    assert response.status_code == 200
    assert not RequestDocument.objects.exists()
    assert not Document.objects.exists()


def test_members_and_outsiders_cannot_add_documents(cast: Cast) -> None:
    request = _request(cast)
    url = reverse("advice:request_document_add", kwargs={"uuid": request.uuid})
    data = {"title": "X", "confidentiality": Confidentiality.BODY}
    assert cast.client("member").post(url, data).status_code == 403
    assert cast.client("outsider").post(url, data).status_code == 404


# ---------------------------------------------------------------------------------------------------------------
# Issue 15: dossier documents go through the request's (or dispute's) gate.


def _version_url(document: Document) -> str:
    return reverse("meetings:document_add_version", kwargs={"uuid": document.uuid})


def _add_as(request: Request, actor: object, title: str, level: str = Confidentiality.BODY) -> Document:
    link = request_document_add(
        request=request,
        title=title,
        confidentiality=level,
        file=SimpleUploadedFile("stuk.pdf", PDF_BYTES, content_type="application/pdf"),
        actor=actor,  # type: ignore[arg-type]
    )
    return link.document


def test_draft_request_documents_are_the_boards_alone(cast: Cast) -> None:
    """A draft is the board's: its documents are not downloadable (404) by members, supporters or outsiders, and no
    one but the board adds a version; once the request is sent to the council, its members read them."""
    from advice.services import requests as request_services

    draft = make_advice_request(council=cast.council, responsible=cast.board)
    assert draft.status == RequestStatus.DRAFT
    document = _add_as(draft, cast.board, "Conceptvoorstel")
    for role in ("anonymous", "outsider", "member", "other_member", "supporter"):
        response = cast.client(role).get(_download(document))
        assert response.status_code in ((302,) if role == "anonymous" else (404,)), role
        if role != "anonymous":
            assert cast.client(role).get(_version_url(document)).status_code == 404, role
    for role in ("board", "administrator"):
        assert cast.client(role).get(_download(document)).status_code == 200, role
        assert cast.client(role).get(_version_url(document)).status_code == 200, role

    request_services.request_submit(request=draft, actor=cast.board)
    for role in ("member", "other_member", "supporter"):
        assert cast.client(role).get(_download(document)).status_code == 200, role


def test_a_supporter_adds_versions_only_to_the_councils_own_documents(cast: Cast) -> None:
    """Each side versions its own dossier documents: the supporter not the board's proposal (403), the board not
    the council's attachment (403); a member reads but versions nothing (403); an outsider sees nothing (404)."""
    request = _request(cast)
    proposal = _add_as(request, cast.board, "Voorstel")
    attachment = _add_as(request, cast.supporter, "Bijlage van de raad")
    assert RequestDocument.objects.get(document=proposal).side == DossierSide.BOARD
    assert RequestDocument.objects.get(document=attachment).side == DossierSide.COUNCIL
    expected = {
        "supporter": {proposal: 403, attachment: 200},
        "board": {proposal: 200, attachment: 403},
        "administrator": {proposal: 200, attachment: 200},
        "member": {proposal: 403, attachment: 403},
        "outsider": {proposal: 404, attachment: 404},
    }
    for role, statuses in expected.items():
        for document, status in statuses.items():
            assert cast.client(role).get(_version_url(document)).status_code == status, (role, document.title)
    response = cast.client("supporter").post(
        _version_url(proposal), {"file": SimpleUploadedFile("stuk.pdf", PDF_BYTES, content_type="application/pdf")}
    )
    assert response.status_code == 403
    assert proposal.versions.count() == 1
    response = cast.client("supporter").post(
        _version_url(attachment), {"file": SimpleUploadedFile("stuk.pdf", PDF_BYTES, content_type="application/pdf")}
    )
    assert response.status_code == 302
    assert attachment.versions.count() == 2


def test_request_documents_are_not_in_the_councils_meeting_lists(cast: Cast) -> None:
    """A dossier document is not offered through the body's documents (the meetings gate), only in its dossier."""
    from councils.meetings.permissions import documents_for_user

    draft = make_advice_request(council=cast.council, responsible=cast.board)
    document = _add_as(draft, cast.board, "Conceptvoorstel")
    for role in ("member", "supporter", "board", "administrator"):
        assert document not in documents_for_user(cast.user(role), cast.council), role  # type: ignore[arg-type]


def test_dispute_documents_go_through_the_disputes_gate(cast: Cast) -> None:
    from advice.models import DisputeParty, DisputeSubject
    from advice.services import disputes as dispute_services

    dispute = dispute_services.dispute_open(
        council=cast.council,
        request=None,
        subject=DisputeSubject.DISSOLUTION,
        brought_by=DisputeParty.BOARD,
        description="De raad wordt opgeheven.",
        opened_on=timezone.localdate(),
        actor=None,
    )

    def add(actor: object, title: str, level: str) -> Document:
        file = SimpleUploadedFile("stuk.pdf", PDF_BYTES, content_type="application/pdf")
        link = dispute_services.dispute_document_add(
            dispute=dispute,
            title=title,
            confidentiality=level,
            file=file,
            actor=actor,  # type: ignore[arg-type]
        )
        return link.document

    board_document = add(cast.board, "Verweerschrift", Confidentiality.BODY)
    council_document = add(cast.supporter, "Verzoekschrift", Confidentiality.BOARD_AND_SUPPORTERS)
    assert cast.client("supporter").get(_version_url(board_document)).status_code == 403
    assert cast.client("supporter").get(_version_url(council_document)).status_code == 200
    assert cast.client("board").get(_version_url(council_document)).status_code == 403
    assert cast.client("member").get(_download(board_document)).status_code == 200
    assert cast.client("member").get(_download(council_document)).status_code == 404
    assert cast.client("outsider").get(_download(board_document)).status_code == 404
    page = cast.client("member").get(reverse("advice:dispute_detail", kwargs={"uuid": dispute.uuid})).content.decode()
    assert "Verweerschrift" in page
    assert "Verzoekschrift" not in page
