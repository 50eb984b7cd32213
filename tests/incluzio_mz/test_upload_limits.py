"""Issue 15 point 10: request body limits with a Dutch page instead of a 500, and no zip bombs."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from councils.models import Confidentiality, Document
from incluzio_mz.lib import uploads
from tests.conftest import Cast
from tests.factories import PDF_BYTES, make_meeting
from tests.helpers import nl

pytestmark = pytest.mark.django_db


def test_settings_limit_request_bodies(settings) -> None:
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 2000
    assert settings.MAX_REQUEST_BODY_BYTES >= uploads.MAX_DOCUMENT_BYTES


def test_too_large_upload_is_refused_with_a_dutch_page_and_nothing_is_stored(cast: Cast, settings) -> None:
    chamber_meeting = make_meeting(body=cast.chamber, title="Jongerenraad november")
    settings.MAX_REQUEST_BODY_BYTES = 50_000
    client = cast.client("supporter")
    data = {
        "title": "Te groot",
        "confidentiality": Confidentiality.CHAMBER,
        "file": SimpleUploadedFile("groot.pdf", PDF_BYTES + b"0" * 60_000, content_type="application/pdf"),
    }
    response = client.post(reverse("meetings:document_upload", kwargs={"uuid": chamber_meeting.uuid}), data)
    assert response.status_code == 413
    assert nl("The file or form you sent is too large.") in response.text
    assert not Document.objects.exists()


def test_too_many_form_fields_give_a_dutch_400_not_a_500(client, settings) -> None:
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    data = {f"veld{number}": "x" for number in range(20)}
    response = client.post(reverse("accounts:login"), data)
    assert response.status_code == 400
    assert nl("The file or form you sent is too large.") in response.text


def _zip(entries: dict[str, bytes]) -> ContentFile[bytes]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return ContentFile(buffer.getvalue(), name="stuk.docx")


def test_office_file_that_unpacks_too_large_is_refused(monkeypatch) -> None:
    monkeypatch.setattr(uploads, "MAX_ARCHIVE_UNCOMPRESSED_BYTES", 1_000_000)
    bomb = _zip({"word/document.xml": b"0" * 2_000_000})
    assert len(bomb) < 100_000
    with pytest.raises(ValidationError) as error:
        uploads.validate_document(bomb)
    assert error.value.code == "archive"


def test_office_file_with_too_many_entries_is_refused(monkeypatch) -> None:
    monkeypatch.setattr(uploads, "MAX_ARCHIVE_ENTRIES", 50)
    many = _zip({"word/document.xml": b"<w/>"} | {f"word/media/{n}.xml": b"" for n in range(60)})
    with pytest.raises(ValidationError) as error:
        uploads.validate_document(many)
    assert error.value.code == "archive"


def test_ordinary_office_file_is_accepted() -> None:
    assert uploads.validate_document(_zip({"word/document.xml": b"<w/>"})) == uploads.DOCX
