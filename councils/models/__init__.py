"""The councils app's models, one module per part: the structure (units, bodies, representation) and the regulation.

Everything is importable from councils.models, as migrations and other apps expect.
"""

from councils.models.regulation import (
    ConsentStatus,
    DisputeCommittee,
    Regulation,
    RegulationDocument,
    RegulationDocumentKind,
    default_reminder_days,
    regulation_document_upload_to,
    validate_reminder_days,
)
from councils.models.structure import (
    Body,
    BodyConversion,
    BodyKind,
    BodyManager,
    BodyQuerySet,
    BusinessUnit,
    BusinessUnitQuerySet,
    Chamber,
    Council,
    KindManager,
    Panel,
    Representation,
    RepresentationQuerySet,
    validate_service_kinds,
)

__all__ = [
    "Body",
    "BodyConversion",
    "BodyKind",
    "BodyManager",
    "BodyQuerySet",
    "BusinessUnit",
    "BusinessUnitQuerySet",
    "Chamber",
    "ConsentStatus",
    "Council",
    "DisputeCommittee",
    "KindManager",
    "Panel",
    "Regulation",
    "RegulationDocument",
    "RegulationDocumentKind",
    "Representation",
    "RepresentationQuerySet",
    "default_reminder_days",
    "regulation_document_upload_to",
    "validate_reminder_days",
    "validate_service_kinds",
]
