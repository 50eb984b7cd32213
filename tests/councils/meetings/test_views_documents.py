"""Document pages: upload (type from the bytes), new versions, downloads only through the gate."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from councils.models import Confidentiality, Document, DocumentVersion, Meeting
from tests.conftest import Cast
from tests.factories import PDF_BYTES, make_document, make_meeting

# The first bytes of a Windows program ("MZ" header), whatever the file is called.
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def _stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def _upload_url(meeting: Meeting) -> str:
    return reverse("meetings:document_upload", kwargs={"uuid": meeting.uuid})


def _download(document: Document, number: int = 1) -> str:
    return reverse("meetings:document_download", kwargs={"uuid": document.uuid, "number": number})


def test_supporter_uploads_a_document_to_a_meeting(cast: Cast, chamber_meeting: Meeting) -> None:
    client = cast.client("supporter")
    assert client.get(_upload_url(chamber_meeting)).status_code == 200
    data = {
        "title": "Jaarplan 2027",
        "confidentiality": Confidentiality.CHAMBER,
        "file": SimpleUploadedFile("jaarplan.pdf", PDF_BYTES, content_type="application/pdf"),
    }
    response = client.post(_upload_url(chamber_meeting), data)
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.body, document.meeting, document.confidentiality) == (
        cast.chamber,
        chamber_meeting,
        Confidentiality.CHAMBER,
    )
    version = document.versions.get()
    assert (version.original_filename, version.content_type, version.uploaded_by) == (
        "jaarplan.pdf",
        "application/pdf",
        cast.supporter,
    )
    download = cast.client("member").get(_download(document))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES  # type: ignore[attr-defined]
    assert "attachment" in download["Content-Disposition"]
    assert "jaarplan.pdf" in download["Content-Disposition"]


def test_an_exe_renamed_pdf_is_refused_in_dutch_and_nothing_is_stored(cast: Cast, chamber_meeting: Meeting) -> None:
    data = {
        "title": "Gewoon een pdf",
        "confidentiality": Confidentiality.BODY,
        "file": SimpleUploadedFile("agenda.pdf", EXE_BYTES, content_type="application/pdf"),
    }
    with translation.override("nl"):
        response = cast.client("supporter").post(_upload_url(chamber_meeting), data, headers={"Accept-Language": "nl"})
    assert response.status_code == 200
    assert "Dit soort bestand kun je hier niet uploaden" in response.content.decode()
    assert response.context["form"].errors
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()
    assert _stored_files() == []


def test_upload_with_bad_input_is_re_rendered_and_saves_nothing(cast: Cast, chamber_meeting: Meeting) -> None:
    response = cast.client("supporter").post(_upload_url(chamber_meeting), {"title": "", "confidentiality": "all"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"title", "confidentiality", "file"}
    assert not Document.objects.exists()


def test_upload_is_404_for_an_outsider_and_403_for_a_member(cast: Cast, chamber_meeting: Meeting) -> None:
    file = SimpleUploadedFile("a.pdf", PDF_BYTES, content_type="application/pdf")
    data = {"title": "x", "confidentiality": Confidentiality.BODY, "file": file}
    assert cast.client("outsider").get(_upload_url(chamber_meeting)).status_code == 404
    assert cast.client("member").post(_upload_url(chamber_meeting), data).status_code == 403
    assert cast.client("board").get(_upload_url(chamber_meeting)).status_code == 403
    assert not Document.objects.exists()


def test_a_new_version_keeps_the_older_one_downloadable(cast: Cast, chamber_meeting: Meeting) -> None:
    document = make_document(body=cast.chamber, meeting=chamber_meeting, content=PDF_BYTES + b"v1")
    url = reverse("meetings:document_add_version", kwargs={"uuid": document.uuid})
    client = cast.client("supporter")
    assert client.get(url).status_code == 200
    new = SimpleUploadedFile("versie2.pdf", PDF_BYTES + b"v2", content_type="application/pdf")
    assert client.post(url, {"file": new}).status_code == 302
    assert list(document.versions.values_list("number", flat=True)) == [1, 2]
    member = cast.client("member")
    assert b"".join(member.get(_download(document, 1)).streaming_content).endswith(b"v1")  # type: ignore[attr-defined]
    assert b"".join(member.get(_download(document, 2)).streaming_content).endswith(b"v2")  # type: ignore[attr-defined]
    assert member.get(_download(document, 3)).status_code == 404
    page = member.get(reverse("meetings:meeting_detail", kwargs={"uuid": chamber_meeting.uuid}))
    assert _download(document, 1).encode() in page.content
    assert _download(document, 2).encode() in page.content


def test_a_new_version_with_a_wrong_type_is_refused(cast: Cast, chamber_meeting: Meeting) -> None:
    document = make_document(body=cast.chamber, meeting=chamber_meeting)
    url = reverse("meetings:document_add_version", kwargs={"uuid": document.uuid})
    exe = SimpleUploadedFile("v2.pdf", EXE_BYTES, content_type="application/pdf")
    response = cast.client("supporter").post(url, {"file": exe})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert document.versions.count() == 1


def test_a_new_version_is_403_for_a_reader_and_404_for_an_outsider(cast: Cast, chamber_meeting: Meeting) -> None:
    document = make_document(body=cast.chamber, meeting=chamber_meeting)
    url = reverse("meetings:document_add_version", kwargs={"uuid": document.uuid})
    assert cast.client("member").get(url).status_code == 403
    assert cast.client("outsider").get(url).status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "outsider", "member", "board"])
def test_a_chamber_only_document_of_the_other_chamber_is_404_and_not_listed(cast: Cast, role: str) -> None:
    """lid-jongeren (cast.member, youth chamber) gets 404 for an ouderraad chamber-only document (issue 6)."""
    ouderraad = make_meeting(body=cast.other_chamber, title="Ouderraad")
    secret = make_document(
        body=cast.other_chamber, meeting=ouderraad, confidentiality=Confidentiality.CHAMBER, title="Alleen ouders"
    )
    client = cast.client(role)
    response = client.get(_download(secret))
    assert response.status_code == (302 if role == "anonymous" else 404)
    if role != "anonymous":
        assert client.get(reverse("meetings:document_add_version", kwargs={"uuid": secret.uuid})).status_code == 404
        listing = client.get(reverse("meetings:meeting_detail", kwargs={"uuid": ouderraad.uuid}))
        if listing.status_code == 200:  # the board sees the meeting, not the chamber-only document
            assert secret not in listing.context["documents"]
            assert b"Alleen ouders" not in listing.content
        else:
            assert listing.status_code == 404


def test_the_other_chambers_own_members_and_the_youth_supporter(cast: Cast) -> None:
    ouderraad = make_meeting(body=cast.other_chamber, title="Ouderraad")
    secret = make_document(
        body=cast.other_chamber, meeting=ouderraad, confidentiality=Confidentiality.CHAMBER, title="Alleen ouders"
    )
    parent = cast.client("other_member")
    assert parent.get(_download(secret)).status_code == 200
    assert parent.get(reverse("meetings:meeting_detail", kwargs={"uuid": ouderraad.uuid})).context["documents"] == [
        secret
    ]
    # The youth chamber's supporter sees the parents' meeting but not their chamber-only document.
    supporter = cast.client("supporter")
    page = supporter.get(reverse("meetings:meeting_detail", kwargs={"uuid": ouderraad.uuid}))
    assert page.status_code == 200
    assert page.context["documents"] == []
    assert supporter.get(_download(secret)).status_code == 404


def test_documents_are_never_served_from_a_media_url(cast: Cast, chamber_meeting: Meeting) -> None:
    document = make_document(body=cast.chamber, meeting=chamber_meeting)
    path = document.versions.get().file.name
    assert cast.client("administrator").get(f"/media/{path}").status_code == 404
