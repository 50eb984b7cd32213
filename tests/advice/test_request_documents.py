"""Documents on a request: councils.Document rows of the council, read through the meetings app's document gate.
A member never sees a board-only document (confidentiality "board_and_supporters"): not listed, not downloadable,
not even its title in the timeline."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from advice.models import Request, RequestDocument
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
