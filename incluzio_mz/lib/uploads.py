"""Checking uploaded documents by their content, not their name (DESIGN.md §7; the meetings issue reuses this).

The type is read from the file's first bytes: PDF and the image formats have a signature; DOCX, XLSX and ODT are
ZIP containers, told apart by what the container holds. A file whose content matches none of the allowed types is
refused with a clear message, whatever its name says.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
PNG = "image/png"
JPEG = "image/jpeg"

LABELS = {PDF: "PDF", DOCX: "DOCX", XLSX: "XLSX", ODT: "ODT", PNG: "PNG", JPEG: "JPG"}
TEXT_DOCUMENTS = (PDF, DOCX, ODT)
# Meeting documents (councils.meetings, issue 6): papers, sheets and pictures. An .exe renamed .pdf matches none.
MEETING_DOCUMENTS = (PDF, DOCX, ODT, XLSX, PNG, JPEG)
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
# Office files are ZIP containers. Before anything in one is read, its directory is checked: a real document has
# at most a few thousand parts and unpacks to far less than this; a "zip bomb" is refused (docs/SECURITY.md).
MAX_ARCHIVE_ENTRIES = 5000
MAX_ARCHIVE_UNCOMPRESSED_BYTES = 200 * 1024 * 1024


class ArchiveTooLarge(Exception):
    pass


def _check_archive(archive: zipfile.ZipFile) -> None:
    """Check the number of entries and the total unpacked size from the directory, without unpacking anything."""
    entries = archive.infolist()
    if len(entries) > MAX_ARCHIVE_ENTRIES:
        raise ArchiveTooLarge
    if sum(entry.file_size for entry in entries) > MAX_ARCHIVE_UNCOMPRESSED_BYTES:
        raise ArchiveTooLarge


def _zip_content_type(stream: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(stream) as archive:
            _check_archive(archive)
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as part:
                    declared = part.read(100).decode("ascii", "replace").strip()
                return ODT if declared == ODT else None
            if "word/document.xml" in names:
                return DOCX
            if "xl/workbook.xml" in names:
                return XLSX
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    return None


def detect_content_type(file: File[Any]) -> str | None:
    """The content type of an uploaded file from its bytes, or None when it is none of the known types."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if head.startswith(b"PK\x03\x04"):
            return _zip_content_type(file)
        return None
    finally:
        file.seek(0)


def validate_document(
    file: File[Any], *, allowed: Iterable[str] = TEXT_DOCUMENTS, max_bytes: int = MAX_DOCUMENT_BYTES
) -> str:
    """Return the file's content type, or raise a ValidationError that says what is allowed."""
    allowed = tuple(allowed)
    if file.size is not None and file.size > max_bytes:
        raise ValidationError(
            _("The file is too large: at most %(max)s is allowed."),
            code="too_large",
            params={"max": filesizeformat(max_bytes)},
        )
    try:
        content_type = detect_content_type(file)
    except ArchiveTooLarge:
        raise ValidationError(
            _("This file unpacks to far too much data or too many parts. Save it again as a normal document."),
            code="archive",
        ) from None
    if content_type not in allowed:
        raise ValidationError(
            _("This kind of file cannot be uploaded here. Allowed are: %(types)s."),
            code="type",
            params={"types": ", ".join(LABELS[t] for t in allowed)},
        )
    return content_type
