"""document_create / document_add_version / document_update: content checked from the bytes, versions kept."""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import translation

from councils.meetings import services
from councils.models import Confidentiality, Document, DocumentVersion, Meeting
from tests.conftest import Cast
from tests.factories import PDF_BYTES, make_document, make_meeting

EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64


def _stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _zip(names: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in names.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_document_create_stores_the_first_version(cast: Cast, chamber_meeting: Meeting) -> None:
    document = make_document(
        body=cast.chamber, meeting=chamber_meeting, title="Agenda", name="agenda nov.pdf", actor=cast.supporter
    )
    version = document.versions.get()
    assert (version.number, version.content_type, version.size) == (1, "application/pdf", len(PDF_BYTES))
    assert version.original_filename == "agenda nov.pdf"
    assert version.uploaded_by == cast.supporter
    # A path nobody can guess: random folders, not the original name.
    stored_name = str(version.file.name)
    assert "agenda" not in stored_name
    assert stored_name.startswith("meeting-documents/")
    assert version.file.read() == PDF_BYTES
    assert document.history.get().history_user == cast.supporter


def test_an_exe_renamed_to_pdf_is_refused_and_nothing_is_stored(cast: Cast) -> None:
    with pytest.raises(ValidationError) as error:
        make_document(body=cast.chamber, content=EXE_BYTES, name="notulen.pdf")
    assert error.value.code == "type"
    assert "Allowed are: PDF, DOCX, ODT, XLSX, PNG, JPG" in error.value.messages[0]
    assert not Document.objects.exists()
    assert not DocumentVersion.objects.exists()
    assert _stored_files() == []


def test_the_refusal_is_in_dutch(cast: Cast) -> None:
    with translation.override("nl"):
        with pytest.raises(ValidationError) as error:
            make_document(body=cast.chamber, content=EXE_BYTES, name="notulen.pdf")
        assert error.value.messages[0].startswith("Dit soort bestand kun je hier niet uploaden.")
    assert not Document.objects.exists()


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "image/png"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 20, "image/jpeg"),
        (
            _zip({"word/document.xml": b"<w/>"}),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (_zip({"xl/workbook.xml": b"<x/>"}), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (_zip({"mimetype": b"application/vnd.oasis.opendocument.text"}), "application/vnd.oasis.opendocument.text"),
    ],
)
def test_document_create_accepts_the_allowed_types(cast: Cast, content: bytes, content_type: str) -> None:
    document = make_document(body=cast.chamber, content=content, name="bestand.bin")
    version = document.versions.get()
    assert version.content_type == content_type
    assert str(version.file.name).rsplit(".", 1)[1] in {"png", "jpg", "docx", "xlsx", "odt"}


def test_a_file_over_20_mb_is_refused(cast: Cast) -> None:
    big = ContentFile(PDF_BYTES + b"\x00" * (20 * 1024 * 1024), name="groot.pdf")
    with pytest.raises(ValidationError) as error:
        services.document_create(
            body=cast.chamber, title="Groot", confidentiality=Confidentiality.BODY, file=big, actor=None
        )
    assert error.value.code == "too_large"
    assert not Document.objects.exists()
    assert _stored_files() == []


def test_a_meeting_of_another_body_is_refused(cast: Cast) -> None:
    meeting = make_meeting(body=cast.other_chamber)
    with pytest.raises(ValidationError, match="same body"):
        make_document(body=cast.chamber, meeting=meeting)
    assert _stored_files() == []


def test_document_add_version_keeps_the_old_one(cast: Cast) -> None:
    document = make_document(body=cast.chamber, content=PDF_BYTES, name="v1.pdf")
    first = document.versions.get()
    newer = services.document_add_version(
        document=document, file=ContentFile(PDF_BYTES + b"% v2\n", name="v2.pdf"), actor=cast.supporter
    )
    assert newer.number == 2
    assert [v.number for v in document.versions.order_by("number")] == [1, 2]
    first.refresh_from_db()
    assert first.file.read() == PDF_BYTES
    assert first.original_filename == "v1.pdf"
    assert document.latest_version() == newer
    assert document.history.first().history_change_reason == "New version 2"
    assert len(_stored_files()) == 2


def test_document_add_version_refuses_a_wrong_type_and_stores_nothing(cast: Cast) -> None:
    document = make_document(body=cast.chamber)
    with pytest.raises(ValidationError):
        services.document_add_version(document=document, file=ContentFile(EXE_BYTES, name="x.pdf"), actor=None)
    assert document.versions.count() == 1
    assert len(_stored_files()) == 1


def test_document_update_changes_title_and_level(cast: Cast) -> None:
    document = make_document(body=cast.chamber)
    document = services.document_update(
        document=document, data={"title": "Geheim", "confidentiality": Confidentiality.CHAMBER}, actor=None
    )
    assert (document.title, document.confidentiality) == ("Geheim", Confidentiality.CHAMBER)
    with pytest.raises(ValidationError):
        services.document_update(document=document, data={"confidentiality": "everyone"}, actor=None)
    with pytest.raises(ValidationError, match="cannot be changed here"):
        services.document_update(document=document, data={"body": cast.other_chamber}, actor=None)
