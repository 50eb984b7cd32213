"""Documents and their versions. The content is checked from the bytes before anything is stored.

A file is written to storage only after every check passed; if saving its row fails after that, the file is
removed again, so a refused upload leaves neither a row nor a file.
"""

import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from accounts.models import User
from councils.meetings.services._common import save_fields, save_new
from councils.models import Body, Confidentiality, Document, DocumentVersion, Meeting
from councils.models.meetings import MEETING_DOCUMENT_MAX_BYTES, MEETING_DOCUMENT_TYPES
from incluzio_mz.lib.uploads import validate_document


def _check_file(file: "File[Any] | None") -> str:
    """The file's content type from its bytes, or a ValidationError (Dutch in the UI) that says what is allowed."""
    if file is None or not file.size:
        raise ValidationError(_("Attach the document."), code="required")
    return validate_document(file, allowed=MEETING_DOCUMENT_TYPES, max_bytes=MEETING_DOCUMENT_MAX_BYTES)


def _original_name(file: "File[Any]") -> str:
    name = os.path.basename(str(file.name or "")).strip() or "document"
    return name[-255:]


def _store_version(
    *, document: Document, number: int, file: "File[Any]", content_type: str, actor: User | None, reason: str
) -> DocumentVersion:
    version = DocumentVersion(
        document=document,
        number=number,
        content_type=content_type,
        size=file.size or 0,
        original_filename=_original_name(file),
        uploaded_by=actor,
    )
    version.file.save(_original_name(file), file, save=False)  # the path comes from document_version_upload_to
    try:
        save_new(version, actor=actor, reason=reason)
    except Exception:
        version.file.delete(save=False)
        raise
    return version


@transaction.atomic
def document_create(
    *,
    body: Body,
    title: str,
    confidentiality: str,
    file: "File[Any]",
    meeting: Meeting | None = None,
    actor: User | None,
) -> Document:
    """A new document of body (optionally of one of its meetings) with its first version."""
    content_type = _check_file(file)
    document = Document(body=body, meeting=meeting, title=title.strip(), confidentiality=confidentiality)
    save_new(document, actor=actor, reason=_("Document added"))
    _store_version(
        document=document, number=1, file=file, content_type=content_type, actor=actor, reason=_("Document added")
    )
    return document


@transaction.atomic
def document_add_version(*, document: Document, file: "File[Any]", actor: User | None) -> DocumentVersion:
    """A new upload of an existing document: the next version; earlier versions stay as they are."""
    content_type = _check_file(file)
    # Lock the document so two uploads cannot take the same number.
    document = Document.objects.select_for_update().get(pk=document.pk)
    latest = document.versions.aggregate(latest=Max("number"))["latest"] or 0
    reason = _("New version %(number)s") % {"number": latest + 1}
    version = _store_version(
        document=document, number=latest + 1, file=file, content_type=content_type, actor=actor, reason=reason
    )
    save_fields(document, [], actor=actor, reason=reason)  # the document's history shows the new version too
    return version


DOCUMENT_FIELDS = ("title", "confidentiality")


@transaction.atomic
def document_update(*, document: Document, data: dict[str, Any], actor: User | None) -> Document:
    """Change a document's title or who may read it."""
    unknown = set(data) - set(DOCUMENT_FIELDS)
    if unknown:
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s."), params={"fields": ", ".join(sorted(unknown))}
        )
    if "confidentiality" in data and data["confidentiality"] not in Confidentiality.values:
        raise ValidationError({"confidentiality": _("Choose who may read the document.")}, code="invalid")
    document = Document.objects.select_for_update().get(pk=document.pk)
    changed = [field for field in DOCUMENT_FIELDS if field in data and getattr(document, field) != data[field]]
    if not changed:
        return document
    for field in changed:
        setattr(document, field, data[field])
    save_fields(document, changed, actor=actor, reason=_("Document changed"))
    return document
